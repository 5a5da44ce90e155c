"""Serve anonymous readers' pages from the shared cache, before sessions, CSRF or any view run.

A hit costs a URL lookup, one read of the tag tokens and (at most) one read of the page:
no database query, no template. A miss renders as usual and stores the response when it
is the same for every reader (no cookie set, no ``Vary: Cookie``).
"""

import gzip
import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from . import store
from .policy import PER_READER_PARAMS, SITE, policy_of
from .release import code_version

STORED_STATUSES = {200, 301}
COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/atom+xml", "application/json")
# Headers that belong to one response, or that this middleware writes itself.
UNSTORED_HEADERS = {"set-cookie", "vary", "cache-control", "expires", "date", "content-length", "etag"}
STATE_HEADER = "X-Page-Cache"
logger = logging.getLogger(__name__)
MAX_ROUTES = 10_000
# Level 4 makes pages about 6 % larger than level 6 in a third less time: a miss pays for it.
GZIP_LEVEL = 4


@dataclass(frozen=True)
class Entry:
    """A stored response. Text is kept gzipped only: browsers and proxies ask for gzip, and a
    smaller entry is cheaper to store on a miss and to read on a hit; the rare reader that
    cannot take gzip gets it unpacked."""

    status: int
    headers: tuple
    content: bytes
    gzipped: bool
    etag: str
    expires_at: float

    @classmethod
    def of(cls, response, expires_at):
        body = response.content
        content_type = response.get("Content-Type", "")
        gzipped = len(body) > 512 and content_type.startswith(COMPRESSIBLE)
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
        )
        etag = hashlib.blake2b(body, digest_size=12).hexdigest()
        content = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0) if gzipped else body
        return cls(response.status_code, headers, content, gzipped, etag, expires_at)

    @property
    def body(self):
        return gzip.decompress(self.content) if self.gzipped else self.content

    def respond(self, request, state):
        """This entry as a response to ``request``: 304 when the reader has it, gzip when accepted.

        Kept lean on purpose (META rather than request.headers, one header dict): it is the
        whole cost of a hit besides the URL lookup and the cache reads.
        """
        meta = request.META
        use_gzip = self.gzipped and "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "")
        etag = f'"{self.etag}-gzip"' if use_gzip else f'"{self.etag}"'
        shared_max_age = max(
            0, min(settings.PAGE_CACHE["SHARED_MAX_AGE"], int(self.expires_at - time.time()))
        )
        headers = {
            "ETag": etag,
            "Vary": "Accept-Encoding",
            "Cache-Control": f"public, max-age=0, s-maxage={shared_max_age}, "
            f"stale-while-revalidate={settings.PAGE_CACHE['STALE_WHILE_REVALIDATE']}",
            STATE_HEADER: state,
        }
        if etag in _etags(meta.get("HTTP_IF_NONE_MATCH", "")):
            return HttpResponseNotModified(headers=headers)
        body = self.content if use_gzip else self.body
        headers.update(self.headers)
        headers["Content-Length"] = str(len(body))
        if use_gzip:
            headers["Content-Encoding"] = "gzip"
        if self.status == 301:
            return HttpResponsePermanentRedirect(headers.pop("Location"), headers=headers)
        return HttpResponse(body, status=self.status, headers=headers)


def _etags(header):
    return {tag.strip() for tag in header.split(",") if tag.strip()}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.routes = {}  # (urlconf, path) -> (policy, kwargs): URL patterns do not change at run time

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        policy, kwargs = self.route(request)
        if policy is None:
            return self.get_response(request)
        with store.request_scope() as fragment_writes:
            response = self.respond(request, policy, kwargs)
        # Fragments the render made reach the shared cache once the reader has the page, as the
        # page itself does: the first reader after an edit waits for the render and no more.
        response._resource_closers.append(fragment_writes.flush)
        return response

    def respond(self, request, policy, kwargs):
        if self.per_reader(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_store=True)
            response[STATE_HEADER] = "bypass"
            return response
        if not settings.PAGE_CACHE["ENABLED"]:
            return self.get_response(request)
        return self.serve(request, policy, kwargs)

    def serve(self, request, policy, kwargs):
        """A reader's page: from the cache, or rendered and kept for the next reader."""
        try:
            key, site_token = self.key(request, policy, kwargs)
        except DisallowedHost:
            return self.get_response(request)  # the usual 400, from the usual place
        if key is None:
            return self.get_response(request)
        entry = store.get_page(key)
        if entry is not None:
            return entry.respond(request, "hit")
        response = self.get_response(request)
        if not self.storable(response):
            return response
        entry = Entry.of(response, self.expires_at(site_token))
        answer = entry.respond(request, "miss")
        if request.method != "HEAD":  # a HEAD answer has no body to keep: the next GET stores it
            # Once the reader has the page (the server closes the response after sending it), so
            # that the first reader after an edit waits no longer than before the page cache.
            answer._resource_closers.append(lambda: self.keep(key, entry))
        return answer

    @staticmethod
    def keep(key, entry):
        try:
            store.put_page(key, entry)
        except Exception:
            # The reader has the page already; the next one renders it again.
            logger.exception("Could not store a page in the page cache")

    def route(self, request):
        """The page's policy (None: not a reader page) and its URL's keyword arguments."""
        urlconf = getattr(request, "urlconf", None)
        found = self.routes.get((urlconf, request.path_info))
        if found is None:
            try:
                match = resolve(request.path_info, urlconf)
            except Resolver404:
                found = (None, None)
            else:
                found = (policy_of(match.func), match.kwargs)
            if len(self.routes) >= MAX_ROUTES:  # a crawler's endless made-up paths: start again
                self.routes.clear()
            self.routes[(urlconf, request.path_info)] = found
        return found

    @staticmethod
    def per_reader(request):
        """Staff signed in, or a URL that shows one reader their own things (a held comment)."""
        meta = request.META
        # The raw header first: parsing cookies and the query string costs more than the lookup.
        if settings.SESSION_COOKIE_NAME in meta.get("HTTP_COOKIE", "") and (
            settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return True
        if "HTTP_AUTHORIZATION" in meta:
            return True
        return bool(meta.get("QUERY_STRING")) and any(name in request.GET for name in PER_READER_PARAMS)

    @staticmethod
    def key(request, policy, kwargs):
        """The page's address, the parameters that change it, its tags' tokens right now and the
        release of the code that renders it."""
        tags = [SITE, *(tag for tag in policy.tags_for(kwargs) if tag != SITE)]
        tokens = store.tokens(tags)
        if tokens is None:
            return None, None
        params = sorted((name, value) for name in policy.params for value in request.GET.getlist(name))
        identity = repr((code_version(), request.scheme, request.get_host(), request.path, params, tokens))
        return hashlib.blake2b(identity.encode(), digest_size=20).hexdigest(), tokens[0]

    @staticmethod
    def storable(response):
        if response.status_code not in STORED_STATUSES or response.streaming or response.cookies:
            return False
        if "cookie" in response.get("Vary", "").lower():
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    @staticmethod
    def expires_at(site_token):
        """Not past the configured lifetime, nor the next moment pages change by themselves."""
        limit = time.time() + settings.PAGE_CACHE["TIMEOUT"]
        moment = store.next_change(site_token)
        return min(limit, moment) if moment else limit

"""Keys for rendered fragments (``{% fragment %}``, templatetags/fragments.py) that go out of
date with the pages' tags; ``cached`` keeps small values (the menu's sections) the same way.

A fragment key holds the current tokens of the tags its data depends on (see ``store``), so the
bump that puts a page out of date puts its fragments out of reach too, in every process; and the
release of the code that rendered it (``release``), so a deploy finds nothing the old code kept.
"""

import hashlib
import pickle

from django.conf import settings
from django.http import HttpResponse

from . import store
from .policy import SITE, policy_of
from .release import code_version


def fragment(*tags, extra=()):
    """``(key, timeout)`` for ``{% fragment timeout name key %}``; ``timeout`` 0 (render, keep nothing)
    when fragments are off or the cache cannot say what the tokens are."""
    current = store.tokens(list(tags)) if settings.FRAGMENT_CACHE else None
    if current is None:
        return "uncached", 0
    return ":".join([*map(str, extra), code_version(), *current]), settings.FRAGMENT_CACHE_TIMEOUT


def cached(compute, *tags, extra=()):
    """``compute()``, kept while ``tags`` stay as they are: in this process's memory, and in the
    shared cache for the others. Small values only (a menu, a box's rows); computed every time when
    fragments are off."""
    return keep_value(compute, *fragment(*tags, extra=extra))


def timed_cached(compute, *tags, extra=()):
    """``cached`` for values that also change with no edit (a list's length when a scheduled
    story goes live): keyed as ``timed_fragment``."""
    return keep_value(compute, *timed_fragment(*tags, extra=extra))


def keep_value(compute, key, timeout):
    if not timeout:
        return compute()
    key = f"fragment-value:{key}"
    value = store.read_fragment(key)
    if value is None:
        value = compute()
        store.write_fragment(key, value, timeout)
    return value


def timed_fragment(*tags, extra=()):
    """``fragment(SITE, *tags)`` for parts that also change with no edit at all: a scheduled
    article goes live, a season comes out, a release window passes (pagecache.expiry). The key
    holds the next such moment too, so the first render after it finds nothing kept."""
    current = store.tokens([SITE, *tags]) if settings.FRAGMENT_CACHE else None
    if current is None:
        return "uncached", 0
    moment = store.next_change(current[0])
    return ":".join(
        [*map(str, extra), code_version(), *current, str(moment)]
    ), settings.FRAGMENT_CACHE_TIMEOUT


def cached_row(name, find, *tags, **lookup):
    """``find(**lookup)``: the one row ``lookup`` finds (None: no such row; ``core.compiled.OneRow``
    finds it with SQL compiled once), kept while ``tags`` (and the site: see ``timed_fragment``)
    stay as they are, so that a detail page whose fragments are current asks the database nothing.
    ``name`` says which rows ``find`` looks among ("live-article"; no spaces, as in any cache
    key): the key is made of it, the tags and the lookup.

    A row an edit changes, deletes, renames or unpublishes goes out of reach with the edit, in
    every process; a row that appears with no edit (a scheduled story going live) was never kept,
    since a lookup that finds nothing is asked again every time. The row is kept pickled: each
    request gets an instance of its own to prefetch onto. ``lookup`` names one row at most (a
    slug, a unique pair)."""
    key, timeout = timed_fragment(
        *tags, extra=("row", name, *(f"{field}={value}" for field, value in lookup.items()))
    )
    if not timeout:
        return find(**lookup)
    key = f"fragment-row:{key}"
    kept = store.read_fragment(key)
    if kept is not None:
        return pickle.loads(kept)
    row = find(**lookup)
    if row is not None:
        store.write_fragment(key, pickle.dumps(row, pickle.HIGHEST_PROTOCOL), timeout)
    return row


def kept_response(request, render, memory=True):
    """``render()``'s response (a feed, a sitemap page: a body and headers made from the site's
    data alone), kept whole under the page's own tags, its address (scheme, host, path and the
    parameters its policy names, as the page cache keys it) and the next moment pages change by
    themselves (``timed_fragment``): with the page cache off, or missing, a page whose data has not
    changed is rebuilt from one read, with no query. The tags are those ``readers_page`` gives the
    view, so what puts the page out of date puts this out of reach, in every process; a request
    that did not come through such a view (a test's request factory) is rendered every time.

    Only a plain 200 is kept: a 404 (a missing or unpublished article, an empty sitemap page) is
    asked again every time, as a row that finds nothing is (``cached_row``). ``memory=False`` for
    pages of which there is one per article or show (see ``store.read_fragment``)."""
    match = getattr(request, "resolver_match", None)
    policy = policy_of(match.func) if match is not None else None
    if policy is None:
        return render()
    params = sorted((name, value) for name in policy.params for value in request.GET.getlist(name))
    address = repr((request.scheme, request.get_host(), request.path, params))
    tags = [tag for tag in policy.tags_for(match.kwargs) if tag != SITE]  # timed_fragment adds it
    key, timeout = timed_fragment(
        *tags, extra=("response", hashlib.blake2b(address.encode(), digest_size=16).hexdigest())
    )
    if not timeout:
        return render()
    key = f"fragment-response:{key}"
    kept = store.read_fragment(key, memory=memory)
    if kept is not None:
        headers, content = kept
        return HttpResponse(content, headers=dict(headers))
    response = render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        store.write_fragment(key, (tuple(response.items()), response.content), timeout, memory=memory)
    return response

"""Tag tokens and stored pages, in the cache every process shares.

A token is a random string, replaced (never incremented) when its tag changes: a ``set`` is
atomic on every backend, so two processes changing things at once can never leave a token
as it was. A missing token (first use, or evicted) is created afresh, which only makes
pages miss. Page bodies are also kept in a small per-process memory: their keys hold the
tokens, so that memory can never serve a page the shared tokens have moved past.
"""

import secrets
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from . import expiry
from .policy import SITE

TOKEN_PREFIX = "pagecache:tag:"
PAGE_PREFIX = "pagecache:page:"
NEXT_CHANGE_PREFIX = "pagecache:next-change:"


def shared():
    return caches[settings.PAGE_CACHE["CACHE"]]


def new_token():
    return secrets.token_hex(8)


# The tokens one request has read, so that its page key and its fragments' keys cost one read of
# the shared cache between them (and agree on what they saw). None outside a reader's request.
_request_tokens = ContextVar("pagecache_request_tokens", default=None)


@contextmanager
def request_scope():
    """Read each tag's token at most once until the block ends (one reader's request)."""
    reset = _request_tokens.set({})
    try:
        yield
    finally:
        _request_tokens.reset(reset)


def tokens(tags):
    """The current token of each tag, in order; None when the cache cannot say (serve uncached)."""
    seen = _request_tokens.get()
    keys = [TOKEN_PREFIX + tag for tag in tags]
    wanted = keys if seen is None else [key for key in keys if key not in seen]
    found = shared().get_many(wanted) if wanted else {}
    for key in wanted:
        if key not in found:
            shared().add(key, new_token(), timeout=None)
            found[key] = shared().get(key)
        if found[key] is None:
            return None
    if seen is None:
        return [found[key] for key in keys]
    seen.update(found)
    return [seen[key] for key in keys]


def bump(*tags):
    """Pages that depend on ``tags`` are out of date, in every process.

    Now, so the very next request misses, and again when the transaction commits: a page
    rendered between the two read the data as it was before the commit, and the second
    bump puts it out of reach.
    """
    _replace_tokens(tags)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _replace_tokens(tags))


def _replace_tokens(tags):
    replaced = {tag: new_token() for tag in tags}
    if SITE in replaced:
        # Worked out here, by the one who changed the site, so that no reader's miss has to.
        _remember_next_change(replaced[SITE])
    stored = {TOKEN_PREFIX + tag: token for tag, token in replaced.items()}
    shared().set_many(stored, timeout=None)
    seen = _request_tokens.get()
    if seen is not None:
        seen.update(stored)


class _Memory:
    """A small least-recently-used store of page entries for this process."""

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > settings.PAGE_CACHE["MEMORY_ENTRIES"]:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


memory = _Memory()


def get_page(key):
    entry = memory.get(key)
    if entry is None:
        entry = shared().get(PAGE_PREFIX + key)
        if entry is not None:
            memory.put(key, entry)
    if entry is not None and entry.expires_at <= time.time():
        return None
    return entry


def put_page(key, entry):
    timeout = max(1, int(entry.expires_at - time.time()))
    shared().set(PAGE_PREFIX + key, entry, timeout=timeout)
    memory.put(key, entry)


def next_change(site_token):
    """The next moment pages change by themselves (a timestamp, or None), known once per version
    of the site: worked out when the site changes, or here when that moment has passed."""
    moment = shared().get(NEXT_CHANGE_PREFIX + site_token)
    if moment is None or (moment and moment <= time.time()):
        moment = _remember_next_change(site_token)
    return moment or None


def _remember_next_change(site_token):
    found = expiry.next_change()
    moment = found.timestamp() if found else 0
    shared().set(NEXT_CHANGE_PREFIX + site_token, moment, timeout=None)
    return moment

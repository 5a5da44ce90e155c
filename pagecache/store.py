"""Tag tokens and stored pages, in the cache every process shares.

A token is a random string, replaced (never incremented) when its tag changes: a ``set`` is
atomic on every backend, so two processes changing things at once can never leave a token
as it was. A missing token (first use, or evicted) is created afresh, which only makes
pages miss. Page bodies are also kept in a small per-process memory: their keys hold the
tokens, so that memory can never serve a page the shared tokens have moved past.
"""

import logging
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
logger = logging.getLogger(__name__)


def shared():
    return caches[settings.PAGE_CACHE["CACHE"]]


def new_token():
    return secrets.token_hex(8)


# The tokens one request has read, so that its page key and its fragments' keys cost one read of
# the shared cache between them (and agree on what they saw). None outside a reader's request.
_request_tokens = ContextVar("pagecache_request_tokens", default=None)


# Fragments a reader's request rendered or computed, written to the shared cache once the reader
# has the page (``PendingWrites.flush``), so that the first reader after an edit waits no longer
# than with no cache at all. None outside a reader's request: then writes are made at once.
_pending_writes = ContextVar("pagecache_pending_writes", default=None)


class PendingWrites(dict):
    """``key -> (value, timeout)`` for the shared cache, kept until ``flush``."""

    def flush(self):
        try:
            if self and not paused():
                # One call: on Redis one pipelined round trip for all of them when timeouts agree.
                by_timeout = {}
                for key, (value, timeout) in self.items():
                    by_timeout.setdefault(timeout, {})[key] = value
                for timeout, values in by_timeout.items():
                    shared().set_many(values, timeout)
        except Exception:
            # The reader has the page already; the next one renders these fragments again.
            logger.exception("Could not store fragments in the page cache")
        finally:
            self.clear()


@contextmanager
def request_scope():
    """Until the block ends (one reader's request): read each tag's token at most once, and keep
    fragment writes for the ``PendingWrites`` it yields, which the caller flushes (or drops)."""
    reset = _request_tokens.set({})
    writes = PendingWrites()
    reset_writes = _pending_writes.set(writes)
    try:
        yield writes
    finally:
        _pending_writes.reset(reset_writes)
        _request_tokens.reset(reset)


def read_fragment(key, memory=True):
    """A fragment's stored value (None: render it): from this process's memory, or the shared cache.

    Its key holds the tokens of the tags it depends on, so a value kept in memory can never be
    served after an edit (the edit changes the key), as with pages; on Redis this saves a round
    trip per fragment on every render after the first in each process. ``memory=False`` for
    values of which there is one per article or show: a crawler going through all of them would
    push every shared fragment (the menu, the boxes) out of the memory."""
    value = fragment_memory.get(key) if memory else None
    if value is None:
        value = _shared_get(key)
        if value is not None and memory:
            fragment_memory.put(key, value)
    return value


def write_fragment(key, value, timeout, memory=True):
    """Keep a fragment: in this process's memory now (unless ``memory`` is False: see
    ``read_fragment``), and in the shared cache after the response within a reader's request
    (else now)."""
    if memory:
        fragment_memory.put(key, value)
    writes = _pending_writes.get()
    if writes is None:
        shared().set(key, value, timeout)
    else:
        writes[key] = (value, timeout)


def tokens(tags):
    """The current token of each tag, in order; None when the cache cannot say (serve uncached)."""
    seen = _request_tokens.get()
    keys = [TOKEN_PREFIX + tag for tag in tags]
    wanted = keys if seen is None else [key for key in keys if key not in seen]
    if wanted and paused():
        return None
    try:
        found = _read_tokens(wanted) if wanted else {}
        for key in wanted:
            if key not in found:
                shared().add(key, new_token(), timeout=None)
                found[key] = shared().get(key)
            if found[key] is None:
                return None
    except Exception as error:
        unreachable(error)
        return None
    if seen is None:
        return [found[key] for key in keys]
    seen.update(found)
    return [seen[key] for key in keys]


def _read_tokens(keys):
    # On Redis, from what this process holds while Redis says it is current (core.cache.TrackedReads):
    # a page served whole then makes no round trip at all.
    cache = shared()
    read = getattr(cache, "get_many_tracked", cache.get_many)
    return read(keys)


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
    """A small least-recently-used store for this process, of as many entries as the PAGE_CACHE
    setting ``size_setting`` says."""

    def __init__(self, size_setting, default):
        self.size_setting, self.default = size_setting, default
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
            while len(self.entries) > settings.PAGE_CACHE.get(self.size_setting, self.default):
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


memory = _Memory("MEMORY_ENTRIES", 256)  # page entries
fragment_memory = _Memory("MEMORY_FRAGMENTS", 256)  # fragments and cached values


def get_page(key):
    entry = memory.get(key)
    if entry is None:
        entry = _shared_get(PAGE_PREFIX + key)
        if entry is not None:
            memory.put(key, entry)
    if entry is not None and entry.expires_at <= time.time():
        return None
    return entry


def put_page(key, entry):
    if paused():
        return  # the next reader renders it again
    timeout = max(1, int(entry.expires_at - time.time()))
    shared().set(PAGE_PREFIX + key, entry, timeout=timeout)
    memory.put(key, entry)


# (site token, moment) last read by this process: a miss need not ask the shared cache again
# until the site changes (a new token) or the moment passes.
_next_change_seen = (None, None)


def next_change(site_token):
    """The next moment pages change by themselves (a timestamp, or None), known once per version
    of the site: worked out when the site changes, or here when that moment has passed."""
    global _next_change_seen
    seen_token, moment = _next_change_seen
    if seen_token != site_token:
        moment = _shared_get(NEXT_CHANGE_PREFIX + site_token)
    if moment is None or (moment and moment <= time.time()):
        moment = _remember_next_change(site_token)
    _next_change_seen = (site_token, moment)
    return moment or None


def _remember_next_change(site_token):
    found = expiry.next_change()
    moment = found.timestamp() if found else 0
    try:
        shared().set(NEXT_CHANGE_PREFIX + site_token, moment, timeout=None)
    except Exception as error:
        # A reader's miss still has the moment; an edit's bump fails on its tokens next.
        unreachable(error)
    return moment


_last_warning = 0.0
# After a failed read, readers' requests leave the shared cache alone for this many seconds: a Redis
# that does not answer would otherwise cost each of them its timeouts (CACHE_SOCKET_TIMEOUT).
PAUSE_SECONDS = 5
_paused_until = 0.0


def unreachable(error):
    """A read of the shared cache failed (Redis down, say): pages and fragments are rendered and
    served as with no cache, and for ``PAUSE_SECONDS`` readers do not ask it again. Edits still fail
    (``bump``): a change whose pages could not be put out of date must not look done. Logged at
    most once a minute."""
    global _last_warning, _paused_until
    now = time.monotonic()
    _paused_until = now + PAUSE_SECONDS
    if now - _last_warning >= 60:
        _last_warning = now
        logger.warning("The page cache cannot read the shared cache: serving pages uncached", exc_info=error)


def paused():
    """Whether readers' requests leave the shared cache alone just now (see ``unreachable``)."""
    return time.monotonic() < _paused_until


def _shared_get(key):
    """The shared cache's value for ``key``; None (render it) while it cannot answer."""
    if paused():
        return None
    try:
        return shared().get(key)
    except Exception as error:
        unreachable(error)
        return None

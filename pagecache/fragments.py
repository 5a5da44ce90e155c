"""Keys for rendered fragments (``{% fragment %}``, templatetags/fragments.py) that go out of
date with the pages' tags; ``cached`` keeps small values (the menu's sections) the same way.

A fragment key holds the current tokens of the tags its data depends on (see ``store``), so the
bump that puts a page out of date puts its fragments out of reach too, in every process.
"""

import pickle

from django.conf import settings

from . import store
from .policy import SITE


def fragment(*tags, extra=()):
    """``(key, timeout)`` for ``{% fragment timeout name key %}``; ``timeout`` 0 (render, keep nothing)
    when fragments are off or the cache cannot say what the tokens are."""
    current = store.tokens(list(tags)) if settings.FRAGMENT_CACHE else None
    if current is None:
        return "uncached", 0
    return ":".join([*map(str, extra), *current]), settings.FRAGMENT_CACHE_TIMEOUT


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
    return ":".join([*map(str, extra), *current, str(moment)]), settings.FRAGMENT_CACHE_TIMEOUT


def cached_row(name, queryset, *tags, **lookup):
    """The row of ``queryset`` that ``lookup`` finds (None: no such row), kept while ``tags`` (and
    the site: see ``timed_fragment``) stay as they are, so that a detail page whose fragments are
    current asks the database nothing. ``name`` says which rows ``queryset`` holds
    ("live-article"; no spaces, as in any cache key): the key is made of it, the tags and the
    lookup.

    A row an edit changes, deletes, renames or unpublishes goes out of reach with the edit, in
    every process; a row that appears with no edit (a scheduled story going live) was never kept,
    since a lookup that finds nothing is asked again every time. The row is kept pickled: each
    request gets an instance of its own to prefetch onto. ``lookup`` names one row at most (a
    slug, a unique pair)."""
    key, timeout = timed_fragment(
        *tags, extra=("row", name, *(f"{field}={value}" for field, value in lookup.items()))
    )
    if not timeout:
        return one_row(queryset, lookup)
    key = f"fragment-row:{key}"
    kept = store.read_fragment(key)
    if kept is not None:
        return pickle.loads(kept)
    row = one_row(queryset, lookup)
    if row is not None:
        store.write_fragment(key, pickle.dumps(row, pickle.HIGHEST_PROTOCOL), timeout)
    return row


def one_row(queryset, lookup):
    # Unordered: ordering one row is no work for the database, but compiling the model's default
    # order (a join for a season's show title) was a third of the query's cost.
    return next(iter(queryset.filter(**lookup).order_by()[:1]), None)

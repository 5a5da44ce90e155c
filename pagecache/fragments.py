"""Keys for rendered fragments (``{% fragment %}``, templatetags/fragments.py) that go out of
date with the pages' tags; ``cached`` keeps small values (the menu's sections) the same way.

A fragment key holds the current tokens of the tags its data depends on (see ``store``), so the
bump that puts a page out of date puts its fragments out of reach too, in every process.
"""

import threading
from collections import OrderedDict

from django.conf import settings

from . import store


def fragment(*tags, extra=()):
    """``(key, timeout)`` for ``{% fragment timeout name key %}``; ``timeout`` 0 (render, keep nothing)
    when fragments are off or the cache cannot say what the tokens are."""
    current = store.tokens(list(tags)) if settings.FRAGMENT_CACHE else None
    if current is None:
        return "uncached", 0
    return ":".join([*map(str, extra), *current]), settings.FRAGMENT_CACHE_TIMEOUT


class _Memory:
    """The last few values ``cached`` returned, in this process: their keys hold the tokens, so a
    value here can never outlive an edit (an edit changes the key)."""

    def __init__(self, size=64):
        self.size, self.values, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            return self.values.get(key)

    def put(self, key, value):
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)


memory = _Memory()


def cached(compute, *tags, extra=()):
    """``compute()``, kept while ``tags`` stay as they are: in this process's memory, and in the
    shared cache for the others. Small values only (a menu, a box's rows); computed every time when
    fragments are off."""
    key, timeout = fragment(*tags, extra=extra)
    if not timeout:
        return compute()
    key = f"fragment-value:{key}"
    value = memory.get(key)
    if value is None:
        value = store.read_fragment(key)
        if value is None:
            value = compute()
            store.write_fragment(key, value, timeout)
        memory.put(key, value)
    return value

"""Keys for rendered fragments (``{% cache %}``) that go out of date with the pages' tags.

A fragment key holds the current tokens of the tags its data depends on (see ``store``), so the
bump that puts a page out of date puts its fragments out of reach too, in every process.
"""

from django.conf import settings

from . import store


def fragment(*tags, extra=()):
    """``(key, timeout)`` for ``{% cache timeout name key %}``; ``timeout`` 0 (render, keep nothing)
    when fragments are off or the cache cannot say what the tokens are."""
    current = store.tokens(list(tags)) if settings.FRAGMENT_CACHE else None
    if current is None:
        return "uncached", 0
    return ":".join([*map(str, extra), *current]), settings.FRAGMENT_CACHE_TIMEOUT

"""``path_for(name, **kwargs)``: ``reverse()``'s answer for the plain values of list pages (slugs and
ids), without its cost on every object.

``reverse()`` takes about 30 µs: it looks the pattern up, checks each candidate against every
argument and quotes the result. Home shows some forty links to stories and sections, a sitemap
page a thousand. This reverses each view once per process (for the script prefix and URL
configuration in force), with stand-in values, and fills the stand-ins' places with the real
ones. A value that a converter might write differently, or that quoting would change (anything
but letters, digits, ``-`` and ``_``), goes through ``reverse()`` itself.
"""

import re
import threading

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

PLAIN = re.compile(r"[-a-zA-Z0-9_]+\Z")
SAMPLE_INT = 987654321

_patterns = {}
_lock = threading.Lock()


def samples_for(kwargs):
    """Stand-ins of each argument's kind that no real value equals and no pattern's text contains."""
    return {
        name: SAMPLE_INT + index if isinstance(value, int) else f"zqxsample{index}zqx"
        for index, (name, value) in enumerate(kwargs.items())
    }


def url_pattern(name, kwargs):
    """The view's path as a ``str.format`` pattern with a ``{name}`` for each argument."""
    key = (name, *((key, type(value)) for key, value in kwargs.items()))
    key += (get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    pattern = _patterns.get(key)
    if pattern is None:
        samples = samples_for(kwargs)
        pattern = reverse(name, kwargs=samples).replace("{", "{{").replace("}", "}}")
        for argument, sample in samples.items():
            pattern = pattern.replace(str(sample), "{" + argument + "}", 1)
        with _lock:
            if len(_patterns) > 256:  # prefixes or URL configurations that change (tests)
                _patterns.clear()
            _patterns[key] = pattern
    return pattern


def path_for(name, **kwargs):
    """``reverse(name, kwargs=kwargs)``, the same string."""
    if not all(map(plain, kwargs.values())):
        return reverse(name, kwargs=kwargs)
    return url_pattern(name, kwargs).format(**kwargs)


def plain(value):
    return (type(value) is int and value >= 0) or (type(value) is str and PLAIN.match(value) is not None)


class Paths:
    """``path_for`` of one view for many objects within one request (a sitemap page of 1,000):
    its pattern looked up once, not once an object."""

    def __init__(self, name):
        self.name, self.pattern = name, None

    def __call__(self, **kwargs):
        if not all(map(plain, kwargs.values())):
            return reverse(self.name, kwargs=kwargs)
        if self.pattern is None:
            self.pattern = url_pattern(self.name, kwargs)
        return self.pattern.format(**kwargs)

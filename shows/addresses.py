"""The addresses of shows, seasons and people, without a ``reverse()`` for each one.

Django's ``reverse()`` took about 25 µs a call; a season page with its cast, structured data and
cards asked for dozens of these addresses. Each route is reversed once per process (and script
prefix and URL configuration) with stand-ins in place of its arguments, and the real values are
written in their place: slugs and numbers are written into a URL as they are.
"""

from django.urls import get_script_prefix, get_urlconf, reverse

# Stand-ins that the routes' converters accept and that no address holds otherwise.
STAND_INS = {"slug": "slug-stand-in-7c1f", "number": 918273645}

_patterns = {}


def address(name, **kwargs):
    """``reverse(name, kwargs=kwargs)`` for routes whose arguments are a slug and a number."""
    key = (name, get_script_prefix(), get_urlconf(), *kwargs)
    pattern = _patterns.get(key)
    if pattern is None:
        stand_ins = {argument: STAND_INS[argument] for argument in kwargs}
        pattern = reverse(name, kwargs=stand_ins).replace("{", "{{").replace("}", "}}")
        for argument, stand_in in stand_ins.items():
            pattern = pattern.replace(str(stand_in), f"{{{argument}}}")
        _patterns[key] = pattern
    return pattern.format(**kwargs)

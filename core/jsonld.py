"""schema.org JSON-LD data blocks, serialized so that page data can never end the element."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# What Django's json_script escapes: no "</script>" or "<!--" can appear inside the element.
_ESCAPES = {"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"}


def script(data):
    """A ``<script type="application/ld+json">`` element for ``data``, empty values left out."""
    text = json.dumps(prune(data), cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped(text)))


def prune(value):
    """Drop empty values so the data never states more (or less) than the page."""
    if isinstance(value, dict):
        pruned = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (prune(item) for item in value) if item not in (None, "", [], {})]
    return value


def escaped(text):
    """``text`` with each of ``_ESCAPES`` replaced: three ``str.replace`` calls, not
    ``str.translate`` (with a dict, about 60 ns a character: 90 µs for an article's data)."""
    for character, escape in _ESCAPES.items():
        text = text.replace(character, escape)
    return text

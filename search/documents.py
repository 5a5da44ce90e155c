"""The search documents of the apps searched, by kind, in the order results of equal rank are listed.

A document (see ``articles/search.py``) offers ``kind``, ``model`` (an app label), ``title_fields``,
``body_fields``, ``html_fields`` (rendered HTML: its tags and entities are not text), ``snippet_fields``
and ``public()``, the queryset results may come from.
"""

import html
import re

from django.utils.html import strip_tags

from articles.search import ArticleDocument
from shows.search import PersonDocument, ShowDocument

# Where one block of rendered HTML ends and the next begins: a heading is not the start of the
# sentence after it, so the text keeps a line break there (snippets show it as a separator).
BLOCK_END = re.compile(r"</(?:h[1-6]|p|li|blockquote|div|tr|pre|figcaption)>", re.IGNORECASE)

DOCUMENTS = {document.kind: document for document in (ArticleDocument, ShowDocument, PersonDocument)}


def document_of(obj):
    return next(document for document in DOCUMENTS.values() if document.model == obj._meta.label)


def text_for(document, obj):
    """(title, body) as indexed; ``obj`` may be a historical model instance in a migration."""

    def text(name):
        value = str(getattr(obj, name, "") or "")
        # The text readers see: no tags, no entities.
        if name not in document.html_fields:
            return value
        return html.unescape(strip_tags(BLOCK_END.sub(lambda end: end.group(0) + "\n", value)))

    titles = [text(name) for name in document.title_fields]
    bodies = [text(name) for name in document.body_fields]
    return " ".join(filter(None, titles)), "\n".join(filter(None, bodies))


def present(model, names):
    """The fields of ``names`` that ``model`` has."""
    existing = {field.name for field in model._meta.get_fields() if getattr(field, "concrete", False)}
    return [name for name in names if name in existing]

"""Article bodies: Markdown in, sanitized HTML and a table of contents out."""

import html

import markdown
import nh3
from markdown.extensions.toc import slugify

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "figcaption", "figure", "h2", "h3", "h4",
    "hr", "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def section_id(value, separator):
    # A prefix keeps body headings from taking ids the page already uses (#comments, #main).
    return f"section-{slugify(value, separator)}"


def render_markdown(text):
    """Return ``(html, toc)`` where toc is a list of ``{"id", "title", "level"}`` for h2/h3."""
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "smarty"],
        extension_configs={"toc": {"toc_depth": "2-3", "permalink": False, "slugify": section_id}},
        output_format="html",
    )
    rendered = md.convert(text or "")
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
    )
    return clean, list(_flatten(md.toc_tokens))


def _flatten(tokens):
    for token in tokens:
        if token["level"] in (2, 3):
            yield {"id": token["id"], "title": html.unescape(token["name"]), "level": token["level"]}
        yield from _flatten(token.get("children", []))

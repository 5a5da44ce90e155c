"""Article bodies: Markdown in, sanitized HTML and a table of contents out."""

import html
import re

import markdown
import nh3
from django.conf import settings
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.utils.html import format_html
from markdown.extensions.toc import slugify

from core.renditions import make_renditions, picture

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
IMG_TAG = re.compile(r"<img\b[^>]*>")
IMG_SRC = re.compile(r'\ssrc="([^"]*)"')
IMG_ALT = re.compile(r'\salt="([^"]*)"')
IMG_TITLE = re.compile(r'\stitle="([^"]*)"')
# The body column (.article__content, at most 44rem) on a desktop, the screen less its margins below.
BODY_IMAGE_SIZES = "(min-width: 768px) 44rem, calc(100vw - 24px)"


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
        attribute_filter=_filter_attribute,
    )
    return IMG_TAG.sub(_size_image, clean), list(_flatten(md.toc_tokens))


def _flatten(tokens):
    for token in tokens:
        if token["level"] in (2, 3):
            yield {"id": token["id"], "title": html.unescape(token["name"]), "level": token["level"]}
        yield from _flatten(token.get("children", []))


def media_path(src):
    """The storage name of one of our uploaded files at ``src``, or None for anything else."""
    prefix = settings.MEDIA_URL
    if not src.startswith(prefix) or "//" in src[len(prefix) :] or ".." in src or "\\" in src:
        return None
    return src[len(prefix) :]


def _filter_attribute(element, attribute, value):
    if attribute == "id":
        # Only the ids the table of contents made; a pasted <h2 id="main"> would clash with the page.
        return value if value.startswith("section-") else None
    if element == "img" and attribute == "src":
        # Body images come from our own uploads only: nothing is fetched from outside the site.
        return value if media_path(value) else None
    if element == "img" and attribute in {"width", "height", "loading"}:
        return None  # set below from the file itself
    return value


def _size_image(match):
    """Keep an image only if it is one of our files; serve it as a ``<picture>`` of its renditions
    (made here, on save, if they are missing), at its real width and height."""
    tag = match.group(0)
    src = IMG_SRC.search(tag)
    name = media_path(html.unescape(src.group(1))) if src else None
    if name is None or not default_storage.exists(name):
        return ""
    with default_storage.open(name) as file:
        width, height = get_image_dimensions(file)
    if not width or not height:
        return ""
    make_renditions(default_storage, name, width=width)
    alt = IMG_ALT.search(tag)
    markup = picture(
        default_storage,
        name,
        width,
        height,
        alt=html.unescape(alt.group(1)) if alt else "",
        sizes=BODY_IMAGE_SIZES,
    )
    if not markup:
        return f'{tag[:-1]} width="{width}" height="{height}" loading="lazy">'
    title = IMG_TITLE.search(tag)
    if title:  # the caption Markdown gave it ![alt](src "caption")
        markup = markup.replace("<img ", format_html('<img title="{}" ', html.unescape(title.group(1))), 1)
    return markup

"""Resized copies ("renditions") of every stored image, made once and served with ``srcset``.

Each image gets a copy at every width of WIDTHS below its own (never upscaled; an image narrower
than the smallest width gets one copy at its own width), in WebP and again in the image's own
format for browsers without WebP. They are made when the image is saved (``SafeImageField``
calls ``make_renditions``) and by ``manage.py make_renditions`` for files stored before, and
removed when the image is replaced or its object deleted.

A rendition's name is derived from the image's stored name and width only
(``renditions/<name>-<width>w.<ext>``), so a page builds its ``<picture>`` from the database
row it already has: no query, no file-system look-up, nothing resized while a reader waits.
"""

import functools
import io
import logging
import posixpath
import re

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

WIDTHS = (160, 320, 640, 960, 1280)
FOLDER = "renditions"
# What a rendition of each stored extension falls back to, beside WebP (the formats core.images
# keeps Pillow to), and the extension each format's renditions get.
FALLBACKS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# Smaller than the uploads' (core.images.FORMATS): these copies are for screens, not for keeping.
OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
# The width whose fallback file goes in ``src`` (for browsers that ignore srcset).
SRC_WIDTH = 640


def widths_for(width):
    """The widths of an image's renditions: WIDTHS below its own, capped at the largest."""
    if not width:
        return []
    largest = min(width, WIDTHS[-1])
    return [candidate for candidate in WIDTHS if candidate < largest] + [largest]


def formats_for(name):
    """``[(extension, Pillow format)]`` of an image's renditions, WebP first; [] if not an image."""
    fallback = FALLBACKS.get(posixpath.splitext(name)[1].lower())
    if fallback is None:
        return []
    formats = [(".webp", "WEBP")]
    if fallback != "WEBP":
        formats.append((EXTENSIONS[fallback], fallback))
    return formats


def rendition_name(name, width, extension):
    stem = posixpath.splitext(name)[0]
    return f"{FOLDER}/{stem}-{width}w{extension}"


def rendition_names(name, width):
    """Every rendition an image of this stored name and width has, once made."""
    return [
        rendition_name(name, each, extension)
        for each in widths_for(width)
        for extension, _ in formats_for(name)
    ]


def make_renditions(storage, name, *, replace=False, width=None):
    """Make the renditions of the stored image ``name`` that are missing (all, with replace).

    ``width``, the image's stored width, lets an image whose renditions all exist be passed over
    without opening it. Returns the names written. A file Pillow cannot read is logged and left
    without renditions.
    """
    formats = formats_for(name or "")
    if not name or not formats:
        return []
    if not replace and width and all(storage.exists(each) for each in rendition_names(name, width)):
        return []
    try:
        with storage.open(name) as file:
            data = file.read()
        with Image.open(io.BytesIO(data), formats=list(EXTENSIONS)) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, EOFError) as error:
        logger.warning("No renditions for %s: %s", name, error)
        return []
    image = _screen_mode(image)
    written = []
    for width in widths_for(image.width):
        targets = [
            (rendition_name(name, width, extension), image_format) for extension, image_format in formats
        ]
        if not replace:
            targets = [
                (target, image_format) for target, image_format in targets if not storage.exists(target)
            ]
        if not targets:
            continue
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for target, image_format in targets:
            encoded = io.BytesIO()
            _for_format(resized, image_format).save(encoded, format=image_format, **OPTIONS[image_format])
            if storage.exists(target):
                storage.delete(target)
            written.append(storage.save(target, ContentFile(encoded.getvalue())))
    return written


def delete_renditions(storage, name):
    """Remove every rendition of the stored image ``name``, whatever widths it was made at."""
    if not name:
        return []
    stem, _extension = posixpath.splitext(name)
    folder, base = posixpath.split(f"{FOLDER}/{stem}")
    mine = re.compile(rf"{re.escape(base)}-\d+w\.(?:webp|jpg|jpeg|png)\Z")
    try:
        _folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    deleted = [posixpath.join(folder, file) for file in files if mine.match(file)]
    for rendition in deleted:
        storage.delete(rendition)
    return deleted


def delete_renditions_on_commit(storage, name, still_used=None):
    """Remove them once the change that dropped the image is committed (a rollback keeps them),
    unless ``still_used()`` then says another row still shows the same file."""

    def delete():
        if still_used is None or not still_used():
            delete_renditions(storage, name)

    if name:
        transaction.on_commit(delete)


def picture(storage, name, width, height, *, alt="", sizes="100vw", lead=False, eager=False, css_class=""):
    """The ``<picture>`` of a stored image: WebP and fallback srcsets, the image's own size.

    Kept per process for the same arguments (and the storage's base URL): the markup is a pure
    function of them, and building it (a URL per width and format) is most of a card's cost.
    """
    return _picture(
        storage, getattr(storage, "base_url", None), name, width, height, alt, sizes, lead, eager, css_class
    )


@functools.lru_cache(maxsize=4096)
def _picture(storage, _base_url, name, width, height, alt, sizes, lead, eager, css_class):
    """The ``<picture>`` of a stored image: WebP and fallback srcsets, the image's own size.

    ``sizes`` says how wide the layout shows it; ``lead`` marks the first picture a reader sees
    (loaded at once, with high priority); ``eager`` for others above the fold (loaded at once);
    every other one loads lazily. Built from the stored
    name, width and height only. An image without a stored size (not an image we could read)
    is left out rather than served as the original file.
    """
    formats = formats_for(name or "")
    widths = widths_for(width)
    if not name or not formats or not widths or not height:
        return ""
    fixed = re.fullmatch(r"(\d+)px", sizes)
    if fixed:  # always shown this wide (a thumbnail): nothing beyond what a 3x screen needs
        enough = 3 * int(fixed.group(1))
        widths = widths[: next((i for i, each in enumerate(widths) if each >= enough), len(widths) - 1) + 1]
    srcsets = {
        extension: format_html_join(
            ", ", "{} {}w", ((storage.url(rendition_name(name, each, extension)), each) for each in widths)
        )
        for extension, _ in formats
    }
    fallback = formats[-1][0]
    src_width = max([each for each in widths if each <= SRC_WIDTH] or widths[:1])
    webp = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', srcsets[".webp"], sizes)
        if fallback != ".webp"
        else ""
    )
    if lead:
        loading = mark_safe(' loading="eager" fetchpriority="high"')
    else:
        loading = format_html(' loading="{}"', "eager" if eager else "lazy")
    return format_html(
        '<picture>{}<img{} src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async"></picture>',
        webp,
        format_html(' class="{}"', css_class) if css_class else "",
        storage.url(rendition_name(name, src_width, fallback)),
        srcsets[fallback],
        sizes,
        width,
        height,
        alt,
        loading,
    )


def _screen_mode(image):
    """RGB, or RGBA where the image has transparency: what resizing and every encoder take."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode in ("LA", "La", "PA", "RGBa") or "transparency" in image.info:
        return image.convert("RGBA")
    return image.convert("RGB")  # CMYK, YCbCr, L, 1, I, I;16, P without transparency


def _for_format(image, image_format):
    if image_format == "JPEG" and image.mode == "RGBA":
        return image.convert("RGB")
    return image


def make_all_renditions(*, replace=False):
    """Make the missing renditions of every image every model stores; ``(images, written)``.

    Reads names and widths only (no model instances), so it is quick to run again: an image
    whose renditions all exist is not even opened.
    """
    from django.apps import apps

    images = written = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ImageField):  # every one is a SafeImageField
                continue
            columns = [field.attname, field.width_field] if field.width_field else [field.attname]
            rows = model._base_manager.exclude(**{field.attname: ""}).exclude(
                **{f"{field.attname}__isnull": True}
            )
            for name, *width in rows.values_list(*columns).order_by("pk").iterator():
                images += 1
                width = width[0] if width else None
                written += len(make_renditions(field.storage, name, replace=replace, width=width))
    return images, written

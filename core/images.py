"""Uploaded images that cannot hurt: decoded by Pillow as JPEG, PNG or WebP (never trusted by
name or header), bounded in bytes and pixels, and stored re-encoded from the decoded pixels,
under a random name.

Re-encoding is what makes an upload harmless: EXIF (GPS position, camera serials), text chunks,
colour profiles, bytes after the image's end and any polyglot payload are left behind, because
only pixels are carried over (turned upright first, as the EXIF orientation said).

Pillow is restricted at import (``restrict_pillow``): only the plugins of the formats we serve
are ever loaded, so a PostScript/EPS file can never reach Ghostscript through Pillow, whatever
opens it (Django's own ImageField too), and whatever its name says.
"""

import io
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import signals
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps, JpegImagePlugin, PngImagePlugin, UnidentifiedImageError, WebPImagePlugin

from .renditions import delete_renditions_on_commit, make_renditions

# Format: (extension, content type, what Pillow's encoder is given).
FORMATS = {
    "JPEG": (".jpg", "image/jpeg", {"quality": 90, "optimize": True}),
    "PNG": (".png", "image/png", {"optimize": True}),
    "WEBP": (".webp", "image/webp", {"quality": 90, "method": 4}),
}
PLUGINS = (JpegImagePlugin, PngImagePlugin, WebPImagePlugin)
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
RULES = "JPEG, PNG or WebP, at most 20 MB and 40 megapixels."

MESSAGES = {
    "format": "This file is not a JPEG, PNG or WebP image. Export it in one of those formats, then upload it again.",
    "too_large": "This file is larger than 20 MB. Export a smaller version of the image, then upload it again.",
    "too_many_pixels": (
        "This image has %(megapixels)d megapixels; at most 40 are accepted. Resize it (8000 × 5000 is plenty), "
        "then upload it again."
    ),
    "damaged": "This image is damaged or incomplete (the upload may have been cut off). Upload it again.",
}


def restrict_pillow():
    """Keep Pillow to the plugins of FORMATS, for the whole process.

    Pillow loads every plugin it has the first time a file matches none of the common ones
    (``Image.init()``), and since Pillow 12 imports the plugin matching a file's extension before
    opening it. Both go through internals with no public switch, so this marks Pillow as already
    initialised and forgets the extension table; tests/safety/test_uploads.py checks in a fresh
    interpreter that an .eps file then loads no EPS plugin, so a Pillow upgrade that changes
    these internals fails the tests rather than silently reopening the door.
    """
    Image._initialized = 2  # init() and preinit() become no-ops: nothing more is imported
    allowed_plugins = {plugin.__name__.rsplit(".", 1)[-1] for plugin in PLUGINS}
    table = getattr(Image, "_EXTENSION_PLUGIN", None)
    if table is not None:
        for extension, plugin in list(table.items()):
            if plugin not in allowed_plugins:
                del table[extension]
    for registry in (Image.OPEN, Image.SAVE, Image.SAVE_ALL, Image.MIME):  # whatever came in before
        for name in [name for name in registry if name not in FORMATS]:
            registry.pop(name)
    Image.ID[:] = [name for name in Image.ID if name in FORMATS]
    for extension in [ext for ext, name in Image.EXTENSION.items() if name not in FORMATS]:
        del Image.EXTENSION[extension]
    # Pillow refuses images of more than twice this outright (DecompressionBombError).
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS


restrict_pillow()


def sanitize(upload):
    """The upload decoded and re-encoded, under a random name; ValidationError if it is refused."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(MESSAGES["too_large"], code="too_large")
    upload.seek(0)
    # Bytes, not the file: Pillow would pick a plugin by the file's name otherwise.
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(MESSAGES["too_large"], code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        megapixels = round(image_pixels(data) / 1_000_000)
        raise ValidationError(
            MESSAGES["too_many_pixels"], code="too_many_pixels", params={"megapixels": megapixels}
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(MESSAGES["format"], code="format") from None
    except (OSError, SyntaxError, ValueError, EOFError):  # what Pillow raises for broken data
        raise ValidationError(MESSAGES["damaged"], code="damaged") from None
    source_format = image.format
    extension, content_type, options = FORMATS[source_format]
    upright = ImageOps.exif_transpose(image)
    encoded = io.BytesIO()
    _encodable(upright, source_format).save(encoded, format=source_format, **options)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}{extension}", encoded.getvalue(), content_type=content_type)


def image_pixels(data):
    """Width × height as the header claims, read without decoding (and without the bomb check)."""
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            return image.width * image.height
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def _encodable(image, image_format):
    """The pixels in a mode the format's encoder takes, transparency kept where it can be."""
    if image_format == "JPEG":
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if image_format == "WEBP":
        return image if image.mode in ("RGB", "RGBA") else image.convert("RGBA")
    if image.mode in ("1", "L", "LA", "RGB", "RGBA", "P", "I", "I;16"):
        return image
    return image.convert("RGBA")


class SafeImageFormField(forms.ImageField):
    """A file field that hands on the sanitized image, never the uploaded bytes."""

    widget = forms.ClearableFileInput

    def to_python(self, data):
        # FileField's checks (empty, name length), not ImageField's: that one opens the file with
        # every Pillow plugin and trusts what it finds.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return sanitize(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(content_type for _, content_type, _ in FORMATS.values())
        return attrs


class SafeImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # A file written now replaces whatever renditions an earlier file of the same name had.
        self.instance.__dict__.setdefault("_fresh_images", set()).add(self.field.attname)
        super().save(name, content, save)


class SafeImageField(models.ImageField):
    """Every image field of the site: uploads go through ``sanitize`` in every form (the admin's),
    and every stored image has its renditions (core.renditions), made when it is saved and
    removed when it is replaced or its object deleted."""

    attr_class = SafeImageFieldFile

    def formfield(self, **kwargs):
        help_text = " ".join(filter(None, [str(self.help_text), RULES]))
        return super().formfield(**{"form_class": SafeImageFormField, "help_text": help_text, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_init.connect(self._remember_stored_name, sender=cls, weak=False)
            signals.post_delete.connect(self._delete_renditions, sender=cls, weak=False)

    def _remember_stored_name(self, instance, **kwargs):
        """The name the database holds, to know on save whether the image was replaced."""
        if self.attname not in instance.__dict__:
            return  # deferred: pre_save asks the database if it comes to that
        value = instance.__dict__[self.attname]
        if isinstance(value, str) or value is None:
            instance.__dict__.setdefault("_stored_images", {})[self.attname] = value or None

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)  # writes a new upload to storage
        name = file.name if file else None
        fresh = self.attname in model_instance.__dict__.get("_fresh_images", ())
        stored_names = model_instance.__dict__.setdefault("_stored_images", {})
        if self.attname in stored_names:
            stored = stored_names[self.attname]
        elif add or model_instance.pk is None:
            stored = None
        else:  # loaded without this field (.only()): ask the database, on this rare path only
            manager = type(model_instance)._base_manager
            stored = manager.filter(pk=model_instance.pk).values_list(self.attname, flat=True).first()
        if stored and stored != name:
            delete_renditions_on_commit(self.storage, stored, self._still_used(model_instance, stored))
        if name:
            width = getattr(model_instance, self.width_field) if self.width_field else None
            make_renditions(self.storage, name, replace=fresh, width=None if fresh else width)
        stored_names[self.attname] = name
        model_instance.__dict__.get("_fresh_images", set()).discard(self.attname)
        return file

    def _delete_renditions(self, instance, **kwargs):
        file = instance.__dict__.get(self.attname)
        name = getattr(file, "name", file)
        delete_renditions_on_commit(self.storage, name, self._still_used(instance, name))

    def _still_used(self, instance, name):
        """Whether another row of this model still holds ``name`` (a copied object shares its file)."""
        manager = type(instance)._base_manager
        return lambda: manager.filter(**{self.attname: name}).exists()

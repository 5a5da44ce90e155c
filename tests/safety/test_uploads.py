"""Uploads that cannot hurt: only JPEG, PNG and WebP, decoded by Pillow and stored re-encoded from
their pixels under a random name; everything else refused with a clear message (issue 11)."""

import base64
import io
import os
import re
import struct
import subprocess
import sys
import zlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve
from PIL import ExifTags, Image, PngImagePlugin

from core.images import MAX_BYTES, SafeImageField, SafeImageFormField, sanitize
from shows.models import Person
from tests.factories import PersonFactory
from tests.shows.test_admin import errors, management

# Crafted files -----------------------------------------------------------------------------------------


def encoded(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def picture(size=(40, 20)):
    """Not one colour, so that turning it shows."""
    image = Image.new("RGB", size, "#1e3a5f")
    image.paste((230, 200, 40), (0, 0, size[0] // 2, size[1] // 2))
    return image


def jpeg_with_gps_and_orientation():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to view"
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 33.0, 58.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (126.0, 58.0, 41.0)
    return encoded(picture(), "JPEG", exif=exif)


def png_header_only(width, height):
    """A PNG that claims a size in its header (what Pillow reads before decoding) and has no pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto 10 10 lineto stroke\nshowpage\n"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
HTML_TAIL = b"<html><script>fetch('/admin/')</script></html>"
# 2 × 2 red images that Pillow wrote in formats the site does not take (this process cannot: its
# Pillow no longer has those plugins).
GIF = base64.b64decode("R0lGODdhAgACAIEAAP8AAAAAAAAAAAAAACwAAAAAAgACAAAIBgABCAQQEAA7")
BMP = base64.b64decode(
    "Qk1GAAAAAAAAADYAAAAoAAAAAgAAAAIAAAABABgAAAAAABAAAADEDgAAxA4AAAAAAAAAAAAAAAD/AAD/AAAAAP8AAP8AAA=="
)
TIFF = base64.b64decode(
    "SUkqAAgAAAAKAAABBAABAAAAAgAAAAEBBAABAAAAAgAAAAIBAwADAAAAhgAAAAMBAwABAAAAAQAAAAYBAwABAAAAAgAAABEBBAABAAAAjAAA"
    "ABUBAwABAAAAAwAAABYBBAABAAAAAgAAABcBBAABAAAADAAAABwBAwABAAAAAQAAAAAAAAAIAAgACAD/AAD/AAD/AAD/AAA="
)


def upload(data, name="upload.bin", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(data, name="upload.bin"):
    with pytest.raises(ValidationError) as refused:
        sanitize(upload(data, name))
    return refused.value


# What is kept --------------------------------------------------------------------------------------------


def test_a_jpeg_is_stored_upright_without_its_exif_or_gps_position():
    original = jpeg_with_gps_and_orientation()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the crafted file has it

    stored = sanitize(upload(original, "holiday.jpg", "image/jpeg"))

    data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("JPEG", (20, 40))  # turned upright, as the EXIF said
    assert dict(image.getexif()) == {}
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data
    assert image.getpixel((15, 5))[0] > 200  # the yellow corner is now top right
    assert stored.content_type == "image/jpeg"


def test_a_png_with_an_html_document_appended_is_stored_without_it():
    original = encoded(picture(), "PNG") + HTML_TAIL
    assert Image.open(io.BytesIO(original)).size == (40, 20)  # Pillow reads it happily

    data = sanitize(upload(original, "poster.png")).read()

    assert b"<html" not in data and b"script" not in data
    assert data.endswith(b"IEND\xaeB`\x82")
    assert Image.open(io.BytesIO(data)).size == (40, 20)


def test_png_text_chunks_are_not_carried_over():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    data = sanitize(upload(encoded(picture(), "PNG", pnginfo=info))).read()
    assert b"script" not in data


def test_a_valid_png_named_pdf_is_stored_as_a_png_under_a_random_name():
    first = sanitize(upload(encoded(picture(), "PNG"), "x.pdf", "application/pdf"))
    second = sanitize(upload(encoded(picture(), "PNG"), "x.pdf", "application/pdf"))
    assert first.name.endswith(".png") and second.name.endswith(".png")
    assert first.name != second.name
    assert len(first.name) == len("0123456789abcdef0123456789abcdef.png")
    assert first.content_type == "image/png"


@pytest.mark.parametrize("mode", ["RGBA", "P", "L"])
def test_transparency_and_palettes_survive_in_png(mode):
    image = Image.new(mode, (8, 8))
    data = sanitize(upload(encoded(image, "PNG"))).read()
    assert Image.open(io.BytesIO(data)).mode == mode


def test_webp_and_cmyk_jpeg_are_accepted():
    webp = sanitize(upload(encoded(picture(), "WEBP"), "a.webp"))
    assert (webp.name[-5:], webp.content_type) == (".webp", "image/webp")
    cmyk = sanitize(upload(encoded(picture().convert("CMYK"), "JPEG")))
    assert Image.open(cmyk).mode == "RGB"


# What is refused -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (EPS, "poster.eps"),
        (EPS, "poster.png"),
        (PDF, "poster.pdf"),
        (SVG, "poster.svg"),
        (HTML, "poster.html"),
        (HTML, "poster.jpg"),
        (b"", "empty.png"),
        (GIF, "poster.gif"),
        (BMP, "poster.bmp"),
        (TIFF, "poster.tif"),
    ],
)
def test_anything_but_jpeg_png_and_webp_is_refused_whatever_its_name(data, name):
    error = refusal(data, name)
    assert error.code == "format"
    assert "not a JPEG, PNG or WebP image" in error.messages[0]


def test_a_truncated_jpeg_is_refused():
    whole = encoded(picture((400, 300)), "JPEG")
    error = refusal(whole[: len(whole) // 2], "cut.jpg")
    assert error.code == "damaged"
    assert "damaged or incomplete" in error.messages[0]


@pytest.mark.parametrize(("width", "height"), [(12000, 12000), (8000, 5125)])
def test_more_than_forty_megapixels_are_refused_before_decoding(width, height):
    error = refusal(png_header_only(width, height), "huge.png")
    assert error.code == "too_many_pixels"
    assert f"has {round(width * height / 1e6)} megapixels; at most 40" in error.messages[0]


def test_forty_megapixels_exactly_are_not_refused_for_their_size():
    error = refusal(png_header_only(8000, 5000), "big.png")  # no pixel data: refused as damaged only
    assert error.code == "damaged"


def test_more_than_twenty_megabytes_are_refused():
    data = encoded(picture(), "PNG")
    error = refusal(data + b"\0" * (MAX_BYTES + 1 - len(data)), "big.png")
    assert error.code == "too_large"
    assert "larger than 20 MB" in error.messages[0]


def test_pillow_never_loads_the_plugins_of_other_formats(tmp_path):
    """In a fresh interpreter with the site loaded, not even an .eps file (opened the way
    Django's own ImageField would, by name) or a call to Image.init() brings the EPS plugin in."""
    path = tmp_path / "poster.eps"
    path.write_bytes(EPS)
    code = f"""
import sys, django
django.setup()
from PIL import Image, UnidentifiedImageError
try:
    Image.open({str(path)!r})
except UnidentifiedImageError:
    print("refused")
Image.init()
print(sorted(Image.OPEN), "PIL.EpsImagePlugin" in sys.modules, "EPS" in Image.OPEN)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "aouad_site.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["refused", "['JPEG', 'PNG', 'WEBP'] False False"]


# Every image field, and the admin ------------------------------------------------------------------------


def image_fields():
    return [
        (model, field)
        for model in apps.get_models()
        if model._meta.app_label in {"shows", "articles", "comments"}
        and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.ImageField)
    ]


def test_every_image_field_of_the_site_sanitizes_its_uploads():
    found = image_fields()
    assert len(found) == 7
    for model, field in found:
        assert isinstance(field, SafeImageField), (model, field.name)
        form_field = field.formfield()
        assert isinstance(form_field, SafeImageFormField), (model, field.name)
        assert "JPEG, PNG or WebP, at most 20 MB and 40 megapixels." in form_field.help_text
        assert form_field.widget.attrs["accept"] == "image/jpeg,image/png,image/webp"


def person_form(person, headshot):
    return {
        "name": person.name,
        "slug": person.slug,
        "native_name": "",
        "birth_name": "",
        "aliases": "",
        "birth_date": "",
        "bio": "",
        "headshot": headshot,
        "headshot_alt": "A portrait.",
        **management("credits"),
        **management("crew_credits"),
    }


@pytest.mark.django_db
def test_the_admin_stores_a_png_named_pdf_as_a_png_served_as_an_image(admin_client):
    person = PersonFactory(name="Lomon", slug="lomon")
    data = encoded(picture(), "PNG") + HTML_TAIL
    response = admin_client.post(
        reverse("admin:shows_person_change", args=[person.pk]),
        person_form(person, upload(data, "x.pdf", "application/pdf")),
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert re.fullmatch(r"people/[0-9a-f]{32}\.png", person.headshot.name), person.headshot.name
    assert (person.headshot_width, person.headshot_height) == (40, 20)
    # Served the way /media/ is (the URL's document root is fixed when the URLconf loads, so ask
    # the view directly, at this test's media folder).
    served = serve(RequestFactory().get(person.headshot.url), person.headshot.name, settings.MEDIA_ROOT)
    assert served["Content-Type"] == "image/png"
    assert b"<html" not in b"".join(served.streaming_content)


@pytest.mark.django_db
def test_the_admin_shows_why_an_upload_is_refused_and_stores_nothing(admin_client):
    person = PersonFactory(name="Lomon", slug="lomon")
    response = admin_client.post(
        reverse("admin:shows_person_change", args=[person.pk]),
        person_form(person, upload(EPS, "poster.png")),
    )
    assert "This file is not a JPEG, PNG or WebP image." in " ".join(errors(response))
    assert not Person.objects.get(pk=person.pk).headshot

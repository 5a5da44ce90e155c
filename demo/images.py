"""Demo pictures drawn with Pillow: no photographs, no downloads, no system fonts.

Every function returns encoded bytes and is deterministic: the same arguments
always give the same bytes, so regenerated files are identical to the old ones.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

POSTER_SIZE = (600, 900)
HERO_SIZE = (1200, 675)
HEADSHOT_SIZE = (400, 400)
WHITE = (255, 255, 255)
JPEG_OPTIONS = {"format": "JPEG", "quality": 82, "optimize": True}


def poster(title, subtitle, top=(120, 12, 20), bottom=(8, 8, 12)):
    """A portrait poster: a dark vertical gradient with the title near the foot."""
    width, height = POSTER_SIZE
    image = _vertical_gradient(POSTER_SIZE, top, bottom)
    draw = ImageDraw.Draw(image)
    margin = 48
    draw.rectangle((margin, 96, margin + 72, 104), fill=WHITE)
    title_font = _font(64)
    lines = _wrap(draw, title.upper(), title_font, width - 2 * margin)
    line_height = 74
    y = height - 190 - line_height * len(lines)
    for line in lines:
        draw.text((margin, y), line, font=title_font, fill=WHITE)
        y += line_height
    draw.text((margin, y + 24), subtitle, font=_font(28), fill=(220, 200, 200))
    return _encode(image)


def hero(headline, start, end, label="aouad_site"):
    """A wide article image: a diagonal gradient between two colours and a headline."""
    width, height = HERO_SIZE
    image = _diagonal_gradient(HERO_SIZE, start, end)
    draw = ImageDraw.Draw(image)
    margin = 72
    font = _font(72)
    lines = _wrap(draw, headline, font, width - 2 * margin)
    line_height = 86
    y = (height - line_height * len(lines)) // 2
    for line in lines:
        draw.text((margin, y), line, font=font, fill=WHITE)
        y += line_height
    draw.text((margin, height - 72), label, font=_font(28), fill=WHITE)
    return _encode(image)


def headshot(name, initials):
    """A square placeholder portrait: initials on a colour that depends only on the name."""
    image = _vertical_gradient(HEADSHOT_SIZE, name_colour(name), name_colour(name, darken=0.55))
    draw = ImageDraw.Draw(image)
    centre = (HEADSHOT_SIZE[0] // 2, HEADSHOT_SIZE[1] // 2)
    draw.text(centre, initials, font=_font(150), fill=WHITE, anchor="mm")
    return _encode(image)


def logo(letter, background=(178, 7, 16)):
    """A small square placeholder logo: one white letter on a flat colour (PNG, crisp edges)."""
    size = (96, 96)
    image = Image.new("RGB", size, background)
    ImageDraw.Draw(image).text((48, 48), letter, font=_font(64), fill=WHITE, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def name_colour(name, darken=1.0):
    """A mid-tone colour picked from a stable hash of the name (not Python's salted hash())."""
    digest = hashlib.sha256(name.encode()).digest()
    return tuple(int((60 + digest[i] % 120) * darken) for i in range(3))


@dataclass(frozen=True)
class ImageSpec:
    """Which image field to fill, the stable file name to use, and how to draw it."""

    field: str
    filename: str
    render: object  # called with the model instance, returns the encoded image


def needs_image(field_file):
    """True when the field is empty or points at a file that storage no longer has."""
    return not field_file or not field_file.storage.exists(field_file.name)


def fill_image(instance, spec):
    """Draw the image and attach it under its stable name; the caller saves the instance.

    A leftover file at the target name (from an earlier database) is replaced rather
    than kept beside a new one with a random suffix, so names stay stable.
    """
    field_file = getattr(instance, spec.field)
    target = field_file.field.generate_filename(instance, spec.filename)
    if field_file.storage.exists(target):
        field_file.storage.delete(target)
    field_file.save(spec.filename, ContentFile(spec.render(instance)), save=False)
    field = field_file.field
    return [name for name in (field.name, field.width_field, field.height_field) if name]


def _font(size):
    # Pillow >= 10.1 ships a scalable default font, so no system font is needed.
    return ImageFont.load_default(size=size)


def _wrap(draw, text, font, max_width):
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _vertical_gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _diagonal_gradient(size, start, end):
    # Mostly left-to-right with a little top-to-bottom, so the colours run on a slant.
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    mask = Image.blend(across, down, 0.35)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _encode(image):
    buffer = io.BytesIO()
    image.save(buffer, **JPEG_OPTIONS)
    return buffer.getvalue()

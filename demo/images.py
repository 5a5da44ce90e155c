"""Demo pictures drawn with Pillow as editorial illustrations: no photographs, no downloads.

Posters, article stills and portraits are composed scenes (a school at night, a corridor, a
rooftop, silhouettes), set in DejaVu Sans Condensed Bold and DejaVu Serif Italic, which ship in
demo/fonts/ with their licence so that the result never depends on the fonts a machine has.

Every function returns encoded bytes and is deterministic: the same arguments always give the
same bytes (randomness comes from a generator seeded with the arguments), so regenerated files
are identical to the old ones.
"""

import hashlib
import io
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

POSTER_SIZE = (600, 900)
HERO_SIZE = (1200, 675)
HEADSHOT_SIZE = (400, 500)
WHITE = (255, 255, 255)
INK = (12, 12, 16)
# Progressive, and grain kept fine: the pictures stay light enough for a phone on a slow network.
JPEG_OPTIONS = {"format": "JPEG", "quality": 78, "optimize": True, "progressive": True}
FONTS = Path(__file__).resolve().parent / "fonts"
DISPLAY_FONT = FONTS / "DejaVuSansCondensed-Bold.ttf"
SERIF_FONT = FONTS / "DejaVuSerif-Italic.ttf"


# Posters ---------------------------------------------------------------------------------------------


def poster(title, subtitle, top=(120, 12, 20), bottom=(8, 8, 12), kicker=""):
    """A portrait poster: a school on a hill at night under a low moon, a crowd of the dead in the
    foreground, the title set large at the top. ``top`` tints the sky at the horizon."""
    width, height = POSTER_SIZE
    rng = _rng("poster", title, subtitle, top)
    sky = _gradient(
        POSTER_SIZE, [(0.0, (6, 7, 12)), (0.45, _mix(bottom, top, 0.35)), (0.72, top), (1.0, INK)]
    )
    _glow(sky, (width * 0.68, height * 0.47), 120, (255, 226, 190), 0.9)
    _school(sky, rng, base=int(height * 0.74), left=-20, right=width + 20, storey=46, lit=(255, 214, 120))
    _horde(sky, rng, ground=height, count=16, scale=1.6, colour=INK)
    _haze(sky, int(height * 0.74), top)
    _title_block(sky, title, subtitle, kicker)
    return _encode(_finish(sky, rng))


def _title_block(image, title, subtitle, kicker):
    draw = ImageDraw.Draw(image)
    width, _height = image.size
    margin = 44
    y = 48
    if kicker:
        small = _font(DISPLAY_FONT, 30)
        draw.text((margin, y), kicker.upper(), font=small, fill=(255, 120, 120))
        y += 44
    size = 108
    font = _font(DISPLAY_FONT, size)
    lines = _wrap(draw, title.upper(), font, width - 2 * margin)
    # A short title ("Season 2") stays on one line; a long one takes up to three.
    most = 1 if len(title.split()) <= 2 else 3
    while len(lines) > most or any(draw.textlength(line, font=font) > width - 2 * margin for line in lines):
        size -= 6
        font = _font(DISPLAY_FONT, size)
        lines = _wrap(draw, title.upper(), font, width - 2 * margin)
    for line in lines:
        draw.text((margin + 3, y + 4), line, font=font, fill=(120, 8, 16))
        draw.text((margin, y), line, font=font, fill=WHITE)
        y += int(size * 0.98)
    draw.rectangle((margin, y + 14, margin + 90, y + 20), fill=(200, 20, 32))
    if subtitle:
        draw.text((margin, y + 34), subtitle, font=_font(SERIF_FONT, 32), fill=(236, 226, 214))


# Stills for articles and backdrops -------------------------------------------------------------------


def hero(headline, start, end, label="", scene=None):
    """A wide still for an article or a show's backdrop: one of a few scenes, lit in the colours
    ``start`` and ``end``. ``headline`` only seeds the composition: the picture carries no words,
    since the page sets the headline beside it. ``label`` is kept for callers that passed one."""
    rng = _rng("hero", headline, start, end, scene)
    scene = scene or SCENES[int(hashlib.sha256(headline.encode()).hexdigest(), 16) % len(SCENES)]
    image = DRAW_SCENE[scene](rng, start, end)
    return _encode(_finish(image, rng))


def _scene_school(rng, start, end):
    width, height = HERO_SIZE
    image = _gradient(
        HERO_SIZE, [(0.0, (5, 6, 10)), (0.55, _mix(end, start, 0.4)), (0.78, start), (1.0, INK)]
    )
    _glow(image, (width * 0.22, height * 0.32), 90, (255, 232, 200), 0.85)
    _school(
        image,
        rng,
        base=int(height * 0.8),
        left=width * 0.28,
        right=width * 0.98,
        storey=52,
        lit=(255, 210, 110),
    )
    _horde(image, rng, ground=height, count=26, scale=1.25, colour=INK)
    _haze(image, int(height * 0.8), start)
    return image


def _scene_corridor(rng, start, end):
    """A school corridor in one-point perspective, an emergency light at its end, someone standing there."""
    width, height = HERO_SIZE
    image = Image.new("RGB", HERO_SIZE, INK)
    draw = ImageDraw.Draw(image)
    vx, vy = width * 0.55, height * 0.48
    far = (vx - 90, vy - 70, vx + 90, vy + 70)
    wall = _mix(end, (30, 32, 38), 0.6)
    draw.polygon([(0, 0), (far[0], far[1]), (far[0], far[3]), (0, height)], fill=_shade(wall, 0.8))
    draw.polygon([(width, 0), (far[2], far[1]), (far[2], far[3]), (width, height)], fill=_shade(wall, 0.55))
    draw.polygon([(0, 0), (width, 0), (far[2], far[1]), (far[0], far[1])], fill=_shade(wall, 0.35))
    draw.polygon([(0, height), (width, height), (far[2], far[3]), (far[0], far[3])], fill=_shade(wall, 0.45))
    draw.rectangle(far, fill=start)
    # Lockers on the left wall and ceiling lights, every other one out.
    for step in range(1, 12):
        t = 1 - 0.82**step
        x = t * far[0]
        top, bottom = t * far[1], height - t * (height - far[3])
        draw.line(
            (x, top + (bottom - top) * 0.35, x, bottom - (bottom - top) * 0.08),
            fill=_shade(wall, 0.5),
            width=2,
        )
        if step % 2:
            cx = x + (width - 2 * x) * 0.5
            lamp = (cx - 60 * (1 - t), top + 6, cx + 60 * (1 - t), top + 6 + 10 * (1 - t))
            draw.rectangle(lamp, fill=(230, 236, 220))
    _glow(image, (vx, vy), 150, start, 0.8)
    _figure(ImageDraw.Draw(image), vx + 10, far[3], 95, INK, rng, lurching=True)
    _vignette_streak(image, start)
    return image


def _scene_rooftop(rng, start, end):
    """Students on a school roof at dusk, the city burning behind them."""
    width, height = HERO_SIZE
    image = _gradient(HERO_SIZE, [(0.0, _shade(end, 0.35)), (0.5, end), (0.72, start), (1.0, INK)])
    _glow(image, (width * 0.7, height * 0.62), 160, (255, 190, 120), 0.7)
    draw = ImageDraw.Draw(image)
    x = -10
    while x < width:  # the skyline
        w, h = rng.randint(40, 110), rng.randint(60, 230)
        draw.rectangle((x, height * 0.7 - h, x + w, height), fill=_shade(start, 0.25))
        x += w + rng.randint(0, 12)
    smoke = Image.new("L", HERO_SIZE, 0)
    puffs = ImageDraw.Draw(smoke)
    for _ in range(3):  # smoke rising from the city, drifting right
        sx = rng.randint(100, width - 100)
        for k in range(14):
            r = 18 + k * 7
            puffs.ellipse(
                (sx + k * 9 - r, height * 0.6 - k * 26 - r, sx + k * 9 + r, height * 0.6 - k * 26 + r),
                fill=110,
            )
    image.paste(_shade(end, 0.3), (0, 0), smoke.filter(ImageFilter.GaussianBlur(16)))
    draw = ImageDraw.Draw(image)
    roof = int(height * 0.8)
    draw.rectangle((0, roof, width, height), fill=INK)
    for post in range(0, width, 38):
        draw.line((post, roof - 46, post, roof), fill=INK, width=4)
    draw.line((0, roof - 46, width, roof - 46), fill=INK, width=6)
    for index in range(5):
        _figure(draw, 330 + index * 120 + rng.randint(-20, 20), roof, rng.randint(150, 185), INK, rng)
    return image


def _scene_screen(rng, start, end):
    """A dark room, a screen glowing with a play sign, a viewer on a sofa seen from behind."""
    width, height = HERO_SIZE
    image = _gradient(HERO_SIZE, [(0.0, (8, 9, 12)), (1.0, _shade(end, 0.35))])
    _glow(image, (width * 0.5, height * 0.4), 300, start, 0.55)
    draw = ImageDraw.Draw(image)
    screen = (width * 0.27, height * 0.14, width * 0.73, height * 0.6)
    draw.rounded_rectangle(
        screen, radius=10, fill=_mix(start, (255, 255, 255), 0.15), outline=(20, 20, 24), width=14
    )
    cx, cy = (screen[0] + screen[2]) / 2, (screen[1] + screen[3]) / 2
    draw.ellipse((cx - 62, cy - 62, cx + 62, cy + 62), outline=WHITE, width=8)
    draw.polygon([(cx - 20, cy - 32), (cx - 20, cy + 32), (cx + 34, cy)], fill=WHITE)
    draw.rectangle((screen[0] + 30, screen[3] - 34, screen[2] - 30, screen[3] - 28), fill=(90, 90, 96))
    draw.rectangle(
        (screen[0] + 30, screen[3] - 34, screen[0] + 30 + (screen[2] - screen[0]) * 0.38, screen[3] - 28),
        fill=(220, 30, 40),
    )
    # Sofa and viewer.
    draw.rounded_rectangle((width * 0.12, height * 0.78, width * 0.88, height + 40), radius=40, fill=INK)
    draw.rounded_rectangle(
        (width * 0.1, height * 0.7, width * 0.9, height * 0.84), radius=30, fill=(18, 18, 22)
    )
    _bust(draw, width * 0.5, height * 0.74, 120, INK)
    return image


def _scene_lineup(rng, start, end):
    """Five figures in a row, lit from behind: a cast line-up."""
    width, height = HERO_SIZE
    image = _gradient(HERO_SIZE, [(0.0, _shade(start, 0.25)), (0.6, start), (1.0, _shade(end, 0.4))])
    for index in range(5):
        _glow(image, (120 + index * 240, height * 0.35), 130, _mix(start, (255, 240, 210), 0.5), 0.45)
    draw = ImageDraw.Draw(image)
    for index in range(5):
        cx = 120 + index * 240
        _bust(draw, cx, height + 60, 400 + rng.randint(-30, 30), INK, hair=rng.randint(0, 2))
    draw.rectangle((0, height - 26, width, height), fill=INK)
    return image


SCENES = ["school", "corridor", "rooftop", "screen", "lineup"]
DRAW_SCENE = {
    "school": _scene_school,
    "corridor": _scene_corridor,
    "rooftop": _scene_rooftop,
    "screen": _scene_screen,
    "lineup": _scene_lineup,
}


# Portraits -----------------------------------------------------------------------------------------


def headshot(name, initials):
    """A portrait placeholder: a head-and-shoulders silhouette, rim-lit, over the person's initials
    set large and faint, on colours that depend only on the name. Never a likeness."""
    rng = _rng("headshot", name)
    width, height = HEADSHOT_SIZE
    light, dark = name_colour(name), name_colour(name, darken=0.35)
    image = _gradient(HEADSHOT_SIZE, [(0.0, light), (1.0, dark)])
    letters = Image.new("L", HEADSHOT_SIZE, 0)
    ImageDraw.Draw(letters).text(
        (width / 2, height * 0.42), initials, font=_font(DISPLAY_FONT, 250), fill=70, anchor="mm"
    )
    image.paste(_mix(light, WHITE, 0.35), (0, 0), letters)
    _glow(image, (width * 0.62, height * 0.38), 170, _mix(light, WHITE, 0.5), 0.6)
    rim = Image.new("L", HEADSHOT_SIZE, 0)
    body = Image.new("L", HEADSHOT_SIZE, 0)
    hair = rng.randint(0, 2)
    _bust(ImageDraw.Draw(rim), width / 2 + 7, height + 20, 330, 255, hair=hair)
    _bust(ImageDraw.Draw(body), width / 2, height + 20, 330, 255, hair=hair)
    image.paste(_mix(light, WHITE, 0.75), (0, 0), rim)
    image.paste(_shade(dark, 0.55), (0, 0), body)
    return _encode(_finish(image, rng, grain=5))


def logo(letter, background=(178, 7, 16)):
    """A small square placeholder logo: one white letter on a flat colour (PNG, crisp edges)."""
    size = (96, 96)
    image = Image.new("RGB", size, background)
    ImageDraw.Draw(image).text((48, 48), letter, font=_font(DISPLAY_FONT, 64), fill=WHITE, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def name_colour(name, darken=1.0):
    """A mid-tone colour picked from a stable hash of the name (not Python's salted hash())."""
    digest = hashlib.sha256(name.encode()).digest()
    return tuple(int((60 + digest[i] % 120) * darken) for i in range(3))


# The drawings' edition, part of every demo image's file name. Raise it whenever the drawings
# change: `load_demo` on an install made before then draws its pictures again (their names carry
# an earlier edition, or none) instead of keeping the old ones in front of readers. Images an
# editor uploaded have names of their own and are never touched.
DRAWINGS_EDITION = 3


@dataclass(frozen=True)
class ImageSpec:
    """Which image field to fill, the drawing's stable name ("poster.jpg"), and how to draw it."""

    field: str
    name: str
    render: object  # called with the model instance, returns the encoded image

    @property
    def filename(self):
        """The name with the edition: "poster-e3.jpg"."""
        stem, ext = os.path.splitext(self.name)
        return f"{stem}-e{DRAWINGS_EDITION}{ext}"

    def is_drawn_by(self, name):
        """True when the stored file ``name`` is this drawing, of any edition (or of none)."""
        stem, ext = os.path.splitext(self.name)
        return re.fullmatch(rf"{re.escape(stem)}(-e\d+)?{re.escape(ext)}", os.path.basename(name)) is not None


def needs_image(instance, spec):
    """True when the field is empty, points at a file storage no longer has, or holds this drawing
    of an earlier edition."""
    field_file = getattr(instance, spec.field)
    if not field_file or not field_file.storage.exists(field_file.name):
        return True
    return spec.is_drawn_by(field_file.name) and field_file.name != _target(instance, spec)


def _target(instance, spec):
    field_file = getattr(instance, spec.field)
    return field_file.field.generate_filename(instance, spec.filename)


def _delete_on_commit(instance, field, name):
    """Remove the file ``name`` once the new drawing is saved, unless another row still uses it."""
    storage = getattr(instance, field).storage
    others = type(instance)._base_manager.exclude(pk=instance.pk).filter(**{field: name})

    def delete():
        if not others.exists() and storage.exists(name):
            storage.delete(name)

    transaction.on_commit(delete)


def fill_image(instance, spec):
    """Draw the image and attach it under its stable name; the caller saves the instance.

    A leftover file at the target name (from an earlier database) is replaced rather
    than kept beside a new one with a random suffix, so names stay stable; the file of an
    earlier edition is removed (its renditions go with it when the row is saved).
    """
    field_file = getattr(instance, spec.field)
    earlier = field_file.name if field_file and spec.is_drawn_by(field_file.name) else None
    target = _target(instance, spec)
    if field_file.storage.exists(target):
        field_file.storage.delete(target)
    field_file.save(spec.filename, ContentFile(spec.render(instance)), save=False)
    if earlier and earlier != field_file.name:
        _delete_on_commit(instance, spec.field, earlier)
    field = field_file.field
    return [name for name in (field.name, field.width_field, field.height_field) if name]


# Drawing helpers -----------------------------------------------------------------------------------


def _school(image, rng, *, base, left, right, storey, lit):
    """A school's silhouette standing on ``base``: three storeys, a clock tower, a few lit windows."""
    draw = ImageDraw.Draw(image)
    left, right = int(left), int(right)
    top = base - storey * 3
    draw.rectangle((left, top, right, base), fill=(16, 16, 20))
    tower = left + (right - left) * 0.58
    draw.rectangle((tower - 34, top - 90, tower + 34, top), fill=(16, 16, 20))
    draw.polygon([(tower - 44, top - 90), (tower, top - 140), (tower + 44, top - 90)], fill=(16, 16, 20))
    draw.ellipse((tower - 18, top - 74, tower + 18, top - 38), fill=_mix(lit, (40, 40, 40), 0.4))
    for floor in range(3):
        y = top + floor * storey + storey * 0.28
        x = left + 16
        while x < right - 30:
            colour = lit if rng.random() < 0.22 else (34, 36, 44)
            if rng.random() < 0.06:
                colour = (200, 30, 36)
            draw.rectangle((x, y, x + 22, y + storey * 0.42), fill=colour)
            x += 36
    for _ in range(rng.randint(3, 5)):  # people on the roof
        _figure(draw, rng.randint(left + 40, right - 40), top, rng.randint(26, 34), (16, 16, 20), rng)


def _horde(image, rng, *, ground, count, scale, colour):
    """The dead coming forward: silhouettes of different heights, arms reaching, in two rows."""
    draw = ImageDraw.Draw(image)
    width = image.size[0]
    for row, (row_scale, shade) in enumerate(((0.75, 0.6), (1.0, 1.0))):
        for _ in range(count // 2 + row * 3):
            x = rng.uniform(-30, width + 30)
            height = rng.uniform(110, 170) * scale * row_scale
            tint = tuple(int(c + (40 - c) * (1 - shade)) for c in colour)
            _figure(draw, x, ground + 10, height, tint, rng, lurching=True)


def _figure(draw, x, ground, height, colour, rng, lurching=False):
    """A standing person: head, body, legs; ``lurching`` tilts them and raises an arm forward."""
    head = height * 0.13
    lean = rng.uniform(-0.18, 0.18) * height if lurching else 0
    neck = (x + lean, ground - height + head * 2)
    draw.ellipse((neck[0] - head, neck[1] - head * 2, neck[0] + head, neck[1]), fill=colour)
    shoulder = height * 0.16
    hip = (x + lean * 0.3, ground - height * 0.45)
    draw.polygon(
        [
            (neck[0] - shoulder, neck[1] + 4),
            (neck[0] + shoulder, neck[1] + 4),
            (hip[0] + shoulder * 0.7, hip[1]),
            (hip[0] - shoulder * 0.7, hip[1]),
        ],
        fill=colour,
    )
    limb = max(3, int(height * 0.07))
    draw.line((hip[0] - shoulder * 0.4, hip[1], x - shoulder * 0.6, ground), fill=colour, width=limb)
    draw.line((hip[0] + shoulder * 0.4, hip[1], x + shoulder * 0.6, ground), fill=colour, width=limb)
    reach = height * (0.42 if lurching else 0.32)
    for side in (-1, 1):
        up = rng.uniform(0.0, 0.25) if lurching else 0
        end = (
            neck[0] + side * shoulder + (reach * 0.8 if lurching and side > 0 else side * 4),
            neck[1] + reach * (0.9 - up * 3 if lurching and side > 0 else 1),
        )
        draw.line(
            (neck[0] + side * shoulder * 0.9, neck[1] + 6, *end), fill=colour, width=max(3, int(limb * 0.8))
        )


def _bust(draw, cx, base, size, colour, hair=0):
    """Head and shoulders, ``size`` tall, standing on ``base`` (below the picture for a portrait)."""
    head_w, head_h = size * 0.36, size * 0.46
    head_top = base - size * 1.05
    draw.ellipse((cx - size * 0.6, base - size * 0.42, cx + size * 0.6, base + size * 0.5), fill=colour)
    draw.rectangle(
        (cx - size * 0.1, head_top + head_h * 0.8, cx + size * 0.1, base - size * 0.3), fill=colour
    )
    draw.ellipse((cx - head_w / 2, head_top, cx + head_w / 2, head_top + head_h), fill=colour)
    if hair == 1:  # longer hair to the shoulders
        draw.rounded_rectangle(
            (cx - head_w * 0.62, head_top - size * 0.03, cx + head_w * 0.62, base - size * 0.36),
            radius=size * 0.15,
            fill=colour,
        )
    elif hair == 2:  # a fringe and volume on top
        draw.ellipse(
            (cx - head_w * 0.6, head_top - size * 0.06, cx + head_w * 0.6, head_top + head_h * 0.55),
            fill=colour,
        )


def _glow(image, centre, radius, colour, strength):
    """A soft light: a blurred disc added over the picture."""
    layer = Image.new("RGB", image.size, (0, 0, 0))
    x, y = centre
    ImageDraw.Draw(layer).ellipse(
        (x - radius, y - radius, x + radius, y + radius), fill=tuple(int(c * strength) for c in colour)
    )
    layer = layer.filter(ImageFilter.GaussianBlur(radius * 0.45))
    image.paste(ImageChops.screen(image, layer))


def _haze(image, y, colour):
    """A band of coloured mist along the ground line."""
    width, height = image.size
    layer = Image.new("RGB", image.size, (0, 0, 0))
    ImageDraw.Draw(layer).rectangle((0, y - 30, width, y + 30), fill=_shade(colour, 0.7))
    image.paste(ImageChops.screen(image, layer.filter(ImageFilter.GaussianBlur(28))))


def _vignette_streak(image, colour):
    layer = Image.new("RGB", image.size, (0, 0, 0))
    width, height = image.size
    ImageDraw.Draw(layer).rectangle((0, height * 0.46, width, height * 0.5), fill=_shade(colour, 0.35))
    image.paste(ImageChops.screen(image, layer.filter(ImageFilter.GaussianBlur(40))))


def _finish(image, rng, grain=6):
    """Film grain from the seeded generator, then a vignette."""
    width, height = image.size
    noise = Image.frombytes("L", (width // 2, height // 2), rng.randbytes((width // 2) * (height // 2)))
    noise = noise.resize(image.size).point(lambda v: 128 + (v - 128) * grain // 128)
    image = ImageChops.overlay(image, Image.merge("RGB", (noise, noise, noise)))
    mask = Image.radial_gradient("L").resize(image.size).point(lambda v: min(255, max(0, (v - 120) * 2)))
    return Image.composite(Image.new("RGB", image.size, (0, 0, 0)), image, mask.point(lambda v: v * 2 // 3))


def _gradient(size, stops):
    """A vertical gradient through ``stops``: [(position 0–1, colour)]."""
    width, height = size
    column = Image.new("RGB", (1, height))
    pixels = column.load()
    for y in range(height):
        t = y / max(1, height - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
            if p0 <= t <= p1:
                pixels[0, y] = _mix(c0, c1, (t - p0) / max(1e-9, p1 - p0))
                break
    return column.resize(size)


def _mix(first, second, amount):
    return tuple(int(a + (b - a) * amount) for a, b in zip(first, second, strict=True))


def _shade(colour, amount):
    return tuple(int(c * amount) for c in colour)


def _rng(*parts):
    return random.Random(hashlib.sha256(repr(parts).encode()).hexdigest())


def _font(path, size):
    return ImageFont.truetype(str(path), size)


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


def _encode(image):
    buffer = io.BytesIO()
    image.save(buffer, **JPEG_OPTIONS)
    return buffer.getvalue()

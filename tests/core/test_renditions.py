"""Renditions (core/renditions.py): resized WebP and fallback copies of every stored image, made
once on save or by `manage.py make_renditions`, removed with their image, and served by one
`{% picture %}` tag that derives every URL from the stored name and size alone."""

import io
import re
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from PIL import Image

from core.renditions import FOLDER, make_renditions, picture, rendition_names, widths_for
from tests.factories import ArticleFactory, ShowFactory
from tests.pages import public_urls

pytestmark = pytest.mark.django_db


def upload(name, size, mode="RGB", image_format="JPEG", colour="#b22222"):
    buffer = io.BytesIO()
    colour = (178, 34, 34, 128) if mode == "RGBA" else colour
    Image.new(mode, size, colour).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def renditions_on_disk():
    """{name: (size, modification time)} of every rendition in storage."""
    found = {}
    root = default_storage.path(FOLDER)

    def walk(folder):
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        for file in files:
            name = f"{folder}/{file}"
            found[name] = (default_storage.size(name), default_storage.get_modified_time(name))
        for sub in folders:
            walk(f"{folder}/{sub}")

    assert root
    walk(FOLDER)
    return found


def opened(name):
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
        return image


def test_a_saved_image_gets_webp_and_its_own_format_at_each_width_never_upscaled():
    show = ShowFactory(poster=upload("poster.jpg", (1500, 1000)))
    name = show.poster.name
    made = sorted(renditions_on_disk())
    assert made == sorted(rendition_names(name, 1500))
    assert widths_for(1500) == [160, 320, 640, 960, 1280]
    for width in (160, 320, 640, 960, 1280):
        height = round(1000 * width / 1500)
        webp = opened(re.sub(r"\.jpg$", f"-{width}w.webp", f"{FOLDER}/{name}"))
        jpeg = opened(re.sub(r"\.jpg$", f"-{width}w.jpg", f"{FOLDER}/{name}"))
        assert (webp.format, webp.size) == ("WEBP", (width, height))
        assert (jpeg.format, jpeg.size) == ("JPEG", (width, height))


def test_an_image_narrower_than_the_largest_width_stops_at_its_own_width():
    show = ShowFactory(poster=upload("poster.jpg", (600, 900)))
    widths = sorted({int(re.search(r"-(\d+)w\.", name).group(1)) for name in renditions_on_disk()})
    assert widths == [160, 320, 600]
    assert opened(f"{FOLDER}/{show.poster.name[:-4]}-600w.jpg").size == (600, 900)


def test_a_tiny_image_gets_one_rendition_at_its_own_size():
    show = ShowFactory(poster=upload("tiny.png", (50, 40), image_format="PNG"))
    assert sorted(renditions_on_disk()) == sorted(
        [f"{FOLDER}/{show.poster.name[:-4]}-50w.webp", f"{FOLDER}/{show.poster.name[:-4]}-50w.png"]
    )


def test_a_png_with_alpha_keeps_its_transparency_in_both_formats():
    show = ShowFactory(poster=upload("alpha.png", (700, 400), mode="RGBA", image_format="PNG"))
    stem = f"{FOLDER}/{show.poster.name[:-4]}"
    webp, png = opened(f"{stem}-640w.webp"), opened(f"{stem}-640w.png")
    assert (png.format, png.mode, png.size) == ("PNG", "RGBA", (640, 366))
    assert webp.format == "WEBP" and webp.mode == "RGBA"
    assert png.getpixel((10, 10))[3] == 128


def test_a_cmyk_jpeg_stored_before_uploads_were_re_encoded_gets_rgb_renditions():
    buffer = io.BytesIO()
    Image.new("CMYK", (400, 300), (0, 200, 200, 40)).save(buffer, format="JPEG")
    name = default_storage.save("shows/posters/cmyk.jpg", ContentFile(buffer.getvalue()))
    written = make_renditions(default_storage, name)
    assert len(written) == 6  # 160, 320 and 400 px, twice
    jpeg = opened(f"{FOLDER}/shows/posters/cmyk-400w.jpg")
    assert (jpeg.mode, jpeg.size) == ("RGB", (400, 300))


def test_an_unreadable_file_makes_no_renditions_and_no_error(caplog):
    name = default_storage.save(
        "shows/posters/broken.jpg", ContentFile(b"\xff\xd8\xff\xe0 not really a jpeg")
    )
    assert make_renditions(default_storage, name) == []
    assert "No renditions for shows/posters/broken.jpg" in caplog.text
    assert renditions_on_disk() == {}


def test_saving_again_or_running_the_command_again_makes_nothing_new():
    show = ShowFactory(poster=upload("poster.jpg", (1000, 1500)))
    before = renditions_on_disk()
    show.title = "Renamed"
    show.save()
    with mock.patch.object(Image, "open", side_effect=AssertionError("opened again")):
        show.save()
        call_command("make_renditions", stdout=io.StringIO())
    assert renditions_on_disk() == before


def test_the_command_makes_renditions_for_images_stored_before_and_says_how_many(tmp_path):
    show = ShowFactory(poster=upload("poster.jpg", (800, 450)))
    expected = renditions_on_disk()
    for name in expected:
        default_storage.delete(name)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue().strip() == "1 images checked; 8 renditions made."
    assert sorted(renditions_on_disk()) == sorted(expected)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue().strip() == "1 images checked; 0 renditions made."
    assert show.poster.name  # the original is never touched


def test_replacing_an_image_removes_the_old_renditions_once_committed(django_capture_on_commit_callbacks):
    show = ShowFactory(poster=upload("first.jpg", (800, 450)))
    show.refresh_from_db()
    old = set(renditions_on_disk())
    with django_capture_on_commit_callbacks(execute=True):
        show.poster = upload("second.jpg", (700, 400))
        show.save()
    now = set(renditions_on_disk())
    assert not old & now
    assert now == set(rendition_names(show.poster.name, 700))


def test_clearing_or_deleting_removes_the_renditions(django_capture_on_commit_callbacks):
    cleared = ShowFactory(poster=upload("cleared.jpg", (400, 300)))
    deleted = ShowFactory(poster=upload("deleted.jpg", (400, 300)))
    with django_capture_on_commit_callbacks(execute=True):
        cleared.poster = None
        cleared.save()
    assert not any("cleared" in name for name in renditions_on_disk())
    assert any("deleted" in name for name in renditions_on_disk())
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()
    assert renditions_on_disk() == {}


def test_a_rollback_keeps_the_renditions_of_the_image_still_stored(django_capture_on_commit_callbacks):
    show = ShowFactory(poster=upload("kept.jpg", (400, 300)))
    with django_capture_on_commit_callbacks(execute=False):
        show.delete()  # the callbacks never run: as if the transaction had rolled back
    assert len(renditions_on_disk()) == 6


def test_a_new_file_under_the_same_name_replaces_the_renditions():
    show = ShowFactory(poster=upload("same.png", (300, 200), image_format="PNG"))
    name = show.poster.name
    default_storage.delete(name)
    show.poster.save(name.rsplit("/", 1)[1], upload("same.png", (300, 200), mode="RGBA", image_format="PNG"))
    assert show.poster.name == name
    assert opened(f"{FOLDER}/{name[:-4]}-300w.png").mode == "RGBA"


def test_picture_markup_serves_renditions_only_and_touches_no_file():
    storage = mock.Mock(spec=["url"], url=lambda name: f"/media/{name}")
    html = picture(storage, "shows/posters/p.jpg", 1000, 1500, alt="A poster", sizes="12rem")
    assert html == (
        '<picture><source type="image/webp" srcset="'
        "/media/renditions/shows/posters/p-160w.webp 160w, /media/renditions/shows/posters/p-320w.webp 320w, "
        "/media/renditions/shows/posters/p-640w.webp 640w, /media/renditions/shows/posters/p-960w.webp 960w, "
        '/media/renditions/shows/posters/p-1000w.webp 1000w" sizes="12rem">'
        '<img src="/media/renditions/shows/posters/p-640w.jpg" srcset="'
        "/media/renditions/shows/posters/p-160w.jpg 160w, /media/renditions/shows/posters/p-320w.jpg 320w, "
        "/media/renditions/shows/posters/p-640w.jpg 640w, /media/renditions/shows/posters/p-960w.jpg 960w, "
        '/media/renditions/shows/posters/p-1000w.jpg 1000w" sizes="12rem" width="1000" height="1500" '
        'alt="A poster" loading="lazy" decoding="async"></picture>'
    )


def test_picture_markup_is_kept_per_process_until_the_media_address_changes(settings, tmp_path):
    """The markup is built once for the same image and arguments; a new MEDIA_URL is seen at once."""
    storage = FileSystemStorage(location=tmp_path)
    calls = []
    real_url = storage.url

    def counted(name):
        calls.append(name)
        return real_url(name)

    storage.url = counted
    settings.MEDIA_URL = "/media/"
    first = picture(storage, "kept/p.jpg", 320, 480, alt="Kept")
    assert picture(storage, "kept/p.jpg", 320, 480, alt="Kept") == first
    assert len(calls) == 5  # two widths in two formats, and the src: once
    settings.MEDIA_URL = "https://images.example/"
    moved = picture(storage, "kept/p.jpg", 320, 480, alt="Kept")
    assert 'src="https://images.example/renditions/kept/p-320w.jpg"' in moved
    assert picture(storage, "kept/p.jpg", 320, 480, alt="Other") != moved


def test_the_lead_picture_loads_at_once_with_high_priority_and_a_webp_original_has_one_srcset():
    storage = mock.Mock(spec=["url"], url=lambda name: f"/media/{name}")
    html = picture(storage, "a/hero.webp", 100, 50, alt='Say "hi"', lead=True, css_class="hero")
    assert "<source" not in html
    assert (
        '<img class="hero" src="/media/renditions/a/hero-100w.webp" srcset="/media/renditions/a/hero-100w.webp 100w"'
        in html
    )
    assert 'alt="Say &quot;hi&quot;" loading="eager" fetchpriority="high" decoding="async">' in html


def test_the_template_tag_leaves_out_an_empty_field():
    show = ShowFactory()
    template = Template("{% load pictures %}[{% picture show.poster show.poster_width show.poster_height %}]")
    assert template.render(Context({"show": show})) == "[]"


def test_body_images_become_pictures_of_their_renditions_when_the_body_is_rendered():
    article = ArticleFactory()
    image = article.images.create(image=upload("body.jpg", (900, 600)), alt_text="A corridor")
    article.body = f"Text.\n\n{image.markdown}\n"
    article.save()
    stem = f"/media/{FOLDER}/{image.image.name[:-4]}"
    assert (
        f'srcset="{stem}-160w.webp 160w, {stem}-320w.webp 320w, {stem}-640w.webp 640w, {stem}-900w.webp 900w"'
        in (article.body_html)
    )
    assert 'alt="A corridor" loading="lazy"' in article.body_html
    assert f'src="/media/{image.image.name}"' not in article.body_html


def test_public_pages_serve_every_uploaded_image_from_its_renditions_without_touching_storage(client):
    """Cards, posters, thumbnails, avatars and heroes: a <picture> with srcsets of files that
    exist, never the original upload; and rendering asks storage for no file (URLs only)."""
    call_command("load_demo", verbosity=0)
    urls = public_urls()
    pictures = 0
    with (
        mock.patch.object(
            FileSystemStorage, "exists", side_effect=AssertionError("exists() while rendering")
        ),
        mock.patch.object(FileSystemStorage, "open", side_effect=AssertionError("open() while rendering")),
        mock.patch.object(FileSystemStorage, "size", side_effect=AssertionError("size() while rendering")),
    ):
        pages = {url: client.get(url).content.decode() for url in urls}
    for url, html in pages.items():
        images = [tag for tag in re.findall(r"<img\b[^>]*>", html) if 'src="/media/' in tag]
        pictures += len(images)
        assert html.count("<picture>") == len(images), url
        for tag in images:
            assert re.search(r' src="/media/renditions/[^"]+-\d+w\.(jpg|png)"', tag), (url, tag)
            assert re.search(r' srcset="(/media/renditions/[^" ]+ \d+w(, )?)+"', tag), (url, tag)
            assert re.search(
                r' sizes="[^"]+" width="\d+" height="\d+" alt="[^"]*" loading="(lazy|eager)', tag
            ), tag
            for rendition in re.findall(r"/media/(renditions/[^\" ,]+)", tag):
                assert default_storage.exists(rendition), (url, rendition)
        for source in re.findall(r'<source type="image/webp" srcset="([^"]+)"', html):
            assert all(entry.split(" ")[0].endswith(".webp") for entry in source.split(", ")), url
    assert pictures > 40
    assert 'fetchpriority="high"' in pages["/"]


def test_renditions_of_a_file_another_row_still_shows_are_kept(django_capture_on_commit_callbacks):
    first = ShowFactory(poster=upload("shared.jpg", (400, 300)))
    second = ShowFactory(poster=first.poster.name)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert len(renditions_on_disk()) == 6
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert renditions_on_disk() == {}


def test_a_thumbnail_shown_at_a_fixed_size_lists_only_the_widths_a_3x_screen_needs():
    storage = mock.Mock(spec=["url"], url=lambda name: f"/media/{name}")
    html = picture(storage, "a/hero.jpg", 1200, 675, sizes="96px")
    assert re.findall(r"(\d+)w\.jpg \d+w", html) == ["160", "320"]
    assert 'src="/media/renditions/a/hero-320w.jpg"' in html

import datetime
import hashlib
import io
import re
import stat
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Tag
from comments.models import Comment
from demo import content
from demo.images import DRAWINGS_EDITION
from demo.loader import load_demo
from shows.models import (
    CastCredit,
    Character,
    CrewCredit,
    Episode,
    Person,
    ReleaseEvent,
    Season,
    Show,
    ShowProvider,
    WatchProvider,
)

UTC = datetime.UTC
DEMO_MODELS = [get_user_model(), Group, Show, Season, Person, CastCredit, Tag, Article, Comment]
DEMO_MODELS += [WatchProvider, ShowProvider, CrewCredit, Character, Episode, ReleaseEvent]
THROUGH_MODELS = [
    Article.shows.through,
    Article.seasons.through,
    Article.people.through,
    Article.tags.through,
    get_user_model().groups.through,
]
FLAGSHIP = content.FLAGSHIP_SLUG
WRITE_SQL = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def snapshot_rows():
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in DEMO_MODELS + THROUGH_MODELS
    }


def snapshot_media():
    root = Path(django_settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def loaded():
    return load_demo()


@pytest.mark.django_db
def test_load_demo_creates_the_show_with_two_seasons_and_ten_people(loaded):
    show = Show.objects.get(slug="all-of-us-are-dead")
    assert show.original_title == "지금 우리 학교는"
    assert show.original_title_romanized == "Jigeum Uri Hakgyoneun"
    assert show.platform_url == "https://www.netflix.com/title/81237994"
    assert show.status == Show.Status.RENEWED
    assert list(show.seasons.values_list("number", flat=True)) == [1, 2]
    assert Person.objects.count() == 10 + 3  # cast and crew
    assert Person.objects.get(slug="lomon").birth_name == "Park Solomon"
    assert Person.objects.get(slug="park-ji-hu").native_name == "박지후"


@pytest.mark.django_db
def test_season_one_credits_ten_and_season_two_the_six_returning_leads(loaded):
    season_1, season_2 = Season.objects.filter(show__slug="all-of-us-are-dead").order_by("number")
    assert season_1.credits.count() == 10
    assert season_1.credits.main().count() == 6
    assert season_1.credits.filter(kind=CastCredit.Kind.RECURRING).count() == 4
    first = season_1.credits.order_by("billing_order").first()
    assert (first.person.slug, first.character_name, first.billing_order) == ("park-ji-hu", "Nam On-jo", 1)
    returning = season_2.credits.order_by("billing_order")
    assert [credit.person.slug for credit in returning] == content.MAIN_CAST
    assert {credit.kind for credit in returning} == {CastCredit.Kind.MAIN}
    nam_ra = season_2.credits.get(person__slug="cho-yi-hyun")
    assert nam_ra.character_name == "Choi Nam-ra"
    assert nam_ra.character_note


@pytest.mark.django_db
def test_season_two_has_an_unconfirmed_release_window_not_a_day(loaded):
    season_1, season_2 = Season.objects.order_by("number")
    assert season_2.release_label == "2024–2025 (not confirmed)"
    assert season_2.episode_count is None
    assert season_1.release_label == "28 January 2022"
    assert season_1.episode_count == 12


@pytest.mark.django_db
def test_four_published_articles_by_the_news_desk(loaded):
    published = Article.objects.published()
    assert published.count() == 4
    assert set(published.values_list("author__username", flat=True)) == {"newsdesk"}
    flagship = published.get(slug=FLAGSHIP)
    assert flagship.published_at == datetime.datetime(2023, 11, 20, 9, 0, tzinfo=UTC)
    assert published.exclude(pk=flagship.pk).filter(published_at__gte=flagship.published_at).count() == 0
    assert list(flagship.seasons.values_list("number", flat=True)) == [2]
    assert set(flagship.people.values_list("slug", flat=True)) == set(content.MAIN_CAST)
    assert set(flagship.tags.values_list("slug", flat=True)) >= {"season-2", "where-to-watch"}
    recap = published.get(slug="all-of-us-are-dead-season-1-ending-explained")
    assert list(recap.seasons.values_list("number", flat=True)) == [1]
    assert recap.tags.filter(slug="recap").exists()


@pytest.mark.django_db
def test_flagship_body_has_its_sections_and_length(loaded):
    flagship = Article.objects.get(slug=FLAGSHIP)
    headings = [entry["title"] for entry in flagship.toc if entry["level"] == 2]
    assert len(headings) == 8
    assert 700 <= len(flagship.body.split()) <= 1000
    # Reported facts are worded as reported, with their date.
    assert re.search(r"March 2023, Park Ji-hu[^.]* said in an interview", flagship.body)
    assert "Spoiler warning" in flagship.body
    for article in Article.objects.exclude(pk=flagship.pk):
        assert 250 <= len(article.body.split()) <= 450, article.slug


@pytest.mark.django_db
def test_demo_articles_keep_their_fixed_dates_and_do_not_look_updated(loaded):
    for article in Article.objects.all():
        assert article.created_at == article.published_at
        assert not article.was_updated


@pytest.mark.django_db
def test_news_desk_author_is_a_byline_that_cannot_log_in(loaded):
    author = get_user_model().objects.get(username="newsdesk")
    assert (author.first_name, author.last_name) == ("News", "Desk")
    assert not author.has_usable_password()
    assert not author.is_staff


@pytest.mark.django_db
def test_comments_have_fixed_dates_after_their_article_and_one_awaits_moderation(loaded):
    flagship = Article.objects.get(slug=FLAGSHIP)
    approved = flagship.comments.approved()
    assert 3 <= approved.count() <= 5
    assert flagship.comments.in_moderation().count() == 1
    first = approved.for_display().first()
    assert first.created_at == datetime.datetime(2023, 11, 20, 12, 47, tzinfo=UTC)
    for comment in Comment.objects.select_related("article"):
        assert comment.created_at > comment.article.published_at
        assert comment.email.endswith("@example.com")


@pytest.mark.django_db
def test_images_exist_on_disk_with_stable_names_sizes_and_alt_text(loaded):
    show = Show.objects.get()
    assert show.poster.name == f"shows/posters/all-of-us-are-dead-e{DRAWINGS_EDITION}.jpg"
    assert (show.poster_width, show.poster_height) == (600, 900)
    assert Path(show.poster.path).is_file()
    assert "All of Us Are Dead" in show.poster_alt
    for person in Person.objects.all():
        assert person.headshot.name == f"people/{person.slug}-e{DRAWINGS_EDITION}.jpg"
        assert Path(person.headshot.path).is_file()
        assert (person.headshot_width, person.headshot_height) == (400, 500)
        assert person.name in person.headshot_alt
    for article in Article.objects.all():
        assert Path(article.hero_image.path).is_file()
        assert (article.hero_width, article.hero_height) == (1200, 675)
        assert article.hero_alt.startswith("Illustration:")
        assert article.hero_caption == "Illustration"


@pytest.mark.django_db
def test_loading_twice_changes_no_row_and_rewrites_no_image(loaded):
    rows, media = snapshot_rows(), snapshot_media()
    originals = [name for name in media if not name.startswith("renditions/")]
    assert len(originals) == 1 + 10 + 4 + 1 + 2 + 1 + 3  # + backdrop, season posters, logo, crew headshots
    # WebP and JPEG/PNG at each width up to the image's own (5 for a 1200 px hero or backdrop, 3 for
    # 600 px posters and 400 px headshots, 1 for the 96 px logo).
    assert len(media) - len(originals) == 2 * (5 * 5 + 3 * 3 + 13 * 3 + 1)

    with CaptureQueriesContext(connection) as queries:
        second = load_demo()

    assert snapshot_rows() == rows
    assert snapshot_media() == media
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITE_SQL)]
    assert writes == []
    assert (second.total("created"), second.total("updated"), second.images_drawn) == (0, 0, 0)
    assert second.total("unchanged") == loaded.total("created")


@pytest.mark.django_db
def test_loading_again_repairs_edited_fields_and_missing_images_only(loaded):
    show = Show.objects.get()
    Show.objects.filter(pk=show.pk).update(synopsis="Edited by hand.")
    headshot = Person.objects.get(slug="lomon").headshot
    Path(headshot.path).unlink()
    article_rows = list(Article.objects.order_by("pk").values())

    report = load_demo()

    assert Show.objects.get().synopsis == content.SHOW["synopsis"]
    assert Person.objects.get(slug="lomon").headshot.name == headshot.name
    assert Path(headshot.path).is_file()
    assert (report.total("updated"), report.images_drawn) == (2, 1)
    assert list(Article.objects.order_by("pk").values()) == article_rows


@pytest.mark.django_db
def test_load_demo_command_reports_what_it_did():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 updated" in out.getvalue()
    assert "Articles: 4 created" in out.getvalue()

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


@pytest.fixture
def editor_env(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path / "var"
    monkeypatch.delenv("DEMO_EDITOR_PASSWORD", raising=False)
    return tmp_path / "var" / "demo-editor-password.txt"


def run_ensure_editor():
    out = io.StringIO()
    call_command("ensure_demo_editor", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_editor_from_environment_can_log_in_to_the_admin_and_edit_content(editor_env, monkeypatch, client):
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "hyosan-high-2022")

    output = run_ensure_editor()

    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff and not editor.is_superuser
    for permission in ("articles.change_article", "shows.change_show", "comments.change_comment"):
        assert editor.has_perm(permission)
    assert editor.has_perm("shows.delete_castcredit") and editor.has_perm("articles.add_tag")
    assert not editor.has_perm("auth.change_user")
    assert editor.groups.filter(name="Editor").exists()
    assert "http://127.0.0.1:8000/admin/" in output
    assert not editor_env.exists()
    assert client.login(username="editor", password="hyosan-high-2022")
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


@pytest.mark.django_db
def test_editor_password_from_environment_replaces_the_old_one(editor_env, monkeypatch, client):
    run_ensure_editor()
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "a-brand-new-password")

    run_ensure_editor()

    assert not editor_env.exists()
    assert client.login(username="editor", password="a-brand-new-password")


@pytest.mark.django_db
def test_generated_editor_password_is_printed_stored_privately_and_kept(editor_env, client):
    first = run_ensure_editor()
    password = editor_env.read_text().strip()
    assert f"as editor / {password}" in first
    assert stat.S_IMODE(editor_env.stat().st_mode) == 0o600
    hashed = get_user_model().objects.get(username="editor").password

    second = run_ensure_editor()

    assert f"as editor / {password}" in second
    assert get_user_model().objects.get(username="editor").password == hashed
    assert client.login(username="editor", password=password)


@pytest.mark.django_db
def test_missing_password_file_leaves_the_password_alone_and_explains_the_reset(editor_env):
    run_ensure_editor()
    hashed = get_user_model().objects.get(username="editor").password
    editor_env.unlink()

    output = run_ensure_editor()

    assert "unchanged" in output
    assert "DEMO_EDITOR_PASSWORD" in output
    assert get_user_model().objects.get(username="editor").password == hashed
    assert not editor_env.exists()


@pytest.mark.django_db
def test_no_page_readers_see_names_the_code_name(loaded, client):
    """The project's code name is for us: captions say "Illustration", the brand is SITE_NAME."""
    from tests.pages import public_urls

    for url in public_urls():
        assert "aouad" not in client.get(url).content.decode().lower(), url


def test_demo_pictures_are_drawn_the_same_every_time():
    from demo import images

    assert images.poster("Title", "Subtitle") == images.poster("Title", "Subtitle")
    assert images.headshot("Lomon", "L") == images.headshot("Lomon", "L")
    assert images.hero("slug", (1, 2, 3), (4, 5, 6), scene="corridor") == images.hero(
        "slug", (1, 2, 3), (4, 5, 6), scene="corridor"
    )
    assert images.headshot("Lomon", "L") != images.headshot("Park Ji-hu", "PJ")


@pytest.mark.django_db(transaction=True)
def test_an_install_with_older_drawings_gets_the_current_ones_and_keeps_an_editors_upload(loaded):
    """Pictures drawn by an earlier version of the demo (a name of an earlier edition, or none)
    are drawn again with their renditions, and the old files go; an uploaded image stays."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    person, other = Person.objects.order_by("pk")[:2]
    old_name = f"people/{person.slug}.jpg"  # as the demo named its drawings before editions
    default_storage.save(old_name, ContentFile(Path(person.headshot.path).read_bytes()))
    Person.objects.filter(pk=person.pk).update(headshot=old_name)
    current = person.headshot.name
    default_storage.delete(current)
    uploaded = other.headshot.name.replace(other.slug, "upload-3f9a1c")
    default_storage.save(uploaded, ContentFile(Path(other.headshot.path).read_bytes()))
    Person.objects.filter(pk=other.pk).update(headshot=uploaded)

    again = load_demo()

    person.refresh_from_db()
    other.refresh_from_db()
    assert person.headshot.name == current
    assert default_storage.exists(current)
    assert not default_storage.exists(old_name), "the earlier drawing is left on disk"
    assert other.headshot.name == uploaded, "an editor's upload was replaced"
    assert again.images_drawn == 1

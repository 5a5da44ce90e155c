"""A deploy finds nothing the old code kept: every page and fragment key holds the code's release."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache import fragments, middleware
from pagecache.release import code_version, version_of
from pagecache.store import fragment_memory, memory

pytestmark = pytest.mark.usefixtures("clock")

ARTICLE = "/news/season-2-is-coming/"


@pytest.fixture
def deploy(monkeypatch):
    """``deploy()``: from now on, pages are rendered by another release of the code (in a new
    process: its memory is empty, the shared cache is the one the old release wrote to)."""

    def deploy():
        release = "another-release"
        monkeypatch.setattr(middleware, "code_version", lambda: release)
        monkeypatch.setattr(fragments, "code_version", lambda: release)
        memory.clear()
        fragment_memory.clear()

    return deploy


def test_a_page_the_old_release_kept_is_rendered_again_after_a_deploy(client, site, deploy):
    assert client.get(ARTICLE)["X-Page-Cache"] == "miss"
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"

    deploy()

    assert client.get(ARTICLE)["X-Page-Cache"] == "miss"
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"


@pytest.mark.usefixtures("fragments_only")
@pytest.mark.parametrize(
    "url", [ARTICLE, "/shows/zombie-high/season-2/", "/news/", "/feeds/news/", "/sitemap.xml"]
)
def test_fragments_the_old_release_kept_are_rendered_again_after_a_deploy(
    client, site, deploy, url, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as first_render:
        client.get(url)
    with django_assert_num_queries(0):
        kept = client.get(url)

    deploy()
    with CaptureQueriesContext(connection) as after_deploy:
        rendered = client.get(url)

    # Everything asked again, as on the very first render: no fragment of the old release was used.
    assert len(after_deploy) == len(first_render) > 0
    assert rendered.content == kept.content


def test_an_edit_reaches_the_pages_of_every_release(client, site, deploy):
    """Releases share the tags' tokens: an edit made by the new code puts out of date what the old
    code's processes keep, and the other way round."""
    client.get(ARTICLE)
    deploy()
    client.get(ARTICLE)
    article = site["article"]
    article.title = "Season 2 is here"
    article.save()

    assert "Season 2 is here" in client.get(ARTICLE).content.decode()


def test_the_release_is_the_same_in_every_process_of_one_deploy():
    assert code_version() == code_version()
    assert len(code_version()) == 16


def test_the_release_changes_with_a_template_code_or_static_file_and_nothing_else(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "static" / "img").mkdir(parents=True)
    (tmp_path / "app" / "migrations").mkdir(parents=True)
    (tmp_path / "app" / "__pycache__").mkdir()
    files = {
        "templates/base.html": "<title>{{ SITE_NAME }}</title>",
        "static/img/logo.png": "png bytes",
        "app/views.py": "def view(): pass",
        "app/migrations/0001_initial.py": "operations = []",
        "app/__pycache__/views.cpython-311.pyc": "bytecode",
        "app/fonts.woff2": "font bytes",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    roots = [tmp_path / "templates", tmp_path / "static", tmp_path / "app"]
    before = version_of(roots, tmp_path)

    def after_changing(name):
        path = tmp_path / name
        original = path.read_text()
        path.write_text(original + " ")
        changed = version_of(roots, tmp_path)
        path.write_text(original)
        return changed

    assert version_of(roots, tmp_path) == before
    for shaping in ("templates/base.html", "static/img/logo.png", "app/views.py"):
        assert after_changing(shaping) != before, shaping
    for not_shaping in (
        "app/migrations/0001_initial.py",
        "app/__pycache__/views.cpython-311.pyc",
        "app/fonts.woff2",
    ):
        assert after_changing(not_shaping) == before, not_shaping
    (tmp_path / "templates" / "base.html").rename(tmp_path / "templates" / "home.html")
    assert version_of(roots, tmp_path) != before  # a file moved is a change too


@pytest.mark.parametrize("name", ["SITE_NAME", "SITE_TAGLINE", "SITE_URL", "TIME_ZONE"])
def test_the_release_changes_with_a_setting_that_shows_in_pages(settings, name):
    """Set from the environment, so no file tells of a renamed site or a new address."""
    before = code_version()
    code_version.cache_clear()
    try:
        setattr(settings, name, "Europe/Paris" if name == "TIME_ZONE" else "something else")
        assert code_version() != before
    finally:
        code_version.cache_clear()

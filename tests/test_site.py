import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from tests.factories import ArticleFactory, SeasonFactory, ShowFactory

# Home page -------------------------------------------------------------------------------------------


@pytest.fixture
def home_html(client):
    """The home page with a live article, a draft, a scheduled article, two shows and one upcoming season."""
    ArticleFactory(title="Season 2 is official", published_at=timezone.now() - datetime.timedelta(days=1))
    ArticleFactory(title="Unfinished draft", draft=True)
    ArticleFactory(title="Embargoed teaser", published_at=timezone.now() + datetime.timedelta(days=1))
    aouad = ShowFactory(title="All of Us Are Dead")
    SeasonFactory(show=aouad, number=1)
    SeasonFactory(show=aouad, number=2, upcoming=True)
    SeasonFactory(show__title="Weak Hero Class", number=1)
    return client.get("/").content.decode()


@pytest.mark.django_db
def test_home_shows_the_latest_published_articles_only(home_html):
    assert "Season 2 is official" in home_html
    assert "Unfinished draft" not in home_html
    assert "Embargoed teaser" not in home_html


@pytest.mark.django_db
def test_home_lists_the_shows_covered(home_html):
    shows_box = home_html[home_html.index('id="shows-heading"') :]

    assert "All of Us Are Dead</a>" in shows_box
    assert "Weak Hero Class</a>" in shows_box


@pytest.mark.django_db
def test_home_upcoming_releases_list_unreleased_seasons_with_their_release_label(home_html):
    upcoming_box = home_html[home_html.index('id="upcoming-heading"') : home_html.index('id="shows-heading"')]

    assert "All of Us Are Dead: Season 2</a>" in upcoming_box
    assert "2027–2028 (not confirmed)" in upcoming_box
    assert "Season 1" not in upcoming_box
    assert "Weak Hero Class" not in upcoming_box


@pytest.mark.django_db
def test_home_leads_with_the_newest_story_and_lists_the_most_commented(client):
    from articles.models import Article

    quiet = ArticleFactory(title="Quiet story", published_at=timezone.now() - datetime.timedelta(days=2))
    busy = ArticleFactory(title="Busy story", published_at=timezone.now() - datetime.timedelta(days=3))
    ArticleFactory(title="Newest story", published_at=timezone.now() - datetime.timedelta(hours=1))
    Article.objects.filter(pk=busy.pk).update(comment_count=12)
    Article.objects.filter(pk=quiet.pk).update(comment_count=1)
    draft = ArticleFactory(title="Draft with comments", draft=True)
    Article.objects.filter(pk=draft.pk).update(comment_count=99)

    html = client.get("/").content.decode()
    lead = html[html.index('class="article-card article-card--lead"') :]
    most_commented = html[html.index('id="most-commented-heading"') : html.index('id="shows-heading"')]

    assert lead.index("Newest story") < lead.index("</article>")
    assert most_commented.index("Busy story") < most_commented.index("Quiet story")
    assert "12 comments" in most_commented
    assert "Draft with comments" not in html


# Health check ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_ok_in_plain_text_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"
    assert "no-cache" in response["Cache-Control"]


class BrokenConnection:
    def cursor(self):
        raise DatabaseError("connection refused")


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("aouad_site.views.connection", BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain"


# Error pages -----------------------------------------------------------------------------------------


@pytest.mark.django_db  # the masthead's menu lists the sections
def test_not_found_page_uses_the_site_design(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, f'<a class="site-brand" href="/">{settings.SITE_NAME}</a>', status_code=404)
    assertNotContains(response, "Using the URLconf", status_code=404)


# Settings from the environment -----------------------------------------------------------------------

SETTINGS_VARIABLES = (
    "DJANGO_",
    "DB_",
    "DATABASE_URL",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
    "CACHE_TRACKED_READS",
    "CACHE_SOCKET_TIMEOUT",
    "SQLITE_PATH",
    "SITE_URL",
)


def import_settings(tmp_path, show="", **env):
    """Import aouad_site.settings in a fresh interpreter with only ``env`` set; print ``show``."""
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith(SETTINGS_VARIABLES)}
    clean_env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    code = "import aouad_site.settings as s"
    if show:
        code += f"\nprint({show})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean_env, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_without_variables_are_for_development_on_sqlite_and_a_shared_disk_cache(tmp_path):
    result = import_settings(
        tmp_path,
        show="s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.CACHES['default']['LOCATION'] == str(s.BASE_DIR / 'var' / 'cache')",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True django.db.backends.sqlite3 core.cache.DiskCache True"


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = import_settings(tmp_path, DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.com")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts(tmp_path):
    result = import_settings(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_settings_start_with_a_secret_key_and_allowed_hosts(tmp_path):
    result = import_settings(
        tmp_path,
        show="s.DEBUG, s.SECRET_KEY, s.ALLOWED_HOSTS",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x",
        DJANGO_ALLOWED_HOSTS="example.com",
        SITE_URL="https://example.com",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False x ['example.com']"


def test_database_url_selects_postgresql(tmp_path):
    result = import_settings(
        tmp_path,
        show="s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "core.postgresql test"


def test_postgresql_prepares_statements_unless_told_not_to(tmp_path):
    show = "s.DATABASES['default'].get('OPTIONS')"
    url = "postgres://postgres@127.0.0.1:5432/test"

    prepared = import_settings(tmp_path, show=show, DATABASE_URL=url)
    unprepared = import_settings(tmp_path, show=show, DATABASE_URL=url, DB_PREPARED_STATEMENTS="0")

    assert prepared.returncode == 0, prepared.stderr
    assert prepared.stdout.strip() == "{'server_side_binding': True, 'prepare_threshold': 1}"
    assert unprepared.returncode == 0, unprepared.stderr
    assert unprepared.stdout.strip() in {"None", "{}"}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_statement_run_again_on_a_connection_is_prepared_on_postgresql():
    for slug in ("one", "two"):  # the same statement with other parameters
        list(Article.objects.filter(slug=slug))

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]

    assert any('FROM "articles_article" WHERE "articles_article"."slug" = $1' in sql for sql in prepared), (
        prepared
    )


def test_cache_url_selects_redis(tmp_path):
    result = import_settings(
        tmp_path,
        show="s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "core.cache.RedisCache redis://127.0.0.1:6379/1"


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("0", "False"), ("1", "True")])
def test_reads_of_redis_are_tracked_unless_turned_off(tmp_path, value, expected):
    extra = {} if value is None else {"CACHE_TRACKED_READS": value}
    result = import_settings(
        tmp_path, show="s.CACHES['default']['TRACKED_READS']", CACHE_URL="redis://127.0.0.1:6379/1", **extra
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_unsupported_cache_url_refuses_to_start(tmp_path):
    result = import_settings(tmp_path, CACHE_URL="memcached://x")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Unsupported CACHE_URL scheme: 'memcached://x'" in result.stderr


def test_favicon_ico_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/static/img/favicon.svg")


# HTTP methods ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/robots.txt", "/favicon.ico", "/", "/news/", "/news/story/", "/search/?q=x"]
)
def test_pages_answer_head_requests_as_they_answer_get(client, url):
    ArticleFactory(slug="story")

    get, head = client.get(url), client.head(url)

    assert head.status_code == get.status_code
    assert head.status_code in (200, 301)
    assert head.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("url", ["/robots.txt", "/news/story/", "/search/?q=x"])
def test_read_only_pages_refuse_other_methods(client, url, method):
    ArticleFactory(slug="story")

    assert getattr(client, method)(url).status_code == 405


@pytest.mark.parametrize(("value", "expected"), [(None, "1.0 1.0"), ("0.25", "0.25 0.25")])
def test_a_redis_that_stops_answering_fails_a_read_after_the_socket_timeout(tmp_path, value, expected):
    extra = {} if value is None else {"CACHE_SOCKET_TIMEOUT": value}
    options = "s.CACHES['default']['OPTIONS']"
    result = import_settings(
        tmp_path,
        show=f"{options}['socket_connect_timeout'], {options}['socket_timeout']",
        CACHE_URL="redis://127.0.0.1:6379/1",
        **extra,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected

"""The results of a search are kept as a fragment, and every edit shows on the next search.

The page cache is off here, so every request renders: what could be stale is the fragment alone.
Each test searches once (keeping the fragment), makes the change the way the site makes it, and
searches again.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory, ShowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    settings.FRAGMENT_CACHE = True


@pytest.fixture
def found(clock):
    ArticleFactory(title="Werewolf season ahead", slug="werewolf-season", published_at=clock.ago(hours=3))
    ShowFactory(title="Werewolf High", slug="werewolf-high", synopsis="Wolves at school.")
    PersonFactory(name="Kim Wolf", slug="kim-wolf", bio="Plays the werewolf.")


def page(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def searches(queries):
    """The search statements among ``queries`` (not the menu's)."""
    return [query for query in queries if "search_index" in query["sql"] or "ts_rank" in query["sql"]]


def test_kept_results_cost_no_search(client, found):
    first = page(client, "werewolf")
    with CaptureQueriesContext(connection) as queries:
        again = page(client, "werewolf")

    assert again == first
    assert "Werewolf season ahead" in again
    assert searches(queries.captured_queries) == []


def test_each_query_has_its_own_results_and_echo(client, found):
    assert "Werewolf High" in page(client, "werewolf")

    other = page(client, "Werewolf")
    school = page(client, "school")

    assert '“<span class="query-echo">Werewolf</span>”' in other
    assert "Werewolf High" in school and "Werewolf season ahead" not in school


def test_a_new_title_shows_on_the_next_search(client, found):
    page(client, "werewolf")
    article = Article.objects.get(slug="werewolf-season")
    article.title = "Werewolf season delayed"
    article.save()

    html = page(client, "werewolf")

    assert "Werewolf season delayed" in html
    assert "Werewolf season ahead" not in html


def test_an_unpublished_article_leaves_the_next_search(client, found):
    page(client, "werewolf")
    article = Article.objects.get(slug="werewolf-season")
    article.status = Article.Status.DRAFT
    article.save()

    assert "Werewolf season ahead" not in page(client, "werewolf")


def test_a_new_article_shows_on_the_next_search(client, found):
    page(client, "werewolf")
    ArticleFactory(title="Werewolf casting news", slug="werewolf-casting")

    assert "Werewolf casting news" in page(client, "werewolf")


def test_a_scheduled_article_shows_once_it_goes_live(client, found, clock):
    ArticleFactory(title="Werewolf finale", slug="werewolf-finale", published_at=clock.ahead(minutes=5))
    assert "Werewolf finale" not in page(client, "werewolf")

    clock.advance(minutes=6)

    assert "Werewolf finale" in page(client, "werewolf")


def test_renamed_shows_and_deleted_people_show_on_the_next_search(client, found):
    assert "Kim Wolf" in page(client, "werewolf")
    show = ShowFactory._meta.model.objects.get(slug="werewolf-high")
    show.title = "Werewolf Academy"
    show.save()
    PersonFactory._meta.model.objects.get(slug="kim-wolf").delete()

    html = page(client, "werewolf")

    assert "Werewolf Academy" in html
    assert "Kim Wolf" not in html


def test_nothing_found_is_kept_until_something_is(client, found):
    assert "Nothing matched" in page(client, "vampire")
    ArticleFactory(title="Vampire spin-off", slug="vampire-spin-off")

    assert "Vampire spin-off" in page(client, "vampire")

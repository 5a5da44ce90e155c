"""A detail page's own row is kept with its fragments (pagecache.fragments.cached_row): a page
whose fragments are current asks the database nothing, and yet every edit of the row (renamed,
re-slugged, deleted, unpublished) shows on the next request, an address that finds nothing is a
404 every time, and a row that appears with nothing saved (a story going live) is found.

The page cache is off here, so every request renders: what could be stale is the kept row alone.
Titles and descriptions in ``<head>`` are read from the row, outside every fragment.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from pagecache.policy import SITE
from pagecache.store import bump
from shows.models import Person, Season, Show
from tests.factories import ArticleFactory
from tests.pagecache.conftest import second_season_out_tomorrow

pytestmark = pytest.mark.usefixtures("clock", "fragments_only")

ARTICLE = "/news/season-2-is-coming/"
SHOW = "/shows/zombie-high/"
SEASON_2 = "/shows/zombie-high/season-2/"
PERSON = "/people/park-ji-hu/"


def title(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.mark.parametrize("url", [SHOW, SEASON_2, PERSON, ARTICLE])
def test_a_kept_detail_page_asks_the_database_nothing(client, site, url, django_assert_num_queries):
    """Guards against the page's own row being fetched on every render (issue 10)."""
    first = client.get(url).content
    with django_assert_num_queries(0):
        assert client.get(url).content == first


def test_a_renamed_show_season_or_person_shows_in_the_page_title_at_once(client, site):
    for url in (SHOW, SEASON_2, PERSON):
        title(client, url)
    site["show"].title = "Zombie Academy"
    site["show"].save()
    site["second"].title = "The Halfbies"
    site["second"].save()
    site["actor"].name = "Park Ji-hoo"
    site["actor"].save()

    assert title(client, SHOW).startswith("Zombie Academy: seasons")
    assert title(client, SEASON_2).startswith("Zombie Academy The Halfbies:")
    assert title(client, PERSON).startswith("Park Ji-hoo: roles")


def test_a_new_slug_moves_the_show_and_its_seasons_and_the_old_address_is_gone(client, site):
    for url in (SHOW, SEASON_2, PERSON):
        title(client, url)
    site["show"].slug = "zombie-academy"
    site["show"].save()
    site["actor"].slug = "park-ji-hoo"
    site["actor"].save()

    for url in (SHOW, SEASON_2, PERSON):
        assert client.get(url).status_code == 404, url
    for url in ("/shows/zombie-academy/", "/shows/zombie-academy/season-2/", "/people/park-ji-hoo/"):
        assert client.get(url).status_code == 200, url


def test_a_deleted_show_season_or_person_is_a_404_at_once(client, site):
    for url in (SHOW, SEASON_2, PERSON):
        title(client, url)
    Person.objects.filter(pk=site["actor"].pk).delete()
    site["second"].delete()

    assert client.get(PERSON).status_code == 404
    assert client.get(SEASON_2).status_code == 404
    site["show"].delete()
    assert client.get(SHOW).status_code == 404


def test_an_address_that_finds_nothing_is_asked_again_every_time(client, site):
    """A lookup that finds nothing is never kept: the row may appear with no bump at all."""
    assert client.get("/shows/zombie-academy/").status_code == 404
    assert client.get("/shows/zombie-high/season-3/").status_code == 404
    # Behind the site's back (update() sends no signal, so nothing is bumped).
    Show.objects.filter(pk=site["show"].pk).update(slug="zombie-academy")
    Season.objects.filter(pk=site["second"].pk).update(number=3)

    assert client.get("/shows/zombie-academy/").status_code == 200
    assert client.get("/shows/zombie-academy/season-3/").status_code == 200
    assert client.get("/shows/zombie-academy/").status_code == 200  # and now it is kept


def test_a_season_out_on_its_confirmed_day_says_so_in_its_description_with_nothing_saved(client, site, clock):
    tomorrow = second_season_out_tomorrow(site)
    bump(SITE)  # as a save would
    assert "Season 2: release date set." in client.get(SEASON_2).content.decode()

    clock.move_to(timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(0, 1))))

    assert "Season 2: released." in client.get(SEASON_2).content.decode()


# The article's row ---------------------------------------------------------------------------------------


def test_an_edited_article_shows_in_its_page_title_at_once(client, site):
    title(client, ARTICLE)
    site["article"].title = "Season 2 is here"
    site["article"].save()

    assert title(client, ARTICLE).startswith("Season 2 is here")


def test_an_unpublished_or_deleted_article_is_a_404_at_once(client, site):
    title(client, ARTICLE)
    site["article"].status = Article.Status.UNPUBLISHED
    site["article"].save()
    assert client.get(ARTICLE).status_code == 404

    site["article"].status = Article.Status.PUBLISHED
    site["article"].save()
    assert client.get(ARTICLE).status_code == 200
    site["article"].delete()
    assert client.get(ARTICLE).status_code == 404


def test_a_renamed_articles_old_address_redirects_at_once(client, site):
    title(client, ARTICLE)
    site["article"].slug = "season-2-is-here"
    site["article"].save()

    response = client.get(ARTICLE)
    assert response.status_code == 301 and response["Location"] == "/news/season-2-is-here/"
    assert client.get("/news/season-2-is-here/").status_code == 200


def test_a_scheduled_article_goes_live_on_time_with_nothing_saved(client, site, clock):
    ArticleFactory(title="Trailer day", slug="trailer-day", published_at=clock.ahead(minutes=30))
    assert client.get("/news/trailer-day/").status_code == 404
    assert client.get("/news/trailer-day/").status_code == 404

    clock.advance(minutes=30)

    assert title(client, "/news/trailer-day/").startswith("Trailer day")

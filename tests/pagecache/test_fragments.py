"""Fragments kept between renders (menu, home boxes, comment thread) show an edit at once.

The page cache is off here, so every request renders: what could be stale is a fragment alone.
Each test renders a page once (keeping its fragments), makes the change the way the site makes
it, and checks the next render.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import lifecycle
from comments.models import Comment
from pagecache.policy import SITE
from pagecache.store import bump
from tests.factories import CommentFactory
from tests.pagecache.conftest import second_season_out_tomorrow

pytestmark = pytest.mark.usefixtures("clock", "fragments_only")

ARTICLE = "/news/season-2-is-coming/"


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_menu_costs_no_query_once_kept(client, site):
    html(client, "/news/")
    with CaptureQueriesContext(connection) as queries:
        page = html(client, "/news/")

    assert 'href="/news/category/explainers/">Explainers</a>' in page
    assert not [query for query in queries.captured_queries if 'FROM "articles_category"' in query["sql"]]


def test_a_renamed_or_new_section_shows_in_the_menu(client, site):
    from tests.factories import CategoryFactory

    html(client, "/shows/")
    site["category"].name = "Guides"
    site["category"].save()
    CategoryFactory(name="Interviews", slug="interviews")

    page = html(client, "/shows/")

    assert ">Guides</a>" in page and ">Interviews</a>" in page
    assert ">Explainers</a>" not in page


def test_an_approved_comment_moves_the_home_pages_most_commented_box(client, site):
    assert "1 comment" in html(client, "/")
    comment = CommentFactory(article=site["article"], status=Comment.Status.PENDING, body="Me too.")

    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)

    page = html(client, "/")
    assert 'id="most-commented-heading"' in page and "2 comments" in page


def test_an_edited_show_or_season_shows_in_the_home_pages_boxes(client, site):
    assert "Zombie High" in html(client, "/")
    site["show"].title = "Zombie Academy"
    site["show"].save()

    page = html(client, "/")

    assert "Zombie Academy" in page
    assert "Zombie High" not in page


def test_a_new_comment_shows_in_the_kept_thread(client, site):
    assert "Cannot wait." in html(client, ARTICLE)
    comment = CommentFactory(article=site["article"], status=Comment.Status.PENDING, body="Same here.")

    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)

    assert "Same here." in html(client, ARTICLE)


# The bodies of the shows, show, season, person, home and list pages are fragments too ------------

SHOW = "/shows/zombie-high/"
SEASON_2 = "/shows/zombie-high/season-2/"
PERSON = "/people/park-ji-hu/"
READERS_PAGES = ("/", "/news/", "/shows/", SHOW, SEASON_2, PERSON)


def test_an_edited_show_shows_in_the_shows_grid_and_on_its_pages(client, site):
    for url in ("/shows/", SHOW, SEASON_2, PERSON):
        assert "Zombie High" in html(client, url)
    site["show"].title = "Zombie Academy"
    site["show"].save()

    for url in ("/shows/", SHOW, SEASON_2, PERSON):
        page = html(client, url)
        assert "Zombie Academy" in page and "Zombie High<" not in page, url


def test_a_scheduled_story_shows_on_every_list_when_its_time_comes_with_nothing_saved(client, site, clock):
    from tests.factories import ArticleFactory

    story = ArticleFactory(title="Trailer day", slug="trailer-day", published_at=clock.ahead(minutes=30))
    story.shows.set([site["show"]])
    story.seasons.set([site["second"]])
    story.people.set([site["actor"]])
    for url in READERS_PAGES:
        assert "Trailer day" not in html(client, url), url

    clock.advance(minutes=30)

    for url in ("/", "/news/", SHOW, SEASON_2, PERSON):
        assert "Trailer day" in html(client, url), url


def test_an_approved_comment_moves_the_count_on_every_card(client, site):
    for url in ("/news/", SHOW, SEASON_2, PERSON):
        assert ">1 comment<" in html(client, url), url
    comment = CommentFactory(article=site["article"], status=Comment.Status.PENDING, body="Me too.")

    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)

    for url in ("/news/", SHOW, SEASON_2, PERSON):
        assert ">2 comments<" in html(client, url), url


def test_a_season_out_on_its_confirmed_day_shows_as_released_with_nothing_saved(client, site, clock):

    tomorrow = second_season_out_tomorrow(site)
    bump(SITE)  # as a save would (update() sends no signal)
    assert 'class="show-card__next"' in html(client, "/shows/")  # the season still to come
    for url in (SHOW, SEASON_2):
        assert "Release date set" in html(client, url), url

    clock.move_to(timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(0, 1))))

    assert 'class="show-card__next"' not in html(client, "/shows/")
    for url in (SHOW, SEASON_2):
        page = html(client, url)
        assert "Release date set" not in page and ">Released<" in page, url


def test_the_json_ld_of_a_kept_page_names_the_host_it_was_asked_on(client, site, settings):
    settings.ALLOWED_HOSTS = ["testserver", "example.org"]
    assert "http://testserver/people/park-ji-hu/" in html(client, PERSON)

    page = client.get(PERSON, HTTP_HOST="example.org").content.decode()

    assert "http://example.org/people/park-ji-hu/" in page and "testserver" not in page


@pytest.mark.parametrize("url", [SHOW, SEASON_2, PERSON])
def test_a_kept_show_season_or_person_page_costs_no_query(client, site, url, django_assert_num_queries):
    """The page's own row (its title and address) is kept too (pagecache.fragments.cached_row)."""
    first = html(client, url)
    with django_assert_num_queries(0):
        assert html(client, url) == first


@pytest.mark.parametrize("url", ["/", "/shows/"])
def test_a_kept_home_or_shows_page_costs_no_query(client, site, url, django_assert_num_queries):
    first = html(client, url)
    with django_assert_num_queries(0):
        assert html(client, url) == first


def test_a_kept_news_list_costs_no_query(client, site, django_assert_num_queries):
    """The cards and the count of stories (the pages' numbers) are both kept."""
    first = html(client, "/news/")
    with django_assert_num_queries(0):
        assert html(client, "/news/") == first


# The article page: its story (head, body, fact box, people, related and neighbouring stories) ------------


def collapsed(page):
    return " ".join(page.split())


def test_a_kept_article_costs_no_query_and_reads_the_same(client, site):
    first = html(client, ARTICLE)
    with CaptureQueriesContext(connection) as queries:
        again = html(client, ARTICLE)

    assert len(queries.captured_queries) == 0  # the article's row is kept too (cached_row)
    assert collapsed(again).replace(timestamp(again), "") == collapsed(first).replace(timestamp(first), "")
    assert "Park Ji-hu" in again and 'rel="tag">Renewals</a>' in again and '"NewsArticle"' in again


def timestamp(page):
    """The comment form's signed timestamp (kept with the form, so the same in both renders)."""
    return page.split('name="timestamp" value="', 1)[1].split('"', 1)[0]


def test_an_approved_comment_moves_the_kept_articles_byline_count(client, site):
    assert '<a href="#comments">1 comment</a>' in html(client, ARTICLE)
    comment = CommentFactory(article=site["article"], status=Comment.Status.PENDING, body="Same here.")

    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)

    assert '<a href="#comments">2 comments</a>' in html(client, ARTICLE)


def test_new_tags_people_and_related_stories_show_in_the_kept_article(client, site):
    from tests.factories import ArticleFactory, PersonFactory, TagFactory

    html(client, ARTICLE)
    site["article"].tags.add(TagFactory(name="Trailers", slug="trailers"))
    site["article"].people.add(PersonFactory(name="Yoon Chan-young", slug="yoon-chan-young"))
    ArticleFactory(title="Season 2 filming wraps", slug="filming-wraps").shows.set([site["show"]])

    page = html(client, ARTICLE)

    assert 'rel="tag">Trailers</a>' in page and '"Trailers"' in page  # the list and the JSON-LD
    assert 'id="people-heading"' in page and ">Yoon Chan-young</a>" in page
    assert 'id="related-heading"' in page and ">Season 2 filming wraps</a>" in page


def test_an_edited_season_and_cast_show_in_the_kept_articles_fact_box(client, site):
    assert "Nam On-jo" in html(client, ARTICLE)
    character = site["credit"].character
    character.name = "On-jo"
    character.save()
    site["second"].title = "The Halfbies"
    site["second"].save()

    page = html(client, ARTICLE)

    assert "Zombie High: The Halfbies" in page and "as On-jo</li>" in page


def test_a_scheduled_story_goes_live_in_the_kept_article_with_nothing_saved(client, site, clock):
    from tests.factories import ArticleFactory

    scheduled = ArticleFactory(title="Trailer day", slug="trailer-day", published_at=clock.ahead(minutes=30))
    scheduled.tags.set([site["tag"]])
    assert "Trailer day" not in html(client, ARTICLE)

    clock.advance(minutes=30)

    page = html(client, ARTICLE)
    assert 'rel="next" href="/news/trailer-day/"' in page  # the next story
    assert '<a href="/news/trailer-day/">Trailer day</a>' in page  # and a related one


def test_the_kept_article_names_the_host_it_was_asked_on(client, site, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    assert '"mainEntityOfPage":"http://testserver/news/' in html(client, ARTICLE)

    page = client.get(ARTICLE, HTTP_HOST="other.example").content.decode()

    assert '"mainEntityOfPage":"http://other.example/news/' in page
    assert 'og:url" content="http://other.example/news/' in page and "testserver" not in page

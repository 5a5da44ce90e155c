"""Fragments kept between renders (menu, home boxes, comment thread) show an edit at once.

The page cache is off here, so every request renders: what could be stale is a fragment alone.
Each test renders a page once (keeping its fragments), makes the change the way the site makes
it, and checks the next render.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import lifecycle
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.usefixtures("clock")

ARTICLE = "/news/season-2-is-coming/"


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    settings.FRAGMENT_CACHE = True


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


# The article page: its story (head, body, fact box, people, related and neighbouring stories) ------------


def collapsed(page):
    return " ".join(page.split())


def test_a_kept_article_costs_its_own_query_alone_and_reads_the_same(client, site):
    first = html(client, ARTICLE)
    with CaptureQueriesContext(connection) as queries:
        again = html(client, ARTICLE)

    assert len(queries.captured_queries) == 1  # the article's row: it may have been unpublished
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

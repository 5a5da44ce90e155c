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

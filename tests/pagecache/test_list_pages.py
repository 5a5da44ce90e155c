"""The news lists keep their length (the pages' numbers) with their cards: every way a story
comes or goes changes both on the next request. Home's queries are compiled once per process
(core.compiled): what they find still follows every change, kept fragments or none."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from comments import lifecycle
from comments.models import Comment
from pagecache.policy import SITE
from pagecache.store import bump
from tests.factories import ArticleFactory, CommentFactory
from tests.pagecache.conftest import second_season_out_tomorrow

pytestmark = pytest.mark.usefixtures("clock")

LISTS = ("/news/", "/news/category/explainers/", "/news/tag/renewals/", "/authors/kim-writer/")


@pytest.fixture(autouse=True)
def one_story_a_page(settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    settings.FRAGMENT_CACHE = True
    settings.ARTICLES_PER_PAGE = 1


def status(client, url, page):
    return client.get(url, {"page": page}).status_code


def second_story(site, **kwargs):
    story = ArticleFactory(
        author=site["article"].author, category=site["category"], title="Trailer day", **kwargs
    )
    story.tags.set([site["tag"]])
    return story


def test_a_published_story_adds_a_page_to_every_list(client, site):
    for url in LISTS:
        assert status(client, url, 1) == 200 and status(client, url, 2) == 404, url

    story = second_story(site, status=Article.Status.DRAFT)
    story.status = Article.Status.PUBLISHED
    story.save()

    for url in LISTS:
        assert status(client, url, 2) == 200, url
        assert 'href="?page=2"' in client.get(url).content.decode(), url


def test_an_unpublished_story_takes_its_page_away(client, site):
    story = second_story(site)
    for url in LISTS:
        assert status(client, url, 2) == 200, url

    story.status = Article.Status.UNPUBLISHED
    story.save()

    for url in LISTS:
        assert status(client, url, 2) == 404, url


def test_a_scheduled_story_adds_its_page_when_its_time_comes_with_nothing_saved(client, site, clock):
    second_story(site, published_at=clock.ahead(minutes=30))
    for url in LISTS:
        assert status(client, url, 2) == 404, url

    clock.advance(minutes=31)

    for url in LISTS:
        assert status(client, url, 2) == 200, url


def upcoming_box(client):
    page = client.get("/").content.decode()
    return page[page.index('id="upcoming-heading"') : page.index('id="shows-heading"')]


@pytest.mark.parametrize("fragments", [True, False], ids=["fragments", "no-cache"])
def test_home_follows_stories_comments_and_release_days_with_its_sql_compiled_once(
    client, site, clock, settings, fragments
):
    settings.FRAGMENT_CACHE = fragments
    tomorrow = second_season_out_tomorrow(site)
    second_story(site, published_at=clock.ahead(minutes=30))
    bump(SITE)  # as a save would (update() sends no signal)
    page = client.get("/").content.decode()
    assert "Trailer day" not in page and ">1 comment<" in page
    assert "Zombie High: Season 2</a>" in upcoming_box(client)

    clock.advance(minutes=31)
    comment = CommentFactory(article=site["article"], status=Comment.Status.PENDING, body="Me too.")
    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    page = client.get("/").content.decode()
    assert "Trailer day" in page and "2 comments" in page

    clock.move_to(timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(0, 1))))
    assert "Zombie High: Season 2</a>" not in upcoming_box(client)

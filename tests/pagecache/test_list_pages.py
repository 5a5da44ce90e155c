"""The news lists keep their length (the pages' numbers) with their cards: every way a story
comes or goes changes both on the next request."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory

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

"""A draft, a scheduled (future) or an unpublished article can be found by no public URL, feed,
sitemap or search, and appears everywhere once its time has come."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, ShowFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
SECRET = "Marmalade"  # a word no other content uses


def public_pages(article):
    """Every public place an article could show up, with the article's own address first."""
    return [
        f"/news/{article.slug}/",
        "/news/old-address/",
        "/",
        "/news/",
        f"/news/category/{article.category.slug}/",
        f"/news/category/{article.category.slug}/feed/",
        "/news/tag/hidden-tag/",
        f"/authors/{article.author.username}/",
        "/feeds/news/",
        "/feeds/news/atom/",
        "/shows/hidden-show/feed/",
        "/sitemap.xml",
        f"/search/?q={SECRET}",
        "/news/neighbour/",  # related stories, previous and next
    ]


def hidden_article(**fields):
    show = ShowFactory(slug="hidden-show")
    tag = TagFactory(slug="hidden-tag")
    author = UserFactory(username="secretive")
    neighbour = ArticleFactory(slug="neighbour", author=author, title="Neighbour")
    neighbour.shows.set([show])
    neighbour.tags.set([tag])
    article = ArticleFactory(
        slug="old-address", title=f"{SECRET} headline", body=f"{SECRET} body.", author=author, **fields
    )
    article.shows.set([show])
    article.tags.set([tag])
    article.slug = "secret-story"
    article.save()
    if fields.get("status") == Article.Status.UNPUBLISHED:
        Article.objects.filter(pk=article.pk).update(status=Article.Status.UNPUBLISHED)
    return article


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"draft": True}, id="draft"),
        pytest.param(
            {"status": Article.Status.DRAFT, "published_at": NOW - datetime.timedelta(days=1)},
            id="dated-draft",
        ),
        pytest.param({"published_at": NOW + datetime.timedelta(minutes=5)}, id="scheduled"),
        pytest.param(
            {"status": Article.Status.UNPUBLISHED, "published_at": NOW - datetime.timedelta(days=1)},
            id="unpublished",
        ),
    ],
)
def test_an_article_that_is_not_live_is_found_nowhere(client, fields):
    article = hidden_article(**fields)

    for url in public_pages(article):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert f"{SECRET} headline" not in html, url
        assert f"{SECRET} body" not in html, url
        if url != "/news/secret-story/":  # a page that is not found may repeat the address asked for
            assert "secret-story" not in html, url


def test_a_scheduled_article_appears_everywhere_once_its_time_has_passed(client):
    article = hidden_article(published_at=NOW + datetime.timedelta(minutes=5))
    assert article.status == Article.Status.SCHEDULED
    Article.objects.filter(pk=article.pk).update(published_at=NOW - datetime.timedelta(minutes=1))

    for url in public_pages(article):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f"{SECRET} headline" in html or "/news/secret-story/" in html, url

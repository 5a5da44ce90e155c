"""A draft, a scheduled (future) or an unpublished article can be found by no public URL, feed,
sitemap or search, and appears everywhere once its time has come."""

import datetime

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, ShowFactory, TagFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DAY = datetime.timedelta(days=1)
FIVE_MINUTES = datetime.timedelta(minutes=5)
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
        article.author_profile.get_absolute_url(),
        "/feeds/news/",
        "/feeds/news/atom/",
        "/shows/hidden-show/feed/",
        "/sitemap-articles.xml",  # the index (/sitemap.xml) names sections, not articles
        "/sitemap-articles.xml",
        f"/search/?q={SECRET}",
        "/news/neighbour/",  # related stories, previous and next
    ]


def hidden_article(clock, published_in=None, **fields):
    """The secret article; ``published_in`` dates it relative to the clock (negative: in the past)."""
    if published_in is not None:
        fields["published_at"] = clock.now + published_in
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
        pytest.param({"status": Article.Status.DRAFT, "published_in": -DAY}, id="dated-draft"),
        pytest.param({"published_in": FIVE_MINUTES}, id="scheduled"),
        pytest.param({"status": Article.Status.UNPUBLISHED, "published_in": -DAY}, id="unpublished"),
    ],
)
def test_an_article_that_is_not_live_is_found_nowhere(client, clock, fields):
    article = hidden_article(clock, **fields)

    for url in public_pages(article):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert f"{SECRET} headline" not in html, url
        assert f"{SECRET} body" not in html, url
        if url != "/news/secret-story/":  # a page that is not found may repeat the address asked for
            assert "secret-story" not in html, url


def test_a_scheduled_article_appears_everywhere_once_its_time_has_passed(client, clock):
    article = hidden_article(clock, published_in=FIVE_MINUTES)
    assert article.state == "Scheduled"
    assert client.get("/news/secret-story/").status_code == 404

    clock.advance(minutes=5)  # exactly its time: nothing saved or settled since

    assert article.state == "Published"

    for url in public_pages(article):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f"{SECRET} headline" in html or "/news/secret-story/" in html, url

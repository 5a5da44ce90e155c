"""RSS and Atom feeds, the sitemap and robots.txt."""

import datetime
import re

import feedparser
import pytest
from django.contrib.syndication.views import Feed

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, PersonFactory, SeasonFactory, ShowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.fixture
def stories(clock):
    show = ShowFactory(slug="aouad", title="All of Us Are Dead")
    recaps = CategoryFactory(slug="reviews", name="Reviews")
    on_show = ArticleFactory(
        title="Season 2 news & more <b>", slug="season-2-news", published_at=clock.ago(hours=2)
    )
    on_show.shows.set([show])
    ArticleFactory(title="A recap", category=recaps, published_at=clock.ago(hours=3))
    ArticleFactory(title="Draft story", draft=True).shows.set([show])
    ArticleFactory(title="Scheduled story", published_at=clock.ahead(hours=1)).shows.set([show])
    return show


def test_news_feed_is_valid_rss_with_the_published_articles_newest_first(client, stories):
    response, feed = parse(client, "/feeds/news/")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Season 2 news & more <b>", "A recap"]
    assert feed.entries[0].link == "http://testserver/news/season-2-news/"
    assert feed.entries[0].summary == "What we know so far."


def test_news_feed_is_also_valid_atom(client, stories):
    response, feed = parse(client, "/feeds/news/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Season 2 news & more <b>", "A recap"]
    assert feed.entries[0].author


def test_show_feed_has_only_that_shows_published_articles(client, stories):
    _response, feed = parse(client, "/shows/aouad/feed/")

    assert [entry.title for entry in feed.entries] == ["Season 2 news & more <b>"]
    assert client.get("/shows/no-such-show/feed/").status_code == 404


def test_category_feed_has_only_that_categorys_published_articles(client, stories):
    _response, feed = parse(client, "/news/category/reviews/feed/")

    assert [entry.title for entry in feed.entries] == ["A recap"]
    assert client.get("/news/category/nope/feed/").status_code == 404


@pytest.mark.parametrize("size", [pytest.param(2, id="2-articles"), pytest.param(30, id="30-articles")])
@pytest.mark.parametrize("url", ["/feeds/news/", "/feeds/news/atom/", "/shows/aouad/feed/"])
def test_feed_query_count_does_not_grow_with_articles(client, django_assert_num_queries, size, url):
    """Guards against a query per item for its author or category; show feeds add the show and its
    seasons (the next season's release is in the feed's description)."""
    show = ShowFactory(slug="aouad")
    for article in ArticleFactory.create_batch(size):
        article.shows.set([show])

    with django_assert_num_queries(3 if "shows" in url else 1):
        response = client.get(url)

    assert len(feedparser.parse(response.content).entries) == min(size, 20)


# Sitemap and robots.txt -------------------------------------------------------------------------------


def test_sitemap_lists_published_articles_with_lastmod_shows_seasons_and_people(client, clock):
    season = SeasonFactory(show=ShowFactory(slug="aouad"), number=1)
    person = PersonFactory(slug="park-ji-hu")
    live = ArticleFactory(
        slug="live",
        published_at=datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC),
        significant_update_at=datetime.datetime(2024, 4, 1, 10, 0, tzinfo=datetime.UTC),
    )
    ArticleFactory(slug="draft", draft=True)
    ArticleFactory(slug="future", published_at=clock.ahead(days=1))
    unpublished = ArticleFactory(slug="withdrawn")
    Article.objects.filter(pk=unpublished.pk).update(status=Article.Status.UNPUBLISHED)

    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml)</loc>", index)
    assert sorted(sections) == [f"/sitemap-{name}.xml" for name in ("articles", "people", "seasons", "shows")]
    xml = "".join(client.get(section).content.decode() for section in sections)

    assert f"<loc>http://testserver{live.get_absolute_url()}</loc><lastmod>2024-04-01</lastmod>" in xml
    assert "/news/draft/" not in xml
    assert "/news/future/" not in xml
    assert "/news/withdrawn/" not in xml
    assert f"<loc>http://testserver{season.show.get_absolute_url()}</loc>" in xml
    assert f"<loc>http://testserver{season.get_absolute_url()}</loc>" in xml
    assert f"<loc>http://testserver{person.get_absolute_url()}</loc>" in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_sitemap_sections_are_split_into_pages_of_the_section_limit(client, clock, settings, monkeypatch):
    """A large archive never puts every URL into one response: the index names each page."""
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for number in range(5):
        ArticleFactory(slug=f"story-{number}", published_at=clock.ago(days=number + 1))

    index = client.get("/sitemap.xml").content.decode()

    assert index.count("/sitemap-articles.xml") == 3
    assert "/sitemap-articles.xml?p=3</loc>" in index
    pages = [client.get("/sitemap-articles.xml", {"p": page}).content.decode() for page in (1, 2, 3)]
    assert [page.count("<url>") for page in pages] == [2, 2, 1]
    assert "/news/story-0/" in pages[0] and "/news/story-4/" in pages[2]


def test_the_sitemap_index_counts_every_section_in_one_query(
    client, clock, monkeypatch, django_assert_num_queries
):
    """Each section's pages come from its count: all four are asked in one statement, beside the
    articles' latest change, however many sections and pages there are."""
    from articles.sitemaps import ArticleSitemap
    from shows.sitemaps import PersonSitemap, SeasonSitemap

    for sitemap in (ArticleSitemap, PersonSitemap, SeasonSitemap):
        monkeypatch.setattr(sitemap, "limit", 2)
    for number in range(5):
        ArticleFactory(slug=f"story-{number}", published_at=clock.ago(days=number + 1))
    ArticleFactory(slug="scheduled", published_at=clock.ahead(days=1))
    for number in range(3):
        PersonFactory(slug=f"person-{number}")
    show = ShowFactory(slug="aouad")
    for number in (1, 2):
        SeasonFactory(show=show, number=number)

    with django_assert_num_queries(2):
        index = client.get("/sitemap.xml").content.decode()

    pages = re.findall(r"<loc>http://testserver/sitemap-([a-z]+)\.xml(?:\?p=(\d+))?</loc>", index)
    assert pages == [
        ("articles", ""),
        ("articles", "2"),
        ("articles", "3"),  # five live articles, two to a page; the scheduled one is not counted
        ("shows", ""),
        ("seasons", ""),  # two seasons: one page
        ("people", ""),
        ("people", "2"),
    ]


def test_sitemap_pages_keep_django_headers_and_the_index_dates_the_latest_change(client, clock):
    """core.sitemaps writes the XML itself: the headers and the index's lastmod stay as Django's."""
    ArticleFactory(slug="old", published_at=datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC))
    ArticleFactory(
        slug="updated",
        published_at=datetime.datetime(2024, 1, 5, 10, 0, tzinfo=datetime.UTC),
        significant_update_at=datetime.datetime(2024, 6, 1, 8, 30, tzinfo=datetime.UTC),
    )

    page = client.get("/sitemap-articles.xml")
    index = client.get("/sitemap.xml").content.decode()

    assert page["Content-Type"] == "application/xml"
    assert page["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert page["Last-Modified"] == "Sat, 01 Jun 2024 08:30:00 GMT"
    assert "<lastmod>2024-06-01</lastmod>" in page.content.decode()
    assert (
        "<loc>http://testserver/sitemap-articles.xml</loc><lastmod>2024-06-01T08:30:00+00:00</lastmod>"
        in index
    )


@pytest.mark.parametrize("zone", ["UTC", "Asia/Seoul", "America/New_York"])
def test_the_sitemap_index_and_pages_are_djangos_own_bytes(rf, clock, settings, zone):
    """core.sitemaps reads rows from the cursor and writes the XML itself: byte for byte what
    Django's views and templates give, moments with microseconds and in any zone included."""
    from django.contrib.sitemaps import views as django_sitemaps

    from aouad_site.urls import SITEMAPS
    from articles.sitemaps import ArticleSitemap
    from core import sitemaps

    settings.TIME_ZONE = zone
    season = SeasonFactory(show=ShowFactory(slug="aouad"), number=2)
    PersonFactory(slug="park-ji-hu")
    ArticleFactory(
        slug="late", published_at=datetime.datetime(2024, 3, 5, 23, 30, 1, 654321, tzinfo=datetime.UTC)
    )
    ArticleFactory(
        slug="updated",
        published_at=datetime.datetime(2024, 1, 5, 10, 0, tzinfo=datetime.UTC),
        significant_update_at=datetime.datetime(2024, 6, 1, 20, 30, 0, 123456, tzinfo=datetime.UTC),
    )
    # Scheduled, with an update dated later still: neither its URL nor its dates are told yet.
    ArticleFactory(slug="soon", published_at=clock.ahead(days=1), significant_update_at=clock.ahead(days=2))
    assert season.show.slug == "aouad"

    class DjangosArticles(ArticleSitemap):
        """Articles and their dates as Django's view wants them: model values, the date in Python."""

        def items(self):
            return (
                Article.objects.published()
                .order_by("-published_at", "-id")
                .values_list("slug", "published_at", "significant_update_at")
            )

        def lastmod(self, row):
            return row[2] if row[2] and row[2] > row[1] else row[1]

    reference = {**SITEMAPS, "articles": DjangosArticles}

    def both(ours, theirs, **kwargs):
        mine, django = ours(rf.get("/"), SITEMAPS, **kwargs), theirs(rf.get("/"), reference, **kwargs)
        if hasattr(django, "render"):
            django.render()
        assert mine.content == django.content
        assert dict(mine.headers) == dict(django.headers)
        return mine.content.decode()

    index = both(sitemaps.index, django_sitemaps.index, sitemap_url_name="sitemap-section")
    assert "<lastmod>2024-06-0" in index  # the update, in the zone
    for name in SITEMAPS:
        page = both(sitemaps.section, django_sitemaps.sitemap, section=name)
        assert "/news/soon/" not in page


def as_django(feed):
    """``feed`` through Django's own ``Feed`` machinery, each item attribute asked for apart."""

    class Plain(type(feed)):
        __call__ = Feed.__call__
        get_feed = Feed.get_feed
        _get_dynamic_attr = Feed._get_dynamic_attr

        def item_title(self, item):
            return self.item_fields(item)["title"]

        def item_link(self, item):
            return self.item_fields(item)["link"]

        def item_description(self, item):
            return self.item_fields(item)["description"]

        def item_pubdate(self, item):
            return self.item_fields(item)["pubdate"]

        def item_updateddate(self, item):
            return self.item_fields(item).get("updateddate")

        def item_author_name(self, item):
            return self.item_fields(item)["author_name"]

        def item_categories(self, item):
            return self.item_fields(item).get("categories")

    return Plain()


def test_every_feed_is_the_bytes_djangos_feed_view_writes(rf, stories, clock):
    """core.feeds.QuickFeed reads each item in one call and writes the XML at once: the same
    document and headers as Django's view, for stories, comments and every feed kind."""
    from django.urls import resolve

    from tests.factories import CommentFactory

    story = Article.objects.get(slug="season-2-news")
    Article.objects.filter(pk=story.pk).update(significant_update_at=clock.ago(minutes=5))
    CommentFactory(article=story, name="Ji-woo & co", body="Great <b>news</b> — https://example.com ✓")
    CommentFactory(article=story, name="Second reader", body="Me too.")
    for url in (
        "/feeds/news/",
        "/feeds/news/atom/",
        "/news/category/reviews/feed/",
        "/shows/aouad/feed/",
        "/comments/feed/",
        "/news/season-2-news/comments/feed/",
    ):
        match = resolve(url)
        feed = match.func.__wrapped__
        ours, django = feed(rf.get(url), **match.kwargs), as_django(feed)(rf.get(url), **match.kwargs)
        assert ours.content == django.content, url
        assert dict(ours.headers) == dict(django.headers), url
        assert ours.content.count(b"<item>") + ours.content.count(b"<entry>") >= 1, url


def test_the_comment_feeds_follow_moderation_on_the_next_request(client, stories):
    """Their SQL is compiled once (core.compiled): what it finds still follows every change."""
    from comments import lifecycle
    from comments.models import Comment
    from tests.factories import CommentFactory

    story = Article.objects.get(slug="season-2-news")
    CommentFactory(article=story, name="First reader")
    held = CommentFactory(article=story, name="Second reader", status=Comment.Status.PENDING)
    for url in ("/comments/feed/", "/news/season-2-news/comments/feed/"):
        titles = [entry.title for entry in parse(client, url)[1].entries]
        assert any("First reader" in title for title in titles) and not any("Second" in t for t in titles)

    lifecycle.moderate(Comment.objects.filter(pk=held.pk), Comment.Status.APPROVED)
    lifecycle.moderate(Comment.objects.filter(name="First reader"), Comment.Status.SPAM)

    for url in ("/comments/feed/", "/news/season-2-news/comments/feed/"):
        titles = [entry.title for entry in parse(client, url)[1].entries]
        assert any("Second reader" in title for title in titles) and not any("First" in t for t in titles)


@pytest.mark.django_db
@pytest.mark.parametrize("section", ["articles", "shows", "seasons", "people"])
def test_a_sitemap_section_with_nothing_in_it_is_an_empty_list_not_an_error(client, rf, section):
    """A new site, before its first story: an empty urlset, as Django's own view answers."""
    from django.contrib.sitemaps import views as django_sitemaps

    from aouad_site.urls import SITEMAPS

    response = client.get(f"/sitemap-{section}.xml")
    django = django_sitemaps.sitemap(rf.get("/"), SITEMAPS, section=section)
    django.render()

    assert response.status_code == 200
    assert b"<url>" not in response.content
    assert response.content == django.content

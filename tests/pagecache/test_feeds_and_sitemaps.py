"""Feeds and sitemap pages are kept whole (pagecache.fragments.kept_response): a kept one asks the
database nothing, and every change a reader of it could see (an edit, a story published or going
live on its own, a new, moderated or deleted comment, a deletion, a new slug) shows on the next
request, in this process and in one that has nothing of its own in memory (another process: the
shared cache alone).

The page cache is off here, so every request renders: what could be stale is the kept response.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from comments import lifecycle
from comments.models import Comment
from pagecache import store
from pagecache.policy import SITE
from pagecache.store import bump
from tests.factories import ArticleFactory, CommentFactory, PersonFactory, SeasonFactory, ShowFactory
from tests.pagecache.conftest import second_season_out_tomorrow

pytestmark = pytest.mark.usefixtures("clock", "fragments_only")

ARTICLE = "/news/season-2-is-coming/"
STORY_FEEDS = (
    "/feeds/news/",
    "/feeds/news/atom/",
    "/news/category/explainers/feed/",
    "/shows/zombie-high/feed/",
)
COMMENT_FEEDS = ("/comments/feed/", f"{ARTICLE}comments/feed/")
FEEDS = (*STORY_FEEDS, *COMMENT_FEEDS)
SITEMAPS = (
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-shows.xml",
    "/sitemap-seasons.xml",
    "/sitemap-people.xml",
)


@pytest.fixture(params=["this process", "another process"])
def read(request, client):
    """``read(url)``: the response's text, asked of this process (its memory holds what it kept) or
    of another one (nothing in memory: what the shared cache holds is all it has)."""

    def read(url, status=200, **extra):
        if request.param == "another process":
            store.fragment_memory.clear()
        response = client.get(url, **extra)
        assert response.status_code == status, url
        return response.content.decode()

    return read


def read_all(read, urls):
    return {url: read(url) for url in urls}


@pytest.mark.parametrize("url", [*FEEDS, *SITEMAPS])
def test_a_kept_feed_or_sitemap_asks_the_database_nothing(client, site, url, django_assert_num_queries):
    """Guards against a feed's or a sitemap's rows being read on every request (issue 10)."""
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    store.fragment_memory.clear()  # another process: from the shared cache
    with django_assert_num_queries(0):
        elsewhere = client.get(url)

    for response in (again, elsewhere):
        assert response.status_code == 200
        assert response.content == first.content
        for header in ("Content-Type", "Last-Modified", "X-Robots-Tag"):
            assert response.get(header) == first.get(header), header
    assert first.has_header("Last-Modified") or url != "/sitemap-articles.xml"


def test_feeds_of_one_article_or_show_stay_out_of_the_process_memory(client, site, django_assert_num_queries):
    """One per article or show: a crawler reading them all must not push the shared fragments (the
    menu, the boxes) out of each process's memory. They are kept in the shared cache alone."""
    for url in (f"{ARTICLE}comments/feed/", "/shows/zombie-high/feed/", "/feeds/news/"):
        client.get(url)
    kept = [
        value for key, value in store.fragment_memory.entries.items() if key.startswith("fragment-response:")
    ]

    assert [b"Season 2 is coming" in content for _headers, content in kept] == [True]
    assert b"<rss" in kept[0][1] and b"Comments on" not in kept[0][1] and b"Zombie High" not in kept[0][1]
    with django_assert_num_queries(0):
        client.get(f"{ARTICLE}comments/feed/")
        client.get("/shows/zombie-high/feed/")


def test_each_host_and_scheme_gets_its_own_links(site, settings, read):
    settings.ALLOWED_HOSTS = ["testserver", "example.org"]
    for url in (*FEEDS, *SITEMAPS):
        assert "http://testserver/" in read(url), url

    for url in (*FEEDS, *SITEMAPS):
        text = read(url, HTTP_HOST="example.org", secure=True)
        assert "https://example.org/" in text and "testserver" not in text, url


def test_an_edited_story_shows_in_every_kept_feed_and_sitemap(site, clock, read):
    before = read_all(read, [*FEEDS, *SITEMAPS])
    assert all("Season 2 is coming" in before[url] for url in FEEDS)
    assert "<lastmod>2026-05-12</lastmod>" in before["/sitemap-articles.xml"]

    article = site["article"]
    article.title = "Season 2 is here"
    article.significant_update_at = datetime.datetime(2026, 5, 14, 8, 0, tzinfo=datetime.UTC)
    article.save()
    clock.advance(days=3)

    for url in FEEDS:
        text = read(url)
        assert "Season 2 is here" in text and "Season 2 is coming" not in text, url
    assert "<lastmod>2026-05-14</lastmod>" in read("/sitemap-articles.xml")
    assert "<lastmod>2026-05-14T08:00:00+00:00</lastmod>" in read("/sitemap.xml")


def test_the_last_modified_header_follows_the_kept_response(client, site):
    assert client.get("/feeds/news/")["Last-Modified"] == "Tue, 12 May 2026 07:30:15 GMT"
    assert client.get("/sitemap-articles.xml")["Last-Modified"] == "Tue, 12 May 2026 07:30:15 GMT"
    site["article"].significant_update_at = datetime.datetime(2026, 5, 12, 9, 0, tzinfo=datetime.UTC)
    site["article"].save()
    store.fragment_memory.clear()

    assert client.get("/feeds/news/")["Last-Modified"] == "Tue, 12 May 2026 09:00:00 GMT"
    assert client.get("/sitemap-articles.xml")["Last-Modified"] == "Tue, 12 May 2026 09:00:00 GMT"


def test_a_published_draft_shows_in_every_story_feed_and_the_sitemap(site, clock, read):
    draft = ArticleFactory(title="Trailer day", slug="trailer-day", draft=True, category=site["category"])
    draft.shows.set([site["show"]])
    pages = read_all(read, [*STORY_FEEDS, "/sitemap-articles.xml"])
    assert not any("Trailer day" in text or "trailer-day" in text for text in pages.values())

    draft.status, draft.published_at = Article.Status.PUBLISHED, clock.ago(minutes=1)
    draft.save()

    for url in STORY_FEEDS:
        assert "Trailer day" in read(url), url
    assert "/news/trailer-day/" in read("/sitemap-articles.xml")


def test_a_scheduled_story_goes_live_in_every_feed_and_sitemap_with_nothing_saved(site, clock, read):
    story = ArticleFactory(
        title="Trailer day",
        slug="trailer-day",
        published_at=clock.ahead(minutes=30),
        category=site["category"],
    )
    story.shows.set([site["show"]])
    CommentFactory(article=story, name="Early Bird", body="First!")
    pages = read_all(read, [*FEEDS, *SITEMAPS])
    assert not any(
        "Trailer day" in text or "trailer-day" in text or "Early Bird" in text for text in pages.values()
    )
    assert "<lastmod>2026-05-12T07:30:15.250000+00:00</lastmod>" in pages["/sitemap.xml"]

    clock.advance(minutes=30)

    for url in STORY_FEEDS:
        assert "Trailer day" in read(url), url
    assert "Early Bird on Trailer day" in read("/comments/feed/")
    assert "/news/trailer-day/" in read("/sitemap-articles.xml")
    assert "<lastmod>2026-05-12T10:00:15.250000+00:00</lastmod>" in read("/sitemap.xml")


def test_comments_show_in_the_comment_feeds_once_approved_and_leave_once_moderated_or_deleted(site, read):
    for url in COMMENT_FEEDS:
        assert "First Reader" in read(url) and "Second Reader" not in read(url), url
    comment = CommentFactory(article=site["article"], name="Second Reader", status=Comment.Status.PENDING)
    for url in COMMENT_FEEDS:
        assert "Second Reader" not in read(url), url

    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    for url in COMMENT_FEEDS:
        assert "Second Reader" in read(url), url

    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.SPAM)
    for url in COMMENT_FEEDS:
        assert "Second Reader" not in read(url), url

    lifecycle.delete(Comment.objects.filter(pk=site["comment"].pk))
    for url in COMMENT_FEEDS:
        assert "First Reader" not in read(url), url


def test_a_deleted_story_show_or_person_leaves_every_feed_and_sitemap(site, read):
    # Sections with rows left: an empty section is a server error, with or without keeping.
    PersonFactory(slug="lee-jae-gyu")
    SeasonFactory(show=ShowFactory(slug="other-show"), number=1)
    ArticleFactory(slug="older", published_at=site["article"].published_at - datetime.timedelta(days=1))
    read_all(read, [*FEEDS, *SITEMAPS])

    site["article"].delete()
    site["actor"].delete()

    for url in (*STORY_FEEDS[:3], "/comments/feed/", "/sitemap-articles.xml"):
        text = read(url)
        assert "Season 2 is coming" not in text and "season-2-is-coming" not in text, url
        assert "First Reader" not in text, url
    read(f"{ARTICLE}comments/feed/", status=404)
    assert "/people/park-ji-hu/" not in read("/sitemap-people.xml")

    site["show"].delete()
    for url in ("/sitemap-shows.xml", "/sitemap-seasons.xml"):
        assert "zombie-high" not in read(url), url
    read("/shows/zombie-high/feed/", status=404)


def test_a_new_slug_moves_every_link_and_feed_address(site, read):
    read_all(read, [*FEEDS, *SITEMAPS])
    read("/news/season-2-is-here/comments/feed/", status=404)
    read("/shows/zombie-academy/feed/", status=404)

    site["article"].slug = "season-2-is-here"
    site["article"].save()
    site["show"].slug = "zombie-academy"
    site["show"].save()
    site["actor"].slug = "park-ji-hoo"
    site["actor"].save()

    for url in (*STORY_FEEDS[:3], "/sitemap-articles.xml"):
        text = read(url)
        assert "/news/season-2-is-here/" in text and "/news/season-2-is-coming/" not in text, url
    assert "/news/season-2-is-here/#comments" in read("/news/season-2-is-here/comments/feed/")
    read(f"{ARTICLE}comments/feed/", status=404)
    assert "/news/season-2-is-here/" in read("/shows/zombie-academy/feed/")
    read("/shows/zombie-high/feed/", status=404)
    for url in ("/sitemap-shows.xml", "/sitemap-seasons.xml"):
        text = read(url)
        assert "/shows/zombie-academy/" in text and "zombie-high" not in text, url
    text = read("/sitemap-people.xml")
    assert "/people/park-ji-hoo/" in text and "/people/park-ji-hu/" not in text


def test_each_page_of_a_sitemap_section_is_kept_apart_and_follows_a_new_story(site, clock, read, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    ArticleFactory(slug="older", published_at=clock.ago(days=1))
    assert "/news/season-2-is-coming/" in read("/sitemap-articles.xml")
    assert "/news/older/" in read("/sitemap-articles.xml?p=2")
    assert "sitemap-articles.xml?p=2<" in read("/sitemap.xml") and "?p=3" not in read("/sitemap.xml")
    read("/sitemap-articles.xml?p=3", status=404)

    ArticleFactory(slug="newest", published_at=clock.ago(minutes=1))

    assert "/news/newest/" in read("/sitemap-articles.xml")
    assert "/news/season-2-is-coming/" in read("/sitemap-articles.xml?p=2")
    assert "/news/older/" in read("/sitemap-articles.xml?p=3")
    assert "sitemap-articles.xml?p=3<" in read("/sitemap.xml")


def test_a_show_feed_stops_announcing_a_season_on_its_release_day_with_nothing_saved(site, clock, read):
    """The show feed's description gives the next season's release as of today."""
    tomorrow = second_season_out_tomorrow(site)
    bump(SITE)  # as a save would (update() sends no signal)
    assert "Season 2: " in read("/shows/zombie-high/feed/")

    clock.move_to(timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(0, 1))))

    text = read("/shows/zombie-high/feed/")
    assert "Season 2: " not in text and "The latest news about Zombie High.</description>" in text

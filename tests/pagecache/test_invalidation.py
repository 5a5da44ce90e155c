"""Never stale: after each kind of change, the next request shows it (issue 9).

Every page is first served from the cache (a hit), then the change is made the way the site
makes it (a save, the comment lifecycle, a reader's reports, the clock moving on), then the
next request must show the change. The same checks run on PostgreSQL + Redis in the scale-out
run; tests/pagecache/test_processes.py repeats the essentials across separate processes.
"""

import pytest

from articles.models import Article
from comments import lifecycle, reports
from comments.models import Comment
from shows.models import Character, ReleaseEvent, WatchProvider
from tests.factories import ArticleFactory, CastCreditFactory, CommentFactory, PersonFactory

pytestmark = pytest.mark.usefixtures("clock")

ARTICLE = "/news/season-2-is-coming/"
SHOW = "/shows/zombie-high/"
SEASON_1 = "/shows/zombie-high/season-1/"
SEASON_2 = "/shows/zombie-high/season-2/"
PERSON = "/people/park-ji-hu/"


def cached(client, *urls):
    """Serve each page once so that it is in the cache, and check that the next reader gets it from there."""
    for url in urls:
        client.get(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Page-Cache"] == "hit", url


def text(client, url):
    response = client.get(url)
    assert response["X-Page-Cache"] in {"miss", "hit"}, url
    return response.status_code, response.content.decode()


def shows(client, url, *present, absent=()):
    status, html = text(client, url)
    assert status == 200, url
    for words in present:
        assert words in html, (url, words)
    for words in absent:
        assert words not in html, (url, words)


# Articles ---------------------------------------------------------------------------------------------


def test_an_edited_article_shows_everywhere_at_once(client, site):
    pages = ["/", "/news/", ARTICLE, SHOW, SEASON_2, PERSON, "/feeds/news/", "/news/category/explainers/"]
    cached(client, *pages)
    article = site["article"]
    article.title = "Season 2 is confirmed"
    article.save()
    for url in pages:
        shows(client, url, "Season 2 is confirmed", absent=["Season 2 is coming"])


def test_a_published_article_appears_and_an_unpublished_one_goes(client, site):
    draft = ArticleFactory(draft=True, title="A fresh draft", slug="a-fresh-draft")
    cached(client, "/", "/news/", "/sitemap-articles.xml")
    draft.status, draft.published_at = Article.Status.PUBLISHED, site["article"].published_at
    draft.save()
    for url in ("/", "/news/", "/sitemap-articles.xml"):
        shows(client, url, "a-fresh-draft")
    cached(client, "/news/a-fresh-draft/")

    draft.status = Article.Status.UNPUBLISHED
    draft.save()
    assert client.get("/news/a-fresh-draft/").status_code == 404
    for url in ("/", "/news/", "/sitemap-articles.xml"):
        shows(client, url, absent=["a-fresh-draft"])


def test_a_deleted_article_is_gone_from_its_page_and_every_list(client, site):
    cached(client, ARTICLE, "/news/", SHOW, "/search/?q=coming")
    site["article"].delete()
    assert client.get(ARTICLE).status_code == 404
    for url in ("/news/", SHOW, "/search/?q=coming"):
        shows(client, url, absent=["Season 2 is coming"])


def test_a_scheduled_article_appears_when_its_time_comes_with_nothing_saved(client, site, clock):
    cached(client, "/", "/news/", SHOW)
    ArticleFactory(title="Trailer day", slug="trailer-day", published_at=clock.ahead(minutes=30))
    for url in ("/", "/news/", SHOW):
        shows(client, url, absent=["Trailer day"])
    cached(client, "/", "/news/")

    clock.advance(minutes=30)

    for url in ("/", "/news/"):
        shows(client, url, "Trailer day")
    shows(client, "/news/trailer-day/", "Trailer day")


def test_a_cached_page_never_outlives_the_next_scheduled_publication(client, site, clock):
    ArticleFactory(title="Trailer day", slug="trailer-day", published_at=clock.ahead(minutes=10))
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "s-maxage=60" in response["Cache-Control"]
    clock.advance(minutes=9, seconds=30)
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "s-maxage=30" in response["Cache-Control"]  # a proxy may not keep it past the moment either
    clock.advance(seconds=30)
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_a_renamed_category_or_tag_shows_on_the_article_and_the_lists(client, site):
    cached(client, ARTICLE, "/news/category/explainers/", "/news/tag/renewals/", "/news/")
    site["category"].name = "Guides"
    site["category"].save()
    site["tag"].name = "Renewed shows"
    site["tag"].save()
    # "Explainers" was in the menu of every page as well (a fragment kept under the site tag).
    shows(client, ARTICLE, "Guides", "Renewed shows", absent=["Renewals", "Explainers"])
    shows(client, "/news/category/explainers/", "Guides", absent=["Explainers"])
    shows(client, "/news/tag/renewals/", "Renewed shows")


def test_a_renamed_author_shows_in_bylines(client, site):
    cached(client, ARTICLE, "/news/")
    profile = site["article"].author_profile  # the byline: the name readers see, not the login's
    profile.display_name = "Mina Aouad"
    profile.save()
    shows(client, ARTICLE, "Mina Aouad")
    shows(client, "/news/", "Mina Aouad")


def test_signing_in_leaves_the_cache_alone(client, site):
    """Django writes last_login at each sign-in: no reader page depends on it."""
    from django.contrib.auth.signals import user_logged_in

    cached(client, ARTICLE)
    author = site["article"].author
    user_logged_in.send(sender=type(author), request=None, user=author)
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"


# Shows data: the pages that show it, and each article's fact box ----------------------------------------


def test_an_edited_show_shows_on_its_pages_and_in_fact_boxes(client, site):
    cached(client, SHOW, SEASON_2, ARTICLE, "/shows/", "/")
    site["show"].title = "Zombie High School"
    site["show"].save()
    for url in (SHOW, SEASON_2, ARTICLE, "/shows/", "/"):
        shows(client, url, "Zombie High School")


def test_an_edited_season_shows_on_its_page_and_in_fact_boxes(client, site):
    cached(client, SEASON_2, ARTICLE, "/")
    season = site["second"]
    season.title = "The Second Semester"
    season.save()
    for url in (SEASON_2, ARTICLE):
        shows(client, url, "The Second Semester")


def test_an_edited_episode_shows_on_its_season_page(client, site):
    cached(client, SEASON_1)
    episode = site["first"].episodes.get()
    episode.title = "Patient Zero"
    episode.save()
    shows(client, SEASON_1, "Patient Zero", absent=["The Outbreak"])


def test_a_renamed_person_shows_on_every_page_that_names_them(client, site):
    cached(client, PERSON, SEASON_2, SHOW, ARTICLE)
    actor = site["actor"]
    actor.name = "Park Ji-hu (박지후)"
    actor.save()
    for url in (PERSON, SEASON_2, SHOW, ARTICLE):
        shows(client, url, "Park Ji-hu (박지후)")


def test_a_renamed_character_and_a_new_credit_show_in_the_cast(client, site):
    cached(client, SEASON_2, ARTICLE, PERSON)
    character = Character.objects.get(name="Nam On-jo")
    character.name = "On-jo"
    character.save()
    newcomer = PersonFactory(name="Yoon Chan-young", slug="yoon-chan-young")
    CastCreditFactory(season=site["second"], person=newcomer, character_name="Lee Cheong-san")
    for url in (SEASON_2, ARTICLE):
        shows(client, url, "On-jo", "Yoon Chan-young", absent=["Nam On-jo"])
    shows(client, PERSON, "On-jo", absent=["Nam On-jo"])


def test_a_removed_credit_leaves_the_cast(client, site):
    cached(client, SEASON_2, ARTICLE, PERSON)
    site["credit"].delete()
    for url in (SEASON_2, ARTICLE):
        shows(client, url, absent=["as Nam On-jo", "Nam On-jo</"])


def test_a_renamed_provider_shows_where_to_watch(client, site):
    cached(client, SHOW, ARTICLE)
    provider = WatchProvider.objects.get(slug="netflix")
    provider.name = "Netflix Korea"
    provider.save()
    for url in (SHOW, ARTICLE):
        shows(client, url, "Netflix Korea")


def test_a_new_release_event_moves_the_timeline_the_status_and_the_fact_box(client, site):
    import datetime

    cached(client, SEASON_2, ARTICLE, "/shows/zombie-high/releases.ics")
    ReleaseEvent.objects.create(
        season=site["second"],
        date=datetime.date(2026, 3, 2),
        date_precision=ReleaseEvent.DatePrecision.DAY,
        kind=ReleaseEvent.Kind.PRODUCTION_STARTED,
        certainty=ReleaseEvent.Certainty.CONFIRMED,
        summary="Cameras rolled in Seoul.",
    )
    shows(client, SEASON_2, "Cameras rolled in Seoul.", "Filming")
    shows(client, ARTICLE, "Filming")


# Comments ---------------------------------------------------------------------------------------------


def held(site, body="A reply worth reading."):
    return CommentFactory(
        article=site["article"], name="Second Reader", body=body, status=Comment.Status.PENDING
    )


def test_an_approved_comment_shows_on_its_article_and_in_the_counts(client, site):
    comment = held(site)
    cached(client, ARTICLE, "/", "/news/", "/comments/feed/", f"{ARTICLE}comments/feed/")
    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    shows(client, ARTICLE, "A reply worth reading.", "2 comments")
    shows(client, "/news/", "2 comments")
    shows(client, "/", "2 comments")
    for feed in ("/comments/feed/", f"{ARTICLE}comments/feed/"):
        shows(client, feed, "Second Reader")


@pytest.mark.parametrize(
    "status",
    [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH],
    ids=["held", "spam", "trash"],
)
def test_a_comment_taken_down_leaves_its_article_and_the_counts(client, site, status):
    cached(client, ARTICLE, "/news/", f"{ARTICLE}comments/feed/")
    lifecycle.moderate(Comment.objects.filter(pk=site["comment"].pk), status)
    shows(client, ARTICLE, absent=["Cannot wait."])
    shows(client, "/news/", absent=["1 comment"])
    shows(client, f"{ARTICLE}comments/feed/", absent=["First Reader"])


def test_a_deleted_comment_leaves_its_article(client, site):
    cached(client, ARTICLE, "/comments/feed/")
    lifecycle.delete(Comment.objects.filter(pk=site["comment"].pk))
    shows(client, ARTICLE, absent=["Cannot wait."])
    shows(client, "/comments/feed/", absent=["First Reader"])


def test_a_comment_hidden_by_readers_reports_leaves_its_article(client, site, settings):
    settings.COMMENTS_REPORTS_TO_HIDE = 2
    cached(client, ARTICLE)
    for address in ("198.51.1.1", "198.51.2.1"):  # two networks: one network's reports never hide
        reports.report(site["comment"], address)
    shows(client, ARTICLE, absent=["Cannot wait."])


def test_an_edited_comment_shows_on_its_article(client, site, admin_client):
    cached(client, ARTICLE)
    comment = site["comment"]
    response = admin_client.post(
        f"/admin/comments/comment/{comment.pk}/change/",
        {
            "status": comment.status,
            "name": comment.name,
            "email": comment.email,
            "website": "",
            "body": "Cannot wait for the finale.",
            "flags-TOTAL_FORMS": "0",
            "flags-INITIAL_FORMS": "0",
            "flags-MIN_NUM_FORMS": "0",
            "flags-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    shows(client, ARTICLE, "Cannot wait for the finale.")


def test_a_held_comment_changes_no_cached_page(client, site):
    """Nobody but its author sees it (through a URL never served from the cache)."""
    cached(client, ARTICLE, "/news/")
    held(site)
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"
    assert client.get("/news/")["X-Page-Cache"] == "hit"


def test_another_articles_comments_leave_this_article_cached(client, site):
    other = ArticleFactory(title="Another story", slug="another-story")
    cached(client, ARTICLE)
    CommentFactory(article=other)
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"

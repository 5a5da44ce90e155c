import datetime
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from shows.models import CastCredit, WatchProvider
from tests.factories import (
    ArticleFactory,
    CastCreditFactory,
    CommentFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    TagFactory,
    UserFactory,
    png_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


# /news/ ----------------------------------------------------------------------------------------------


@pytest.fixture
def three_stories(clock):
    """Three live stories created out of date order, plus a draft and a scheduled story."""
    ArticleFactory(title="Middle story", published_at=clock.ago(days=2))
    ArticleFactory(title="Newest story", published_at=clock.ago(hours=1))
    ArticleFactory(title="Oldest story", published_at=clock.ago(days=3))
    ArticleFactory(title="Unfinished draft", draft=True)
    ArticleFactory(title="Embargoed teaser", published_at=clock.tomorrow)


def test_news_lists_published_articles_newest_first(client, three_stories):
    html = client.get("/news/").content.decode()

    assert html.index("Newest story") < html.index("Middle story") < html.index("Oldest story")


def test_news_never_lists_drafts_or_scheduled_articles(client, three_stories):
    response = client.get("/news/")

    assertNotContains(response, "Unfinished draft")
    assertNotContains(response, "Embargoed teaser")


def test_news_is_paginated(client, settings, three_stories):
    settings.ARTICLES_PER_PAGE = 2

    first = client.get("/news/")
    second = client.get("/news/?page=2")

    assertContains(first, "Newest story")
    assertContains(first, "Middle story")
    assertNotContains(first, "Oldest story")
    assertContains(first, 'href="?page=2"')
    assertContains(second, "Oldest story")
    assertNotContains(second, "Newest story")
    for response in (first, second):
        assertNotContains(response, "Unfinished draft")
        assertNotContains(response, "Embargoed teaser")


@pytest.mark.parametrize("page", ["99999", "abc", "0"])
def test_news_page_out_of_range_or_not_a_number_is_not_found(client, settings, three_stories, page):
    settings.ARTICLES_PER_PAGE = 2

    assert client.get(f"/news/?page={page}").status_code == 404


# /news/<slug>/ ---------------------------------------------------------------------------------------


@pytest.fixture
def season_2_story():
    """A story about All of Us Are Dead, linked to both seasons; the fact box should pick season 2."""
    show = ShowFactory(title="All of Us Are Dead", platform="Netflix")
    season_1 = SeasonFactory(show=show, number=1)
    season_2 = SeasonFactory(show=show, number=2, upcoming=True)
    CastCreditFactory(
        season=season_2, person__name="Yoon Chan-young", character_name="Lee Cheong-san", billing_order=2
    )
    CastCreditFactory(season=season_2, person__name="Park Ji-hu", character_name="Nam On-jo", billing_order=1)
    CastCreditFactory(season=season_2, person__name="Guest Star", kind=CastCredit.Kind.GUEST, billing_order=0)
    article = ArticleFactory(
        title="All of Us Are Dead season 2: everything we know",
        slug="season-2-everything-we-know",
        summary="Netflix has renewed the zombie hit.",
        body="## Release date\n\nNot before 2025.\n\n## Who is back\n\nMost of the survivors.",
        author=UserFactory(username="mina", first_name="Mina", last_name="Aouad"),
        published_at=datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC),
        hero_image=png_upload("roof.png", width=8, height=6),
        hero_alt="Students on the school roof",
    )
    article.seasons.set([season_1, season_2])
    article.tags.set([TagFactory(name="Renewals"), TagFactory(name="Zombies")])
    return article


def test_article_page_shows_title_summary_byline_and_date(client, season_2_story):
    response = client.get("/news/season-2-everything-we-know/")

    assertContains(response, "All of Us Are Dead season 2: everything we know")
    assertContains(response, "Netflix has renewed the zombie hit.")
    assertContains(
        response, '<a class="byline__author" rel="author" href="/authors/mina-aouad/">Mina Aouad</a>'
    )
    assertContains(response, '<time datetime="2024-03-05T10:00:00+0000">5 March 2024</time>')


def test_article_page_shows_the_hero_image_with_alt_text_and_dimensions(client, season_2_story):
    response = client.get("/news/season-2-everything-we-know/")

    rendition = season_2_story.hero_image.url.replace("/media/", "/media/renditions/")[:-4] + "-8w.png"
    assertContains(response, f'<img src="{rendition}" srcset="{rendition} 8w"')
    assertContains(
        response,
        'width="8" height="6" alt="Students on the school roof" loading="eager" fetchpriority="high"',
    )
    assertNotContains(response, f'src="{season_2_story.hero_image.url}"')


def test_article_page_shows_the_body_table_of_contents_and_tags(client, season_2_story):
    response = client.get("/news/season-2-everything-we-know/")

    assertContains(response, '<h2 id="section-release-date">Release date</h2>')
    assertContains(response, "<p>Not before 2025.</p>")
    assertContains(response, '<a href="#section-release-date">Release date</a>')
    assertContains(response, '<a href="#section-who-is-back">Who is back</a>')
    assertContains(response, ">Renewals</a></li>")
    assertContains(response, ">Zombies</a></li>")


def test_article_fact_box_shows_the_upcoming_seasons_live_facts(client, season_2_story):
    html = client.get("/news/season-2-everything-we-know/").content.decode()
    fact_box = html[html.index('<section class="fact-box"') : html.index("</section>")]

    assert "All of Us Are Dead: Season 2" in fact_box
    assert "<dt>Status</dt><dd>Renewed</dd>" in fact_box
    assert "<dt>Expected</dt><dd>2027–2028 (not confirmed)</dd>" in fact_box
    assert "<dt>Where to watch</dt><dd>Netflix</dd>" in fact_box
    assert "<dt>Returning cast</dt>" in fact_box
    assert fact_box.index(">Park Ji-hu</a> as Nam On-jo") < fact_box.index(
        ">Yoon Chan-young</a> as Lee Cheong-san"
    )
    assert "Guest Star" not in fact_box


def test_the_fact_box_names_the_show_its_services_and_cast_as_they_are_now(client, settings):
    """The fact box carries the show's, services', people's and characters' names in its own
    queries (articles.factbox): each edit shows on the next request, with or without fragments."""
    season = SeasonFactory(show=ShowFactory(title="Old title"), number=2, upcoming=True)
    credit = CastCreditFactory(
        season=season, person=PersonFactory(name="Old name"), character_name="Old part"
    )
    article = ArticleFactory(slug="story")
    article.seasons.add(season)
    client.get("/news/story/")

    season.show.title = "New title"
    season.show.save()
    provider = WatchProvider.objects.get(name="Netflix")
    provider.name = "Netflix Korea"
    provider.save()
    credit.person.name = "New name"
    credit.person.save()
    credit.character.name = "New part"
    credit.character.save()
    for fragments in (True, False):
        settings.FRAGMENT_CACHE = fragments
        html = client.get("/news/story/").content.decode()
        fact_box = html[html.index('<section class="fact-box"') : html.index("</section>")]

        assert "New title: Season 2" in fact_box
        assert "<dt>Where to watch</dt><dd>Netflix Korea</dd>" in fact_box
        assert f'<a href="/people/{credit.person.slug}/">New name</a> as New part' in fact_box


def test_the_fact_box_follows_the_first_unreleased_season_by_show_title_and_number(client):
    released = SeasonFactory(show=ShowFactory(title="A show"), number=1)
    later = SeasonFactory(show=ShowFactory(title="B show"), number=1, upcoming=True)
    first = SeasonFactory(show=released.show, number=3, upcoming=True)
    article = ArticleFactory(slug="story")
    article.seasons.set([later, released, first])

    html = client.get("/news/story/").content.decode()

    assert f'<a href="/shows/{first.show.slug}/season-3/">A show: Season 3</a>' in html


def test_draft_article_page_is_not_found(client):
    ArticleFactory(slug="draft", draft=True)

    assert client.get("/news/draft/").status_code == 404


def test_scheduled_article_page_is_not_found_until_its_time(client, clock):
    ArticleFactory(slug="scheduled", published_at=clock.tomorrow)

    assert client.get("/news/scheduled/").status_code == 404


def test_unknown_article_page_is_not_found(client):
    assert client.get("/news/no-such-story/").status_code == 404


def test_article_heading_ids_never_clash_with_ids_of_the_page_around_the_body(client):
    ArticleFactory(slug="clash", body="## Main points\n\nFirst.\n\n## Comments\n\nWhat readers said.")

    html = client.get("/news/clash/").content.decode()

    assert html.count('id="comments"') == 1


def test_ids_pasted_as_html_into_the_body_are_dropped(client):
    ArticleFactory(slug="pasted", body='<h2 id="main">Main</h2>\n\n<h3 id="comments">Said</h3>\n\n## Ours')

    html = client.get("/news/pasted/").content.decode()

    assert html.count('id="main"') == 1
    assert html.count('id="comments"') == 1
    assert 'id="section-ours"' in html


# Query budgets ----------------------------------------------------------------------------------------
# Each page is rendered with a small and a large data set and must take exactly the same number of
# queries: a count that grows with the data means a query inside a loop.


@pytest.mark.parametrize(
    ("tags", "seasons", "credits_per_season", "people", "comments"),
    [
        pytest.param(2, 1, 3, 2, 2, id="small"),
        pytest.param(10, 3, 10, 20, 40, id="large"),
    ],
)
def test_article_page_query_count_does_not_grow_with_related_data(
    client, clock, django_assert_num_queries, tags, seasons, credits_per_season, people, comments
):
    """Guards against a query per tag, per linked person, per fact-box cast member (credit.person),
    per season (season.show), per comment, and per related, previous or next article (author, category).

    The budget: the article (with its author and section); its tags, its fact box's seasons (with
    providers and credits) and people; related articles; the previous and the next article (one
    query); the approved comments; the menu's sections. (12 before the article's shows were read
    by a subquery of the related stories' query and the neighbours came in one.)"""
    show = ShowFactory()
    shared_tags = TagFactory.create_batch(tags)
    neighbours = [
        ArticleFactory(published_at=clock.ago(days=offset), author=UserFactory())
        for offset in ((1, 2, 3) if tags == 2 else range(1, 10))
    ]
    for neighbour in neighbours:
        neighbour.tags.set(shared_tags[:1])
        neighbour.shows.set([show])
    ArticleFactory(published_at=clock.ago(minutes=1))
    article = ArticleFactory(slug="busy-story", published_at=clock.ago(hours=5))
    article.tags.set(shared_tags)
    article.shows.set([show])
    article.people.set(PersonFactory.create_batch(people))
    for number in range(1, seasons + 1):
        season = SeasonFactory(show=show, number=number, upcoming=True)
        CastCreditFactory.create_batch(credits_per_season, season=season)
        article.seasons.add(season)
    CommentFactory.create_batch(comments, article=article)

    with django_assert_num_queries(10):
        response = client.get("/news/busy-story/")

    html = response.content.decode()
    assert html.count('class="comment"') == comments
    assert html.count('<li><a href="/news/article-') == min(len(neighbours), 4)  # related stories
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    assert html.count(" as Character ") == credits_per_season


@pytest.mark.parametrize("size", [pytest.param(3, id="3-articles"), pytest.param(25, id="25-articles")])
def test_news_query_count_does_not_grow_with_articles(client, settings, django_assert_num_queries, size):
    """Guards against a query per article card for its author (article.author). The budget: the
    count, the page of articles, the menu's sections."""
    settings.ARTICLES_PER_PAGE = 20
    ArticleFactory.create_batch(size)

    with django_assert_num_queries(3):
        response = client.get("/news/")

    assert response.content.decode().count('<article class="article-card') == min(size, 20)


@pytest.mark.parametrize(
    ("articles", "upcoming"),
    [pytest.param(3, 1, id="3-articles-1-upcoming"), pytest.param(25, 8, id="25-articles-8-upcoming")],
)
def test_home_query_count_does_not_grow_with_articles_or_releases(
    client, django_assert_num_queries, articles, upcoming
):
    """Guards against a query per article card (article.author, article.category), per upcoming release
    (season.show) and per show (its seasons and providers); most-commented reads comment_count.

    The budget: latest articles (which also fill the sections), most commented, shows with their
    providers (the row of shows reads no season), upcoming, the menu's sections."""
    for index, article in enumerate(ArticleFactory.create_batch(articles)):
        Article.objects.filter(pk=article.pk).update(comment_count=index)
    for _ in range(upcoming):
        SeasonFactory(upcoming=True, number=2)

    with django_assert_num_queries(6):
        response = client.get("/")

    html = response.content.decode()
    most_commented = html[html.index('id="most-commented-heading"') : html.index('id="shows-heading"')]
    assert most_commented.count("<li>") == min(articles - 1, 5)

    assert response.content.decode().count("(not confirmed)") == min(upcoming, 6)


@pytest.mark.django_db
def test_time_elements_carry_valid_html_datetimes_even_with_microseconds(client, clock):
    """HTML allows at most three digits of fractional seconds; real timestamps carry six."""
    published = clock.ago(days=2).replace(microsecond=123456)
    article = ArticleFactory(published_at=published)
    ArticleFactory(published_at=published - datetime.timedelta(days=1))
    for url in ("/", "/news/", article.get_absolute_url(), "/search/?q=article"):
        html = client.get(url).content.decode()
        datetimes = re.findall(r'<time datetime="([^"]+)"', html)
        assert datetimes, url
        for value in datetimes:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d{4})?", value), (url, value)

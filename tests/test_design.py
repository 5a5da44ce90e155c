"""The reader's side as designed in issue 12: the brand, the home page's sections, and the rough
edges readers met (repeated breadcrumbs and lists, placeholders for released seasons, empty
columns, run-together snippets)."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from search.engine import search
from tests.factories import (
    ArticleFactory,
    CastCreditFactory,
    CategoryFactory,
    EpisodeFactory,
    PersonFactory,
    ReleaseEventFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


def test_the_brand_is_a_setting_that_names_no_single_show(client, settings):
    from aouad_site import settings as defaults

    assert defaults.SITE_NAME == "Dead Air"  # the default, for a site that covers several shows
    settings.SITE_NAME = "Night Desk"
    response = client.get("/")
    assertContains(response, '<a class="site-brand" href="/">Night Desk</a>')
    assertContains(response, "<title>Night Desk: TV news, release dates and cast</title>")
    assertNotContains(response, "All of Us Are Dead News")


def test_the_menu_reaches_every_section_and_the_shows(client):
    CategoryFactory(name="Recaps", slug="recaps", position=2)
    html = client.get("/news/category/recaps/").content.decode()
    menu = html[
        html.index('<nav class="site-nav"') : html.index("</nav>", html.index('<nav class="site-nav"'))
    ]
    assert '<a href="/news/category/recaps/" aria-current="page">Recaps</a>' in menu
    assert '<a href="/shows/">Shows</a>' in menu
    assert '<a href="/news/category/news/">News</a>' in menu


def test_home_groups_recent_stories_by_section_in_menu_order(client):
    recaps = CategoryFactory(name="Recaps", slug="recaps", position=2)
    ArticleFactory(
        title="A recap", category=recaps, published_at=timezone.now() - datetime.timedelta(hours=2)
    )
    ArticleFactory(title="A news story", published_at=timezone.now() - datetime.timedelta(hours=3))
    html = client.get("/").content.decode()
    news = html.index('id="section-news-heading"')
    recap = html.index('id="section-recaps-heading"')
    assert news < recap
    assert "A news story" in html[news:recap]
    assert "A recap" in html[recap : html.index('id="upcoming-heading"')]


def test_article_breadcrumb_names_each_level_once(client):
    ArticleFactory(slug="story")  # in News, the default section
    html = client.get("/news/story/").content.decode()
    crumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', html).group(1)
    assert re.findall(r">([^<>]+)</a>", crumbs) == ["Home", "News"]


def test_article_fact_box_comes_before_the_body_and_its_cast_is_not_listed_again(client):
    season = SeasonFactory(upcoming=True, number=2)
    in_box = CastCreditFactory(season=season, person__name="Park Ji-hu").person
    extra = PersonFactory(name="Joo Dong-geun")
    article = ArticleFactory(slug="story")
    article.seasons.set([season])
    article.people.set([in_box, extra])

    html = client.get("/news/story/").content.decode()

    assert html.index('<section class="fact-box"') < html.index('<div class="article__body">')
    assert html.count(">Park Ji-hu</a>") == 1
    assert "People in this story" not in html
    assertContains(client.get("/news/story/"), "Also in this story")
    assert ">Joo Dong-geun</a>" in html


def test_a_released_season_tells_how_it_came_out_not_what_we_know_so_far(client):
    released = SeasonFactory(show__slug="show", number=1)
    ReleaseEventFactory(season=released, kind="released", date=datetime.date(2022, 1, 28))
    upcoming = SeasonFactory(show=released.show, number=2, upcoming=True)
    ReleaseEventFactory(season=upcoming)

    assertContains(client.get("/shows/show/season-1/"), ">How it came out</h2>")
    assertNotContains(client.get("/shows/show/season-1/"), "What we know so far")
    assertContains(client.get("/shows/show/season-2/"), ">What we know so far</h2>")


def test_episodes_out_on_one_day_say_it_once_and_empty_columns_are_left_out(client):
    season = SeasonFactory(show__slug="show", number=1)
    for number in (1, 2, 3):
        EpisodeFactory(season=season, number=number)

    response = client.get("/shows/show/season-1/")

    assertContains(response, "All 3 episodes came out together on")
    assertContains(response, '<time datetime="2022-01-28">28 January 2022</time>.</p>')
    assertNotContains(response, ">Aired</th>")
    assertNotContains(response, ">Runtime</th>")
    assertContains(response, '<tr class="episode"><th scope="row">Episode 2</th></tr>', html=False)


def test_episodes_with_their_own_dates_and_runtimes_show_those_columns(client):
    season = SeasonFactory(show__slug="show", number=1)
    EpisodeFactory(season=season, number=1, title="Pilot", runtime=61)
    EpisodeFactory(season=season, number=2, air_date=datetime.date(2022, 2, 4))

    response = client.get("/shows/show/season-1/")

    assertContains(response, ">Aired</th>")
    assertContains(response, ">Runtime</th>")
    assertContains(response, "61 min")
    assertContains(response, '<span class="episode-table__number">1.</span> Pilot')
    assertNotContains(response, "came out together")


def test_show_page_leads_with_title_status_and_where_to_watch_and_names_the_title_once(client):
    ShowFactory(title="Weak Hero Class", slug="weak-hero", status="renewed")
    html = client.get("/shows/weak-hero/").content.decode()
    hero = html[html.index('<header class="title-hero') : html.index("</header>", html.index("title-hero"))]
    assert '<h1 id="show-title" class="page-title">Weak Hero Class</h1>' in hero
    assert "Renewed</span>" in hero
    assert "Where to watch:" in hero and "Netflix" in hero
    # No poster: no empty column beside the title.
    assert "title-hero__poster" not in hero
    assert hero.count("Weak Hero Class") == 1


def test_search_snippets_keep_headings_apart_from_the_sentences_after_them(clock):
    ArticleFactory(title="Guide", body="## What you need\n\nA Netflix subscription is all it takes.")
    [result] = search("subscription")
    assert "What you need · A Netflix" in result.snippet


def test_a_long_unbroken_search_query_is_marked_to_wrap(client):
    response = client.get("/search/", {"q": "x" * 150})
    assertContains(response, f'<span class="query-echo">{"x" * 150}</span>')


def test_site_name_never_shows_the_code_name(client):
    ArticleFactory(slug="story")
    for url in ("/", "/news/story/", "/news/", "/shows/", "/search/?q=x", "/missing/"):
        assert "aouad_site" not in client.get(url).content.decode(), url
    assert settings.SITE_NAME in client.get("/").content.decode()

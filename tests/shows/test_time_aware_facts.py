"""Facts that stay true as time passes (issue 14): a window that passed is history, a confirmed day
releases its season on the day, and every page (cached or not) changes at that moment with
nothing saved. The clock stands before, inside and after a window, and on a release day."""

import datetime
import json
import re

import feedparser
import icalendar
import pytest

from pagecache import expiry
from shows.models import Season
from tests.factories import ArticleFactory, SeasonFactory, ShowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

UTC = datetime.UTC
# Season 2's window is 2024–2025, unconfirmed: its last day is 31 December 2025.
IN_THE_WINDOW = datetime.datetime(2025, 12, 31, 23, 59, tzinfo=UTC)
WINDOW_PASSED = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
BEFORE_THE_WINDOW = datetime.datetime(2023, 11, 20, 12, 0, tzinfo=UTC)
# Season 3 has a confirmed release day.
RELEASE_DAY = datetime.date(2026, 9, 18)
EVE = datetime.datetime(2026, 9, 17, 23, 59, tzinfo=UTC)
ON_THE_DAY = datetime.datetime(2026, 9, 18, 0, 0, tzinfo=UTC)

PASSED_NOTE = "expected 2024–2025; that window passed with no release announced"
SEASON_2 = "/shows/all-of-us-are-dead/season-2/"
SEASON_3 = "/shows/all-of-us-are-dead/season-3/"
ARTICLE = "/news/season-2-what-we-know/"


@pytest.fixture
def show(clock):
    clock.move_to(BEFORE_THE_WINDOW)
    show = ShowFactory(title="All of Us Are Dead", slug="all-of-us-are-dead", platform="Netflix")
    SeasonFactory(show=show, number=1)
    season_2 = SeasonFactory(show=show, number=2, missed=True)
    ArticleFactory(title="Season 2: what we know", slug="season-2-what-we-know").seasons.set([season_2])
    return show


@pytest.fixture
def season_3(show):
    return SeasonFactory(
        show=show, number=3, status=Season.Status.DATE_SET, release_start=RELEASE_DAY, release_confirmed=True
    )


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def between(page, start, end):
    return page[page.index(start) : page.index(end, page.index(start))]


def upcoming_box(client):
    return between(html(client, "/"), 'id="upcoming-heading"', "</section>")


def fact_box(client):
    return between(html(client, ARTICLE), '<section class="fact-box"', "</section>")


def json_ld(client, url):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html(client, url), re.S)
    return json.loads(block)


def calendar_events(client):
    calendar = icalendar.Calendar.from_ical(client.get("/shows/all-of-us-are-dead/releases.ics").content)
    return sorted((event.decoded("dtstart"), str(event["summary"])) for event in calendar.walk("VEVENT"))


def feed_description(client):
    return feedparser.parse(client.get("/shows/all-of-us-are-dead/feed/").content).feed.description


# A window ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("moment", [BEFORE_THE_WINDOW, IN_THE_WINDOW], ids=["before", "inside"])
def test_a_window_still_ahead_is_expected_everywhere(client, show, clock, moment):
    clock.move_to(moment)

    assert "<dt>Expected</dt>" in html(client, SEASON_2)
    assert '<span class="release">2024–2025 (not confirmed)</span>' in html(client, SEASON_2)
    assert "2024–2025 (not confirmed)" in upcoming_box(client)
    assert "<dt>Expected</dt><dd>2024–2025 (not confirmed)</dd>" in fact_box(client)
    assert feed_description(client).endswith("Season 2: Expected 2024–2025 (not confirmed).")
    assert "passed" not in html(client, SEASON_2) + html(client, "/")


def test_a_window_that_passed_is_history_on_every_page(client, show, clock):
    clock.move_to(WINDOW_PASSED)

    season_page = html(client, SEASON_2)
    assert "<dt>Expected</dt>" not in season_page
    assert "<dt>Release</dt>" in season_page
    assert (
        f'<span class="release">No date yet</span> <span class="release__history">({PASSED_NOTE})</span>'
        in (season_page)
    )
    assert f"No date yet ({PASSED_NOTE})" in between(season_page, "<title>", "</head>")
    assert PASSED_NOTE in between(html(client, "/shows/all-of-us-are-dead/"), 'id="seasons-heading"', "</ul>")
    assert "<dt>Expected</dt>" not in fact_box(client)
    assert f'<dt>Release</dt><dd>No date yet <span class="release__history">({PASSED_NOTE})</span>' in (
        fact_box(client)
    )
    assert "2024–2025 (not confirmed)" not in upcoming_box(client)
    assert feed_description(client).endswith(f"Season 2: No date yet ({PASSED_NOTE}).")
    data = json_ld(client, SEASON_2)
    assert "startDate" not in data and "datePublished" not in data


def test_upcoming_releases_list_windows_still_ahead_then_seasons_with_no_date(client, show, clock):
    later = SeasonFactory(show=show, number=4, upcoming=True)  # 2027–2028
    sooner = SeasonFactory(
        show__title="Sweet Home", number=1, status="renewed", release_precision="year",
        release_start=datetime.date(2026, 1, 1), release_confirmed=False,
    )  # fmt: skip
    undated = SeasonFactory(
        show__title="Aardvark", number=1, status="announced", release_precision="unknown", release_start=None
    )
    clock.move_to(WINDOW_PASSED)

    listed = list(Season.objects.upcoming())
    box = upcoming_box(client)

    season_2 = Season.objects.get(show=show, number=2)
    assert listed == [sooner, later, undated, season_2]
    assert box.index("Sweet Home") < box.index("Season 4") < box.index("Aardvark") < box.index("Season 2")
    assert f'No date yet</span> <span class="release__history">({PASSED_NOTE})</span>' in box


# A confirmed release day ----------------------------------------------------------------------------------


def test_the_eve_of_a_confirmed_day_counts_down_and_calls_it_upcoming(client, season_3, clock):
    clock.move_to(EVE)

    page = html(client, SEASON_3)
    assert "<dt>Status</dt><dd>Release date set</dd>" in page
    assert 'data-countdown="2026-09-18"' in page
    assert "Season 3" in upcoming_box(client)
    data = json_ld(client, SEASON_3)
    assert (data.get("startDate"), data.get("datePublished")) == ("2026-09-18", None)
    assert (RELEASE_DAY, "All of Us Are Dead: Season 3 released") in calendar_events(client)


def test_on_the_day_the_season_is_released_with_nothing_saved(client, season_3, clock):
    clock.move_to(ON_THE_DAY)

    page = html(client, SEASON_3)
    assert "<dt>Status</dt><dd>Released</dd>" in page
    assert "<dt>Released</dt>" in page
    assert "data-countdown" not in page
    assert "Season 3" not in upcoming_box(client)
    data = json_ld(client, SEASON_3)
    assert (data.get("startDate"), data.get("datePublished")) == (None, "2026-09-18")
    show_data = json_ld(client, "/shows/all-of-us-are-dead/")
    assert [season.get("datePublished") for season in show_data["containsSeason"]] == [
        "2022-01-28",
        None,
        "2026-09-18",
    ]
    assert (RELEASE_DAY, "All of Us Are Dead: Season 3 released") in calendar_events(client)
    assert Season.objects.get(pk=season_3.pk).status == Season.Status.DATE_SET  # nothing was stored


def test_the_fact_box_of_a_season_out_today_says_released(client, season_3, clock):
    ArticleFactory(slug="season-3-date", title="Season 3 date").seasons.set([season_3])
    clock.move_to(EVE)
    before = between(html(client, "/news/season-3-date/"), '<section class="fact-box"', "</section>")
    clock.move_to(ON_THE_DAY)
    after = between(html(client, "/news/season-3-date/"), '<section class="fact-box"', "</section>")

    assert "<dt>Expected</dt>" in before and "<dd>Release date set</dd>" in before
    assert '<dt>Released</dt><dd><time datetime="2026-09-18">18 September 2026</time></dd>' in after
    assert "<dt>Status</dt><dd>Released</dd>" in after


def test_a_reported_day_that_passed_leaves_the_calendar_and_is_history(client, show, clock):
    SeasonFactory(show=show, number=5, status="renewed", release_start=RELEASE_DAY, release_confirmed=False)
    clock.move_to(EVE)
    assert (RELEASE_DAY, "All of Us Are Dead: Season 5 released (not confirmed)") in calendar_events(client)

    clock.move_to(ON_THE_DAY + datetime.timedelta(days=1))

    assert all(day != RELEASE_DAY for day, _summary in calendar_events(client))
    page = html(client, "/shows/all-of-us-are-dead/season-5/")
    assert "expected 18 September 2026; that window passed with no release announced" in page


# The page cache -----------------------------------------------------------------------------------------


def cached(client, url):
    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    return second.content


@pytest.mark.parametrize(
    "url", ["/", SEASON_2, ARTICLE, "/shows/all-of-us-are-dead/", "/shows/all-of-us-are-dead/feed/"]
)
def test_a_page_cached_inside_the_window_changes_when_it_passes(client, show, clock, url):
    clock.move_to(IN_THE_WINDOW)
    before = cached(client, url)

    clock.move_to(WINDOW_PASSED)
    response = client.get(url)

    assert response["X-Page-Cache"] == "miss"
    assert response.content != before
    assert PASSED_NOTE in response.content.decode()


@pytest.mark.parametrize("url", ["/", SEASON_3, "/shows/all-of-us-are-dead/"])
def test_a_page_cached_on_the_eve_changes_on_the_release_day(client, season_3, clock, url):
    clock.move_to(EVE)
    before = cached(client, url)

    clock.move_to(ON_THE_DAY)
    response = client.get(url)

    assert response["X-Page-Cache"] == "miss"
    assert response.content != before


def test_expiry_sources_name_the_end_of_a_window_and_a_release_day(season_3, clock):
    clock.move_to(IN_THE_WINDOW)
    assert Season.objects.next_window_close(IN_THE_WINDOW) == WINDOW_PASSED
    assert Season.objects.next_release_change(IN_THE_WINDOW) == ON_THE_DAY
    assert expiry.next_change(IN_THE_WINDOW) == WINDOW_PASSED

    assert Season.objects.next_window_close(WINDOW_PASSED) == ON_THE_DAY + datetime.timedelta(days=1)
    assert expiry.next_change(WINDOW_PASSED) == ON_THE_DAY
    assert expiry.next_change(ON_THE_DAY) is None


# One rule, in Python and in the database -----------------------------------------------------------------


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 1),
    ]
    + [RELEASE_DAY - datetime.timedelta(days=1), RELEASE_DAY, datetime.date(2027, 1, 1)],
)
def test_the_querysets_agree_with_release_facts_on_any_day(show, season_3, today):
    for number, fields in enumerate(
        [
            {"release_precision": "month", "release_start": datetime.date(2026, 3, 5)},
            {"release_precision": "year", "release_start": datetime.date(2026, 7, 1)},
            {"release_precision": "day", "release_start": RELEASE_DAY + datetime.timedelta(days=2)},
            {"release_precision": "unknown", "release_start": None},
        ],
        start=6,
    ):
        SeasonFactory(show=show, number=number, status="renewed", release_confirmed=False, **fields)

    seasons = list(Season.objects.all())
    upcoming = set(Season.objects.upcoming(today))
    unreleased = set(Season.objects.unreleased(today))
    ahead = set(Season.objects.upcoming(today).filter(undated=False))

    for season in seasons:
        facts = season.release_facts(today)
        assert (season in unreleased) == (not facts.released), season
        assert (season in upcoming) == (not facts.released), season
        assert (season in ahead) == facts.ahead, season

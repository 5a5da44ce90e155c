"""Timeline, episodes, crew, countdown, JSON-LD and the iCalendar feed on the show pages."""

import datetime
import json
import re

import icalendar
import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from shows.models import CastCredit, ReleaseEvent, Season
from tests.conftest import FROZEN_AT
from tests.factories import (
    CastCreditFactory,
    CrewCreditFactory,
    EpisodeFactory,
    PersonFactory,
    ReleaseEventFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

# Ten days after the day the shared clock stands still on (tests/conftest.py).
IN_TEN_DAYS = FROZEN_AT.date() + datetime.timedelta(days=10)


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), flags=re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def show():
    show = ShowFactory(
        title="All of Us Are Dead",
        slug="all-of-us-are-dead",
        original_title="지금 우리 학교는",
        original_title_romanized="Jigeum Uri Hakgyoneun",
        genres="Horror, Zombie",
        based_on="The Naver webtoon Now at Our School by Joo Dong-geun",
        platform="Netflix",
        first_air_date=datetime.date(2022, 1, 28),
    )
    CrewCreditFactory(show=show, job="director", person__name="Lee Jae-kyoo", person__slug="lee-jae-kyoo")
    CrewCreditFactory(show=show, job="director", person__name="Kim Nam-su")
    CrewCreditFactory(show=show, job="writer", person__name="Chun Sung-il")
    return show


@pytest.fixture
def season_1(show):
    season = SeasonFactory(show=show, number=1)
    for number in range(1, 4):
        EpisodeFactory(season=season, number=number)
    CastCreditFactory(season=season, person__name="Park Ji-hu", character_name="Nam On-jo", billing_order=1)
    CastCreditFactory(
        season=season, person__name="Kim Byung-chul", character_name="Lee Byeong-chan", kind="recurring"
    )
    return season


@pytest.fixture
def season_2(show):
    season = SeasonFactory(show=show, number=2, upcoming=True)
    ReleaseEventFactory(
        season=season,
        date=datetime.date(2022, 6, 1),
        kind=ReleaseEvent.Kind.RENEWED,
        summary="Netflix renewed the series.",
    )
    ReleaseEventFactory(
        season=season,
        date=datetime.date(2023, 3, 1),
        kind=ReleaseEvent.Kind.UPDATE,
        certainty=ReleaseEvent.Certainty.REPORTED,
        summary="Park Ji-hu said production had not started.",
        source_url="/news/season-2/",
    )
    return season


def test_show_page_names_genres_crew_and_where_to_watch(client, show):
    response = client.get(show.get_absolute_url())

    assertContains(response, "<dt>Genres</dt><dd>Horror, Zombie</dd>")
    assertContains(
        response,
        '<dt>Directed by</dt><dd><a href="/people/lee-jae-kyoo/">Lee Jae-kyoo</a>, <a href="/people/',
    )
    assertContains(response, ">Chun Sung-il</a></dd>")
    assertContains(response, "Joo Dong-geun")
    assertContains(response, '<h2 id="watch-heading" class="fact-panel__heading">Where to watch</h2>')
    assertContains(response, 'href="/shows/all-of-us-are-dead/releases.ics"')


def test_season_page_timeline_lists_what_we_know_newest_first_with_certainty(client, season_2):
    html = client.get(season_2.get_absolute_url()).content.decode()

    assert "What we know so far" in html
    assert html.index("Park Ji-hu said production had not started.") < html.index(
        "Netflix renewed the series."
    )
    assert '<time datetime="2023-03">March 2023</time>' in html
    assert '<span class="certainty certainty--reported">Reported</span>' in html
    assert '<span class="certainty certainty--confirmed">Confirmed</span>' in html
    assert '<a href="/news/season-2/">Source</a>' in html


def test_season_page_shows_a_window_not_a_made_up_day_and_no_countdown(client, season_2):
    response = client.get(season_2.get_absolute_url())

    assertContains(response, '<span class="release">2027–2028 (not confirmed)</span>')
    assertNotContains(response, "data-countdown")


def test_season_page_groups_the_cast_by_kind_and_lists_untitled_episodes_by_number(client, season_1):
    html = client.get(season_1.get_absolute_url()).content.decode()
    html = html[html.index("<main") :]

    assert html.index("Main cast") < html.index("Park Ji-hu") < html.index("Recurring cast")
    assert html.index("Recurring cast") < html.index("Kim Byung-chul")
    assert html.count('<tr class="episode">') == 3
    # Untitled episodes are named by their number; released together, their date is said once.
    assert '<tr class="episode"><th scope="row">Episode 3</th></tr>' in html
    assert 'All 3 episodes came out together on <time datetime="2022-01-28">28 January 2022</time>.' in html


def test_a_set_release_date_gets_a_countdown_with_the_date_in_the_html(client, show):
    season = SeasonFactory(
        show=show, number=3, status=Season.Status.DATE_SET, release_start=IN_TEN_DAYS, episode_count=None
    )

    response = client.get(season.get_absolute_url())

    day = IN_TEN_DAYS.isoformat()
    assertContains(response, f'<p class="countdown" data-countdown="{day}">Out on <time datetime="{day}">')
    assertContains(response, '<script src="/static/js/shows.js" defer></script>')
    assertNotContains(response, "<script>")


def test_person_page_lists_crew_work_and_aliases(client, show):
    person = PersonFactory(slug="lomon", name="Lomon", birth_name="Park Solomon", aliases="Solomon Park")
    CrewCreditFactory(show=show, person=person, job="creator")

    response = client.get(person.get_absolute_url())

    assertContains(response, "born Park Solomon · also known as Solomon Park")
    assertContains(response, 'Created by: <a href="/shows/all-of-us-are-dead/">All of Us Are Dead</a>')


# JSON-LD ---------------------------------------------------------------------------------------------


def test_show_json_ld_is_a_tv_series_with_the_pages_facts(client, show, season_1, season_2):
    data = json_ld(client.get(show.get_absolute_url()))

    assert data["@type"] == "TVSeries"
    assert data["name"] == "All of Us Are Dead"
    assert data["alternateName"] == ["지금 우리 학교는", "Jigeum Uri Hakgyoneun"]
    assert data["genre"] == ["Horror", "Zombie"]
    assert data["startDate"] == "2022-01-28"
    assert [person["name"] for person in data["director"]] == ["Lee Jae-kyoo", "Kim Nam-su"]
    assert [person["name"] for person in data["author"]] == ["Chun Sung-il"]
    assert data["isBasedOn"]["name"].endswith("Joo Dong-geun")
    assert [(season["seasonNumber"], season.get("datePublished")) for season in data["containsSeason"]] == [
        (1, "2022-01-28"),
        (2, None),
    ]
    assert data["actor"] == [
        {
            "@type": "PerformanceRole",
            "actor": {"@type": "Person", "name": "Park Ji-hu", "url": data["actor"][0]["actor"]["url"]},
            "characterName": "Nam On-jo",
            "roleName": "Main",
        }
    ]


def test_season_json_ld_has_episodes_and_states_no_date_for_a_window(client, season_1, season_2):
    released = json_ld(client.get(season_1.get_absolute_url()))
    upcoming = json_ld(client.get(season_2.get_absolute_url()))

    assert released["@type"] == "TVSeason"
    assert released["datePublished"] == "2022-01-28"
    assert released["partOfSeries"]["name"] == "All of Us Are Dead"
    assert [(episode["@type"], episode["name"]) for episode in released["episode"]] == [
        ("TVEpisode", "Episode 1"),
        ("TVEpisode", "Episode 2"),
        ("TVEpisode", "Episode 3"),
    ]
    assert {role["characterName"] for role in released["actor"]} == {"Nam On-jo", "Lee Byeong-chan"}
    assert "datePublished" not in upcoming
    assert "episode" not in upcoming


def test_person_json_ld_is_a_person_with_performance_roles(client, season_1):
    person = season_1.credits.get(kind=CastCredit.Kind.MAIN).person
    person.native_name = "박지후"
    person.save()

    data = json_ld(client.get(person.get_absolute_url()))

    me, role = data["@graph"]
    assert (me["@type"], me["name"], me["alternateName"]) == ("Person", "Park Ji-hu", ["박지후"])
    assert role["@type"] == "TVSeason"
    assert role["actor"] == {
        "@type": "PerformanceRole",
        "actor": {"@id": me["@id"]},
        "characterName": "Nam On-jo",
        "roleName": "Main",
    }


def test_json_ld_cannot_be_broken_out_of_by_editor_text(client):
    show = ShowFactory(slug="evil", synopsis="</script><script>alert(1)</script> & <!--")

    response = client.get(show.get_absolute_url())
    html = response.content.decode()

    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<" not in block.removeprefix('<script type="application/ld+json">')
    assert json_ld(response)["description"] == "</script><script>alert(1)</script> & <!--"


# iCalendar --------------------------------------------------------------------------------------------


def test_release_calendar_lists_exact_dates_only_and_parses(client, show, season_1, season_2):
    SeasonFactory(show=show, number=3, status="date_set", release_start=IN_TEN_DAYS, release_confirmed=True)
    SeasonFactory(show=show, number=4, status="renewed", release_precision="month", release_start=IN_TEN_DAYS)

    response = client.get("/shows/all-of-us-are-dead/releases.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
    assert [(str(event["summary"]), event.decoded("dtstart")) for event in events] == [
        ("All of Us Are Dead: Season 1 released", datetime.date(2022, 1, 28)),
        ("All of Us Are Dead: Season 3 released", IN_TEN_DAYS),
    ]
    assert len({str(event["uid"]) for event in events}) == 2
    assert str(events[1]["url"]) == "http://testserver/shows/all-of-us-are-dead/season-3/"


def test_release_calendar_of_an_unknown_show_is_not_found(client):
    assert client.get("/shows/nothing/releases.ics").status_code == 404


def test_release_calendar_uids_survive_a_renamed_show_and_another_host(client, show, season_1, settings):
    settings.SITE_URL = "https://www.example.com"
    settings.ALLOWED_HOSTS = ["testserver", "example.com"]

    def uids(**headers):
        response = client.get(reverse("shows:show-releases-ics", args=[show.slug]), **headers)
        return [str(event["uid"]) for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]

    before = uids()
    show.slug = "aouad"
    show.save()

    assert before == uids(HTTP_HOST="example.com") == [f"season-{season_1.pk}-release@www.example.com"]


def test_release_calendar_is_published_with_a_utc_stamp_and_a_refresh_hint(client, show, season_1):
    calendar = icalendar.Calendar.from_ical(client.get("/shows/all-of-us-are-dead/releases.ics").content)

    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["x-published-ttl"]) == "P1D"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstamp").utcoffset() == datetime.timedelta(0)
    assert event["dtstart"].params["VALUE"] == "DATE"


def test_release_calendar_of_a_show_without_exact_dates_is_an_empty_valid_calendar(client, season_2):
    response = client.get("/shows/all-of-us-are-dead/releases.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == []
    assert str(calendar["x-wr-calname"]) == "All of Us Are Dead: release dates"


def test_release_calendar_answers_get_and_head_only(client, show):
    url = "/shows/all-of-us-are-dead/releases.ics"

    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_season_json_ld_never_calls_a_coming_date_published_and_states_only_a_confirmed_one(client, show):
    confirmed = SeasonFactory(
        show=show, number=3, status=Season.Status.DATE_SET, release_start=IN_TEN_DAYS, episode_count=None
    )
    reported = SeasonFactory(
        show=show,
        number=4,
        status=Season.Status.DATE_SET,
        release_start=IN_TEN_DAYS,
        release_confirmed=False,
        episode_count=None,
    )

    coming = json_ld(client.get(confirmed.get_absolute_url()))
    unconfirmed = json_ld(client.get(reported.get_absolute_url()))

    assert "datePublished" not in coming
    assert coming["startDate"] == IN_TEN_DAYS.isoformat()
    assert "datePublished" not in unconfirmed
    assert "startDate" not in unconfirmed


def test_no_countdown_for_an_unconfirmed_day_a_month_or_a_released_season(client, show, season_1):
    unconfirmed = SeasonFactory(
        show=show, number=3, status="date_set", release_start=IN_TEN_DAYS, release_confirmed=False
    )
    month = SeasonFactory(
        show=show, number=4, status="date_set", release_precision="month", release_start=IN_TEN_DAYS
    )

    for season in (unconfirmed, month, season_1):
        assertNotContains(client.get(season.get_absolute_url()), "data-countdown")
    assertContains(client.get(unconfirmed.get_absolute_url()), "(not confirmed)")


def test_person_json_ld_names_their_work_behind_the_camera_as_the_page_does(client, show):
    person = PersonFactory(slug="lomon", name="Lomon")
    CrewCreditFactory(show=show, person=person, job="writer")

    data = json_ld(client.get(person.get_absolute_url()))

    me, series = data["@graph"]
    assert series == {
        "@type": "TVSeries",
        "name": "All of Us Are Dead",
        "url": "http://testserver/shows/all-of-us-are-dead/",
        "author": {"@id": me["@id"]},
    }

"""The demo content uses the whole structured record, from the facts file and nothing more."""

import datetime

import pytest

from demo.loader import load_demo
from shows.models import Episode, ReleaseEvent, Season, Show
from shows.pages import show_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def show():
    load_demo()
    show, _main_cast = show_details(Show.objects.get(slug="all-of-us-are-dead"))
    return show


def test_demo_show_streams_on_netflix_and_credits_its_crew(show):
    assert show.platform == "Netflix"
    assert show.platform_url == "https://www.netflix.com/title/81237994"
    assert show.providers.get().logo
    assert [(job, [person.name for person in people]) for job, people in show.crew_by_job()] == [
        ("Directed by", ["Lee Jae-kyoo", "Kim Nam-su"]),
        ("Written by", ["Chun Sung-il"]),
    ]
    assert "Joo Dong-geun" in show.based_on
    assert show.backdrop and show.backdrop_alt
    assert show.first_air_date == datetime.date(2022, 1, 28)


def test_demo_season_one_has_twelve_untitled_episodes_released_on_one_day(show):
    season_1 = show.seasons.get(number=1)
    episodes = list(season_1.episodes.all())
    assert [episode.number for episode in episodes] == list(range(1, 13))
    assert {episode.title for episode in episodes} == {""}
    assert {episode.air_date for episode in episodes} == {datetime.date(2022, 1, 28)}
    assert Episode.objects.count() == 12
    assert season_1.events.get().kind == ReleaseEvent.Kind.RELEASED


def test_demo_season_two_timeline_follows_the_facts_and_keeps_a_window(show):
    season_2 = show.seasons.get(number=2)
    timeline = [(event.when, event.kind, event.certainty) for event in season_2.events.order_by("-date")]
    assert timeline == [
        ("March 2023", ReleaseEvent.Kind.UPDATE, ReleaseEvent.Certainty.REPORTED),
        ("June 2022", ReleaseEvent.Kind.RENEWED, ReleaseEvent.Certainty.CONFIRMED),
    ]
    assert season_2.events.get(kind="update").source_url.startswith("/news/")
    assert season_2.status == Season.Status.RENEWED
    assert season_2.release_label == "2024–2025 (not confirmed)"
    assert season_2.release_date is None


def test_demo_characters_carry_the_spoiler_light_notes(show):
    nam_ra = show.characters.get(name="Choi Nam-ra")
    assert nam_ra.description == "The class president"
    assert nam_ra.credits.count() == 2


def test_demo_pages_render_with_the_new_sections(client, show):
    season_page = client.get("/shows/all-of-us-are-dead/season-2/").content.decode()
    assert "What we know so far" in season_page
    assert "Episode 12" in client.get("/shows/all-of-us-are-dead/season-1/").content.decode()
    assert "Directed by" in client.get("/shows/all-of-us-are-dead/").content.decode()
    assert client.get("/shows/all-of-us-are-dead/releases.ics").content.count(b"BEGIN:VEVENT") == 1

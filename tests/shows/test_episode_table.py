"""The season page's episode table, row by row (core.templatetags.cards.episode_rows)."""

import datetime

import pytest

from tests.factories import EpisodeFactory, SeasonFactory, ShowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def tbody(client, url):
    return client.get(url).content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_episodes_on_several_days_show_each_date_runtime_and_synopsis_when_known(client):
    season = SeasonFactory(show=ShowFactory(slug="kingdom"), number=1)
    EpisodeFactory(
        season=season,
        number=1,
        title="Pilot & <Prologue>",
        air_date=datetime.date(2022, 1, 28),
        runtime=58,
        synopsis="It begins.",
    )
    EpisodeFactory(season=season, number=2, air_date=datetime.date(2022, 2, 4))
    EpisodeFactory(season=season, number=3, air_date=None, runtime=61)

    assert tbody(client, "/shows/kingdom/season-1/") == (
        '\n            \n              <tr class="episode"><th scope="row">'
        '<span class="episode-table__number">1.</span> Pilot &amp; &lt;Prologue&gt;'
        '<span class="episode-table__synopsis">It begins.</span></th>'
        '<td><time datetime="2022-01-28">28 Jan 2022</time></td><td>58 min</td></tr>\n            '
        '\n              <tr class="episode"><th scope="row">Episode 2</th>'
        '<td><time datetime="2022-02-04">4 Feb 2022</time></td><td></td></tr>\n            '
        '\n              <tr class="episode"><th scope="row">Episode 3</th><td></td><td>61 min</td></tr>'
        "\n            \n          "
    )


def test_a_season_out_on_one_day_says_the_date_once_and_leaves_empty_columns_out(client):
    season = SeasonFactory(show=ShowFactory(slug="kingdom"), number=1)
    for number in (1, 2):
        EpisodeFactory(season=season, number=number, air_date=datetime.date(2022, 1, 28))

    html = client.get("/shows/kingdom/season-1/").content.decode()

    assert "All 2 episodes came out together on" in html
    assert tbody(client, "/shows/kingdom/season-1/") == (
        '\n            \n              <tr class="episode"><th scope="row">Episode 1</th></tr>\n            '
        '\n              <tr class="episode"><th scope="row">Episode 2</th></tr>\n            \n          '
    )

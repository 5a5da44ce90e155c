"""The read-only JSON API (issue 14): shapes, pages, filters, no private field, fixed query counts."""

import datetime
import json

import pytest
from django.utils import timezone

from articles.models import Article
from shows.models import ReleaseEvent, Season
from tests.factories import (
    ArticleFactory,
    CastCreditFactory,
    CommentFactory,
    CrewCreditFactory,
    EpisodeFactory,
    PersonFactory,
    ReleaseEventFactory,
    SeasonFactory,
    ShowFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

LISTS = ["/api/shows/", "/api/seasons/", "/api/episodes/", "/api/people/", "/api/articles/"]


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def aouad():
    show = ShowFactory(title="All of Us Are Dead", slug="all-of-us-are-dead", platform="Netflix")
    season_1 = SeasonFactory(show=show, number=1)
    EpisodeFactory(season=season_1, number=1, title="Episode one", runtime=61)
    season_2 = SeasonFactory(show=show, number=2, missed=True)
    ReleaseEventFactory(season=season_2, summary="Netflix renewed the series.")
    ReleaseEventFactory(
        season=season_2,
        kind=ReleaseEvent.Kind.UPDATE,
        certainty=ReleaseEvent.Certainty.REPORTED,
        date=datetime.date(2023, 3, 1),
        summary="Production had not started.",
        source_url="https://example.org/interview",
    )
    person = PersonFactory(name="Park Ji-hu", slug="park-ji-hu")
    CastCreditFactory(season=season_1, person=person, character_name="Nam On-jo")
    CrewCreditFactory(show=show, person=PersonFactory(name="Lee Jae-kyoo", slug="lee-jae-kyoo"))
    author = UserFactory(
        username="mina-login", first_name="Mina", last_name="Kim", email="mina@private.example"
    )
    article = ArticleFactory(title="Season 2: what we know", slug="season-2", author=author)
    article.shows.set([show])
    article.seasons.set([season_2])
    CommentFactory(article=article, email="reader@private.example", ip_address="203.0.113.9")
    ArticleFactory(title="Unfinished draft", slug="draft", draft=True)
    ArticleFactory(
        title="Embargoed", slug="embargoed", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    ArticleFactory(title="Withdrawn", slug="withdrawn", status=Article.Status.UNPUBLISHED)
    return {"show": show, "season_1": season_1, "season_2": season_2}


# Shapes -------------------------------------------------------------------------------------------------


def test_a_season_has_its_status_window_with_precision_and_a_timeline_with_certainty_and_source(
    client, aouad
):
    data = get(client, f"/api/seasons/{aouad['season_2'].pk}/")

    assert data["url"] == f"http://testserver/api/seasons/{aouad['season_2'].pk}/"
    assert data["page"] == "http://testserver/shows/all-of-us-are-dead/season-2/"
    assert data["show"]["slug"] == "all-of-us-are-dead"
    assert data["status"] == "renewed"
    assert data["release"] == {
        "precision": "year_range",
        "start": "2024-01-01",
        "end": "2025-01-01",
        "confirmed": False,
        "date": None,
        "label": "2024–2025 (not confirmed)",
        "released": False,
        "window_passed": True,
        "summary": "No date yet (expected 2024–2025; that window passed with no release announced)",
    }
    assert data["timeline"] == [
        {
            "date": "2022-06",
            "date_precision": "month",
            "kind": "renewed",
            "certainty": "confirmed",
            "summary": "Netflix renewed the series.",
            "source": None,
        },
        {
            "date": "2023-03",
            "date_precision": "month",
            "kind": "update",
            "certainty": "reported",
            "summary": "Production had not started.",
            "source": "https://example.org/interview",
        },
    ]


def test_a_confirmed_release_day_is_released_in_the_api_on_the_day(client, aouad, clock):
    season = SeasonFactory(
        show=aouad["show"],
        number=3,
        status="date_set",
        release_start=datetime.date(2026, 6, 1),
        release_confirmed=True,
    )
    url = f"/api/seasons/{season.pk}/"
    assert (get(client, url)["status"], get(client, url)["release"]["released"]) == ("date_set", False)

    clock.move_to(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))

    assert (get(client, url)["status"], get(client, url)["release"]["released"]) == ("released", True)


def test_a_show_has_its_providers_and_seasons(client, aouad):
    data = get(client, "/api/shows/all-of-us-are-dead/")

    assert data["providers"] == [{"name": "Netflix", "url": ""}]
    assert [(season["number"], season["url"]) for season in data["seasons"]] == [
        (1, f"http://testserver/api/seasons/{aouad['season_1'].pk}/"),
        (2, f"http://testserver/api/seasons/{aouad['season_2'].pk}/"),
    ]
    assert data["page"] == "http://testserver/shows/all-of-us-are-dead/"


def test_a_person_has_their_credits_and_an_episode_its_season(client, aouad):
    person = get(client, "/api/people/park-ji-hu/")
    episodes = get(client, "/api/episodes/")["results"]

    assert person["credits"] == [
        {
            "show": "all-of-us-are-dead",
            "season": f"http://testserver/api/seasons/{aouad['season_1'].pk}/",
            "season_number": 1,
            "character": "Nam On-jo",
            "kind": "main",
            "billing_order": person["credits"][0]["billing_order"],
        }
    ]
    assert get(client, "/api/people/lee-jae-kyoo/")["crew"] == [
        {"show": "all-of-us-are-dead", "job": "director"}
    ]
    assert [(episode["name"], episode["season"]["number"], episode["runtime"]) for episode in episodes] == [
        ("Episode one", 1, 61)
    ]


def test_articles_are_the_published_ones_only_with_a_byline_not_a_login(client, aouad):
    data = get(client, "/api/articles/")

    assert [article["slug"] for article in data["results"]] == ["season-2"]
    article = data["results"][0]
    assert article["author"] == "Mina Kim"
    assert article["shows"] == ["all-of-us-are-dead"]
    assert article["seasons"] == [f"http://testserver/api/seasons/{aouad['season_2'].pk}/"]
    assert article["comment_count"] == 1
    for slug in ("draft", "embargoed", "withdrawn"):
        assert client.get(f"/api/articles/{slug}/").status_code == 404


def test_no_private_field_is_ever_served(client, aouad):
    served = ""
    for url in LISTS:
        data = get(client, url)
        served += json.dumps(data, ensure_ascii=False)
        for item in data["results"]:
            served += json.dumps(
                get(client, item["url"].removeprefix("http://testserver")), ensure_ascii=False
            )

    for secret in (
        "@private.example",
        "mina-login",
        "203.0.113.9",
        "Unfinished draft",
        "Embargoed",
        "Withdrawn",
    ):
        assert secret not in served
    assert '"email"' not in served and '"username"' not in served and '"ip_address"' not in served


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, aouad, method):
    assert getattr(client, method)("/api/shows/", {}).status_code == 405
    assert getattr(client, method)("/api/shows/all-of-us-are-dead/", {}).status_code == 405


# Pages and filters --------------------------------------------------------------------------------------


def test_lists_come_twenty_at_a_time_with_links_to_the_next_page(client):
    for number in range(25):
        ShowFactory(title=f"Show {number:02}", slug=f"show-{number:02}")

    first = get(client, "/api/shows/")
    second = get(client, "/api/shows/", page=2)

    assert (first["count"], len(first["results"]), first["previous"]) == (25, 20, None)
    assert first["next"] == "http://testserver/api/shows/?page=2"
    assert [show["slug"] for show in second["results"]] == [f"show-{number:02}" for number in range(20, 25)]
    assert client.get("/api/shows/", {"page": 3}).status_code == 404


def test_every_list_filters_by_show(client, aouad):
    other = ShowFactory(title="Sweet Home", slug="sweet-home")
    season = SeasonFactory(show=other, number=1)
    EpisodeFactory(season=season, number=1)
    CastCreditFactory(season=season, person__slug="song-kang")
    ArticleFactory(slug="sweet-home-news").shows.set([other])

    def slugs(url, key):
        return [item[key] for item in get(client, url, show="sweet-home")["results"]]

    assert slugs("/api/shows/", "slug") == ["sweet-home"]
    assert slugs("/api/seasons/", "id") == [season.pk]
    assert slugs("/api/episodes/", "id") == [season.episodes.get().pk]
    assert slugs("/api/people/", "slug") == ["song-kang"]
    assert slugs("/api/articles/", "slug") == ["sweet-home-news"]


def test_every_list_filters_by_updated_time(client, aouad, clock):
    clock.advance(hours=2)
    since = timezone.now()
    clock.advance(minutes=1)
    season = Season.objects.get(pk=aouad["season_2"].pk)
    ReleaseEventFactory(
        season=season,
        kind=ReleaseEvent.Kind.PRODUCTION_STARTED,
        date=datetime.date(2024, 5, 1),
        summary="Cameras roll.",
    )  # moves the season to Filming: a change of the season itself

    for url in LISTS:
        assert get(client, url, updated_since="2000-01-01T00:00:00Z")["count"] >= 1, url
    assert [
        item["id"] for item in get(client, "/api/seasons/", updated_since=since.isoformat())["results"]
    ] == [season.pk]
    assert get(client, "/api/shows/", updated_since=since.isoformat())["count"] == 0
    assert get(client, "/api/articles/", updated_since=since.isoformat())["count"] == 0
    response = client.get("/api/seasons/", {"updated_since": "last week"})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["updated_since"]


# The OpenAPI document and the documentation page ----------------------------------------------------------


def test_the_openapi_document_describes_every_endpoint_and_its_filters(client):
    response = client.get("/api/openapi.json")
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    schema = response.json()

    assert schema["openapi"].startswith("3.")
    for url in LISTS:
        operation = schema["paths"][url]["get"]
        assert {"page", "show", "updated_since"} <= {
            parameter["name"] for parameter in operation["parameters"]
        }
        assert set(schema["paths"][url]) == {"get"}
    assert "/api/seasons/{id}/" in schema["paths"]
    season = schema["components"]["schemas"]["Season"]["properties"]
    assert {"status", "release", "timeline", "updated_at"} <= set(season)


def test_the_documentation_page_links_every_endpoint_and_the_schema(client):
    html = client.get("/api/").content.decode()

    for url in [*LISTS, "/api/openapi.json"]:
        assert f'href="{url}"' in html


# Query budgets ------------------------------------------------------------------------------------------


def build(size):
    for number in range(size):
        show = ShowFactory(slug=f"show-{number}", platform="Netflix, Viki")
        season = SeasonFactory(show=show, number=1)
        ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.RELEASED, date=datetime.date(2022, 1, 28))
        EpisodeFactory(season=season, number=1)
        credit = CastCreditFactory(season=season)
        CrewCreditFactory(show=show, person=credit.person)
        article = ArticleFactory()
        article.shows.set([show])
        article.seasons.set([season])
        article.people.set([credit.person])


@pytest.mark.parametrize("size", [pytest.param(2, id="2-rows"), pytest.param(15, id="15-rows")])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/shows/", 4),  # count, shows, provider links with providers, seasons
        ("/api/seasons/", 3),  # count, seasons with shows, events
        ("/api/episodes/", 2),  # count, episodes with seasons and shows
        ("/api/people/", 4),  # count, people, credits with seasons, shows and characters, crew with shows
        ("/api/articles/", 6),  # count, articles with authors and categories, tags, shows, seasons, people
    ],
)
def test_a_list_runs_the_same_queries_whatever_its_length(
    client, django_assert_num_queries, size, url, queries
):
    """Guards against a query per item for its show, season, providers, events, credits or tags."""
    build(size)

    with django_assert_num_queries(queries):
        data = get(client, url)

    assert len(data["results"]) >= size

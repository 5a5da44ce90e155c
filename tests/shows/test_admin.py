"""Editors keep the whole record in the admin: inlines, autocomplete, and clear errors on bad input."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pytest_django.asserts import assertContains

from shows.models import CastCredit, Episode, ReleaseEvent, Season, Show
from tests.factories import (
    CastCreditFactory,
    CharacterFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def season_data(show, **fields):
    data = {
        "show": show.pk,
        "number": "1",
        "title": "",
        "status": "released",
        "episode_count": "",
        "synopsis": "",
        "release_precision": "day",
        "release_start": "2022-01-28",
        "release_end": "",
        "poster_alt": "",
        **management("events"),
        **management("credits"),
        **management("episodes"),
    }
    data.update(fields)
    return data


def show_data(**fields):
    data = {
        "title": "Sweet Home",
        "slug": "sweet-home",
        "original_title": "",
        "original_title_romanized": "",
        "tagline": "",
        "synopsis": "",
        "status": "returning",
        "genres": "",
        "country": "",
        "language": "",
        "based_on": "",
        "first_air_date": "",
        "last_air_date": "",
        "official_site": "",
        "trailer_url": "",
        "poster_alt": "",
        "backdrop_alt": "",
        **management("provider_links"),
        **management("crew"),
        **management("seasons"),
    }
    data.update(fields)
    return data


def season_row(index, number):
    return {
        f"seasons-{index}-number": str(number),
        f"seasons-{index}-title": "",
        f"seasons-{index}-status": "announced",
        f"seasons-{index}-release_precision": "unknown",
    }


def errors(response):
    """Every error message the admin page shows, for readable assertions."""
    assert response.status_code == 200, "an invalid form must be shown again, not redirected"
    messages = []
    for form in [response.context["adminform"].form]:
        messages += [message for field in form.errors.values() for message in field]
    for formset in response.context["inline_admin_formsets"]:
        messages += formset.formset.non_form_errors()
        for form_errors in formset.formset.errors:
            messages += [message for field in form_errors.values() for message in field]
    return messages


# Pages ------------------------------------------------------------------------------------------------


def test_show_admin_edits_providers_crew_and_seasons_inline_with_a_prefilled_slug(admin_client):
    response = admin_client.get(reverse("admin:shows_show_add"))

    html = response.content.decode()
    for prefix in ("provider_links", "crew", "seasons"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert "&quot;id&quot;: &quot;#id_slug&quot;" in html
    assert "&quot;dependency_list&quot;: [&quot;title&quot;]" in html


def test_season_admin_edits_events_credits_and_episodes_inline_with_autocomplete(admin_client):
    season = SeasonFactory()
    CastCreditFactory(season=season)

    response = admin_client.get(reverse("admin:shows_season_change", args=[season.pk]))

    html = response.content.decode()
    for prefix in ("events", "credits", "episodes"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert 'data-field-name="person"' in html
    assert 'data-field-name="character"' in html
    assert f'href="/admin/r/{ContentType.objects.get_for_model(Season).pk}/{season.pk}/"' in html


def test_character_autocomplete_finds_characters_by_name(admin_client):
    CharacterFactory(name="Nam On-jo")
    CharacterFactory(name="Lee Cheong-san")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "shows", "model_name": "castcredit", "field_name": "character", "term": "On-jo"},
    )

    assert [result["text"] for result in response.json()["results"]] == [
        str(CharacterFactory._meta.model.objects.get(name="Nam On-jo"))
    ]


def test_person_admin_page_shows_their_credits(admin_client):
    credit = CastCreditFactory(character_name="Lee Su-hyeok", person__name="Lomon")

    response = admin_client.get(reverse("admin:shows_person_change", args=[credit.person.pk]))

    assertContains(response, 'name="credits-TOTAL_FORMS" value="1"')
    assertContains(response, "Lee Su-hyeok")


@pytest.mark.parametrize(
    "model",
    ["show", "season", "person", "character", "castcredit", "episode", "releaseevent", "watchprovider"],
)
def test_every_list_can_be_searched_and_filtered(admin_client, model):
    CastCreditFactory()
    url = reverse(f"admin:shows_{model}_changelist")

    response = admin_client.get(url, {"q": "show"})

    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.search_fields
    assert changelist.model_admin.list_filter


# Bad input ---------------------------------------------------------------------------------------------


def test_season_number_zero_or_twice_in_the_show_form_saves_nothing(admin_client):
    data = show_data(**management("seasons", total=3))
    data.update({**season_row(0, 0), **season_row(1, 1), **season_row(2, 1)})

    response = admin_client.post(reverse("admin:shows_show_add"), data)

    messages = errors(response)
    assert "Season numbers start at 1." in messages
    assert any("duplicate data for number" in str(message) for message in messages)
    assert not Show.objects.exists()
    assert not Season.objects.exists()


def test_a_season_number_already_taken_is_refused_in_the_season_form(admin_client):
    season = SeasonFactory(number=1)

    response = admin_client.post(reverse("admin:shows_season_add"), season_data(season.show, number="1"))

    assert "This show already has a season with this number." in errors(response)
    assert Season.objects.count() == 1


def test_a_window_that_ends_before_it_starts_is_refused(admin_client):
    show = ShowFactory()
    data = season_data(
        show,
        status="renewed",
        release_precision="year_range",
        release_start="2025-01-01",
        release_end="2024-01-01",
    )

    response = admin_client.post(reverse("admin:shows_season_add"), data)

    assert "The release window cannot end before it starts." in errors(response)
    assert not Season.objects.exists()


def test_the_same_person_twice_in_the_same_role_is_refused_and_nothing_is_saved(admin_client):
    season = SeasonFactory(synopsis="Before")
    person = PersonFactory()
    character = CharacterFactory(show=season.show)
    data = season_data(season.show, synopsis="After", **management("credits", total=2))
    for index in (0, 1):
        data.update(
            {
                f"credits-{index}-person": person.pk,
                f"credits-{index}-character": character.pk,
                f"credits-{index}-kind": "main",
                f"credits-{index}-billing_order": str(index + 1),
            }
        )

    response = admin_client.post(reverse("admin:shows_season_change", args=[season.pk]), data)

    assert any("duplicate data for person and character" in str(message) for message in errors(response))
    assert not CastCredit.objects.exists()
    season.refresh_from_db()
    assert season.synopsis == "Before"


def test_an_episode_airing_before_the_release_date_is_refused_and_nothing_is_saved(admin_client):
    season = SeasonFactory(release_start=datetime.date(2022, 1, 28), title="")
    data = season_data(season.show, title="Renamed", **management("episodes", total=2))
    data.update(
        {
            "episodes-0-number": "1",
            "episodes-0-air_date": "2022-01-28",
            "episodes-1-number": "2",
            "episodes-1-air_date": "2022-01-27",
        }
    )

    response = admin_client.post(reverse("admin:shows_season_change", args=[season.pk]), data)

    assert "Episode 2 cannot air before its season's release (28 January 2022)." in errors(response)
    assert not Episode.objects.exists()
    season.refresh_from_db()
    assert season.title == ""


def test_moving_the_release_later_than_its_episodes_is_refused(admin_client):
    season = SeasonFactory(release_start=datetime.date(2022, 1, 28))
    Episode.objects.create(season=season, number=1, air_date=datetime.date(2022, 1, 28))
    data = season_data(season.show, release_start="2022-02-04", **management("episodes", total=1, initial=1))
    data.update(
        {
            "episodes-0-id": Episode.objects.get().pk,
            "episodes-0-season": season.pk,
            "episodes-0-number": "1",
            "episodes-0-air_date": "2022-01-28",
        }
    )

    response = admin_client.post(reverse("admin:shows_season_change", args=[season.pk]), data)

    assert "Episode 1 cannot air before its season's release (4 February 2022)." in errors(response)
    season.refresh_from_db()
    assert season.release_start == datetime.date(2022, 1, 28)


def test_a_confirmed_event_added_in_the_admin_moves_the_season(admin_client):
    season = SeasonFactory(upcoming=True, status="announced")
    data = season_data(
        season.show,
        status="announced",
        release_precision="year_range",
        release_start="2024-01-01",
        release_end="2025-01-01",
        **management("events", total=1),
    )
    data.update(
        {
            "events-0-date": "2022-06-01",
            "events-0-date_precision": "month",
            "events-0-kind": "renewed",
            "events-0-certainty": "confirmed",
            "events-0-summary": "Netflix renewed the series.",
            "events-0-source_url": "/news/renewed/",
            "events-0-release_precision": "unknown",
        }
    )

    response = admin_client.post(reverse("admin:shows_season_change", args=[season.pk]), data)

    assert response.status_code == 302, errors(response)
    season.refresh_from_db()
    assert season.status == Season.Status.RENEWED
    assert ReleaseEvent.objects.get().source_url == "/news/renewed/"


def test_a_new_season_with_an_episode_before_its_release_is_refused_and_nothing_is_saved(admin_client):
    show = ShowFactory()
    data = season_data(show, **management("episodes", total=1))
    data.update({"episodes-0-number": "1", "episodes-0-air_date": "2022-01-20"})

    response = admin_client.post(reverse("admin:shows_season_add"), data)

    assert "Episode 1 cannot air before its season's release (28 January 2022)." in errors(response)
    assert not Season.objects.exists()


def test_a_new_season_crediting_a_character_of_another_show_is_refused(admin_client):
    show = ShowFactory(title="All of Us Are Dead")
    stranger = CharacterFactory(show__title="Sweet Home")
    data = season_data(show, **management("credits", total=1))
    data.update(
        {
            "credits-0-person": PersonFactory().pk,
            "credits-0-character": stranger.pk,
            "credits-0-kind": "main",
            "credits-0-billing_order": "1",
        }
    )

    response = admin_client.post(reverse("admin:shows_season_add"), data)

    assert "Choose a character of All of Us Are Dead." in errors(response)
    assert not Season.objects.exists()


def test_a_status_typed_by_hand_follows_the_confirmed_events_unless_overridden(admin_client):
    season = SeasonFactory(upcoming=True)
    ReleaseEvent.objects.create(
        season=season,
        date=datetime.date(2022, 6, 1),
        kind="renewed",
        certainty="confirmed",
        summary="Renewed.",
    )
    data = season_data(
        season.show,
        number=str(season.number),
        status="filming",
        release_precision="year_range",
        release_start="2024-01-01",
        release_end="2025-01-01",
        **management("events", total=1, initial=1),
    )
    event = ReleaseEvent.objects.get()
    data.update(
        {
            "events-0-id": event.pk,
            "events-0-season": season.pk,
            "events-0-date": "2022-06-01",
            "events-0-date_precision": "day",
            "events-0-kind": "renewed",
            "events-0-certainty": "confirmed",
            "events-0-summary": "Renewed.",
            "events-0-source_url": "",
            "events-0-release_precision": "unknown",
        }
    )
    url = reverse("admin:shows_season_change", args=[season.pk])

    response = admin_client.post(url, data, follow=True)

    season.refresh_from_db()
    assert season.status == Season.Status.RENEWED
    assertContains(response, "follows its latest confirmed release events: Renewed")

    admin_client.post(url, {**data, "status_override": "on"})

    season.refresh_from_db()
    assert season.status == Season.Status.FILMING


def test_deleting_events_from_the_event_list_moves_their_season_back(admin_client):
    season = SeasonFactory(upcoming=True, status="announced")
    ReleaseEvent.objects.create(
        season=season, date=datetime.date(2022, 6, 1), kind="renewed", certainty="confirmed", summary="R."
    )
    filming = ReleaseEvent.objects.create(
        season=season,
        date=datetime.date(2023, 9, 1),
        kind="production_started",
        certainty="confirmed",
        summary="F.",
    )
    season.refresh_from_db()
    assert season.status == Season.Status.FILMING

    response = admin_client.post(
        reverse("admin:shows_releaseevent_changelist"),
        {"action": "delete_selected", "_selected_action": [filming.pk], "post": "yes"},
    )

    assert response.status_code == 302
    season.refresh_from_db()
    assert season.status == Season.Status.RENEWED


def test_moving_a_release_after_its_episodes_from_the_show_form_is_refused(admin_client):
    season = SeasonFactory(number=1, release_start=datetime.date(2022, 1, 28), show__slug="sweet-home")
    Episode.objects.create(season=season, number=1, air_date=datetime.date(2022, 1, 28))
    data = show_data(**management("seasons", total=1, initial=1))
    data.update(
        {
            **season_row(0, 1),
            "seasons-0-id": season.pk,
            "seasons-0-show": season.show.pk,
            "seasons-0-status": "released",
            "seasons-0-release_precision": "day",
            "seasons-0-release_start": "2022-02-04",
            "seasons-0-release_confirmed": "on",
        }
    )

    response = admin_client.post(reverse("admin:shows_show_change", args=[season.show.pk]), data)

    assert "Episode 1 cannot air before its season's release (4 February 2022)." in errors(response)
    season.refresh_from_db()
    assert season.release_start == datetime.date(2022, 1, 28)


@pytest.mark.parametrize("term", ["Dead season 2", "all of us are dead 2", "season 2"])
def test_season_autocomplete_finds_a_season_as_it_is_named(admin_client, term):
    show = ShowFactory(title="All of Us Are Dead")
    SeasonFactory(show=show, number=1)
    wanted = SeasonFactory(show=show, number=2, upcoming=True)
    SeasonFactory(show__title="Sweet Home", number=3)

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "shows", "model_name": "castcredit", "field_name": "season", "term": term},
    )

    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


def test_the_same_role_twice_on_a_persons_page_is_refused_and_nothing_is_saved(admin_client):
    season = SeasonFactory()
    character = CharacterFactory(show=season.show)
    person = PersonFactory(name="Lomon", slug="lomon")
    data = {
        "name": "Renamed",
        "slug": "lomon",
        "native_name": "",
        "birth_name": "",
        "aliases": "",
        "birth_date": "",
        "bio": "",
        "headshot_alt": "",
        **management("credits", total=2),
        **management("crew_credits"),
    }
    for index in (0, 1):
        data.update(
            {
                f"credits-{index}-season": season.pk,
                f"credits-{index}-character": character.pk,
                f"credits-{index}-kind": ["main", "guest"][index],
                f"credits-{index}-billing_order": "1",
            }
        )

    response = admin_client.post(reverse("admin:shows_person_change", args=[person.pk]), data)

    assert any("duplicate data for season and character" in str(message) for message in errors(response))
    assert not CastCredit.objects.exists()
    person.refresh_from_db()
    assert person.name == "Lomon"


def test_a_show_with_its_cast_can_be_deleted_but_a_credited_character_cannot_alone(admin_client):
    credit = CastCreditFactory()
    show, character = credit.season.show, credit.character

    response = admin_client.post(
        reverse("admin:shows_character_delete", args=[character.pk]), {"post": "yes"}
    )
    assert response.status_code == 200  # "would require deleting … protected related objects"
    assert CastCredit.objects.exists()

    response = admin_client.post(reverse("admin:shows_show_delete", args=[show.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Show.objects.exists()
    assert not CastCredit.objects.exists()


@pytest.mark.parametrize("field_name", ["person", "character", "season"])
def test_autocomplete_answers_a_term_with_a_nul_character(admin_client, field_name):
    CastCreditFactory()

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "shows", "model_name": "castcredit", "field_name": field_name, "term": "a\x00 2"},
    )

    assert response.status_code == 200


def test_person_autocomplete_lists_people_by_name(admin_client):
    for name in ["Yoon Chan-young", "Cho Yi-hyun", "Park Ji-hu"]:
        CastCreditFactory(person__name=name)

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "shows", "model_name": "castcredit", "field_name": "person", "term": ""},
    )

    assert [result["text"] for result in response.json()["results"]] == [
        "Cho Yi-hyun",
        "Park Ji-hu",
        "Yoon Chan-young",
    ]


def test_a_status_typed_in_the_show_form_that_events_undo_is_explained(admin_client):
    season = SeasonFactory(number=1, upcoming=True, show__slug="sweet-home")
    ReleaseEvent.objects.create(
        season=season, date=datetime.date(2022, 6, 1), kind="renewed", certainty="confirmed", summary="R."
    )
    data = show_data(**management("seasons", total=1, initial=1))
    data.update(
        {
            **season_row(0, 1),
            "seasons-0-id": season.pk,
            "seasons-0-show": season.show.pk,
            "seasons-0-status": "filming",
            "seasons-0-release_precision": "year_range",
            "seasons-0-release_start": "2024-01-01",
            "seasons-0-release_end": "2025-01-01",
        }
    )

    response = admin_client.post(reverse("admin:shows_show_change", args=[season.show.pk]), data, follow=True)

    assertContains(response, "follows its latest confirmed release events: Renewed")
    season.refresh_from_db()
    assert season.status == Season.Status.RENEWED

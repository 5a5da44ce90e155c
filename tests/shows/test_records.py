"""The structured record: providers, crew, characters, episodes and the release timeline."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shows.models import CastCredit, Episode, ReleaseEvent, Season, Show
from tests.factories import (
    CastCreditFactory,
    CharacterFactory,
    CrewCreditFactory,
    EpisodeFactory,
    PersonFactory,
    ProviderFactory,
    ReleaseEventFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db

JAN_28 = datetime.date(2022, 1, 28)


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# Providers ---------------------------------------------------------------------------------------


def test_platform_joins_provider_names_in_order_from_prefetched_links(django_assert_num_queries):
    ShowFactory(slug="two", platform="Netflix, Viki")

    show = Show.objects.for_cards().get(slug="two")

    with django_assert_num_queries(0):
        assert show.platform == "Netflix, Viki"
        assert show.platform_url == ""


def test_platform_url_is_the_shows_own_page_on_its_first_provider():
    show = ShowFactory(platform="")
    netflix = ProviderFactory(name="Netflix", url="https://www.netflix.com/")
    show.provider_links.create(provider=netflix, url="https://www.netflix.com/title/81237994", order=1)

    assert show.platform_url == "https://www.netflix.com/title/81237994"


def test_a_provider_is_listed_once_per_show():
    show = ShowFactory(platform="Netflix")
    netflix = show.providers.get()
    with pytest.raises(IntegrityError):
        show.provider_links.create(provider=netflix)


# Crew, people and characters -------------------------------------------------------------------------


def test_crew_by_job_groups_directors_before_writers():
    show = ShowFactory()
    CrewCreditFactory(show=show, job="writer", person__name="Chun Sung-il")
    CrewCreditFactory(show=show, job="director", person__name="Lee Jae-kyoo")
    CrewCreditFactory(show=show, job="director", person__name="Kim Nam-su")

    grouped = [(job, [person.name for person in people]) for job, people in show.crew_by_job()]

    assert grouped == [("Directed by", ["Lee Jae-kyoo", "Kim Nam-su"]), ("Written by", ["Chun Sung-il"])]


def test_person_other_names_list_native_birth_and_alias_names_once():
    person = PersonFactory.build(
        name="Lomon", native_name="로몬", birth_name="Park Solomon", aliases="Park Solomon, Solomon Park"
    )

    assert person.other_names == ["로몬", "Park Solomon", "Solomon Park"]


def test_a_person_can_play_several_characters_across_seasons():
    season_1 = SeasonFactory(number=1)
    season_2 = SeasonFactory(show=season_1.show, number=2, upcoming=True)
    person = PersonFactory()
    CastCreditFactory(season=season_1, person=person, character_name="Lee Su-hyeok")
    CastCreditFactory(season=season_2, person=person, character_name="Lee Su-hyeok")
    CastCreditFactory(season=season_2, person=person, character_name="Su-hyeok's double")

    assert person.credits.count() == 3
    assert season_1.show.characters.count() == 2


def test_character_name_and_note_are_read_from_the_character():
    credit = CastCreditFactory(character_name="Choi Nam-ra")
    credit.character.description = "The class president"

    assert (credit.character_name, credit.character_note) == ("Choi Nam-ra", "The class president")


def test_clean_rejects_the_same_person_twice_in_the_same_role_for_a_season():
    credit = CastCreditFactory(character_name="Nam On-jo")
    twice = CastCredit(season=credit.season, person=credit.person, character=credit.character)

    assert errors_of(twice) == {"__all__": ["This person is already credited in this role for this season."]}


def test_clean_rejects_a_character_from_another_show():
    season = SeasonFactory(show__title="All of Us Are Dead")
    stranger = CharacterFactory(show__title="Sweet Home", name="Cha Hyun-su")
    credit = CastCredit(season=season, person=PersonFactory(), character=stranger)

    assert errors_of(credit) == {"character": ["Choose a character of All of Us Are Dead."]}


def test_clean_rejects_the_same_character_name_twice_on_one_show():
    character = CharacterFactory(name="Nam On-jo")
    twin = CharacterFactory.build(show=character.show, name="Nam On-jo")

    assert errors_of(twin) == {"__all__": ["This show already has a character with this name."]}


# Seasons: bad input ------------------------------------------------------------------------------------


def test_full_clean_rejects_season_number_zero_and_a_duplicate_number_with_clear_messages():
    season = SeasonFactory(number=1)

    assert errors_of(Season(show=season.show, number=0))["number"] == ["Season numbers start at 1."]
    assert errors_of(Season(show=season.show, number=1))["__all__"] == [
        "This show already has a season with this number."
    ]


def test_full_clean_rejects_a_window_that_ends_before_it_starts():
    season = SeasonFactory.build(
        show=ShowFactory(),
        release_precision=Season.Precision.YEAR_RANGE,
        release_start=datetime.date(2025, 1, 1),
        release_end=datetime.date(2024, 1, 1),
    )

    errors = errors_of(season)

    assert errors["release_end"] == ["The release window cannot end before it starts."]


# Episodes ------------------------------------------------------------------------------------------------


def test_an_untitled_episode_is_named_by_its_number():
    assert Episode(number=3).name == "Episode 3"
    assert Episode(number=3, title="Day of the Dead").name == "Day of the Dead"


def test_an_episode_cannot_air_before_its_seasons_exact_release_date():
    season = SeasonFactory(release_start=JAN_28)
    early = EpisodeFactory.build(season=season, number=1, air_date=JAN_28 - datetime.timedelta(days=1))

    assert errors_of(early) == {
        "air_date": ["Episode 1 cannot air before its season's release (28 January 2022)."]
    }


def test_an_episode_may_air_on_or_after_the_release_date():
    season = SeasonFactory(release_start=JAN_28)
    EpisodeFactory.build(season=season, number=1, air_date=JAN_28).full_clean()
    EpisodeFactory.build(season=season, number=2, air_date=JAN_28 + datetime.timedelta(days=7)).full_clean()


def test_an_episode_cannot_air_after_a_year_range_window():
    season = SeasonFactory(missed=True)  # 2024–2025
    late = EpisodeFactory.build(season=season, number=1, air_date=datetime.date(2026, 1, 2))

    assert errors_of(late) == {"air_date": ["Episode 1 cannot air after its season's window (2024–2025)."]}


def test_episode_numbers_are_unique_in_a_season_and_start_at_one():
    episode = EpisodeFactory(number=1)

    assert errors_of(Episode(season=episode.season, number=1))["__all__"] == [
        "This season already has an episode with this number."
    ]
    assert "number" in errors_of(Episode(season=episode.season, number=0))
    with pytest.raises(IntegrityError):
        Episode.objects.create(season=episode.season, number=1)


# Release events ------------------------------------------------------------------------------------------


def renewed_season(**kwargs):
    return SeasonFactory(
        status=Season.Status.ANNOUNCED,
        release_precision=Season.Precision.UNKNOWN,
        release_start=None,
        release_confirmed=False,
        **kwargs,
    )


def test_a_confirmed_renewal_moves_the_season_to_renewed():
    season = renewed_season()

    ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.RENEWED)

    season.refresh_from_db()
    assert season.status == Season.Status.RENEWED


def test_reported_and_rumoured_events_do_not_move_the_season():
    season = renewed_season()

    ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.PRODUCTION_STARTED, certainty="reported")
    ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.RELEASED, certainty="rumour")

    season.refresh_from_db()
    assert season.status == Season.Status.ANNOUNCED


def test_the_latest_confirmed_event_wins_and_a_confirmed_date_announcement_sets_the_window():
    season = renewed_season()
    ReleaseEventFactory(season=season, date=datetime.date(2022, 6, 1), kind=ReleaseEvent.Kind.RENEWED)
    ReleaseEventFactory(
        season=season,
        date=datetime.date(2024, 5, 2),
        kind=ReleaseEvent.Kind.DATE_ANNOUNCED,
        release_precision=Season.Precision.MONTH,
        release_start=datetime.date(2025, 3, 1),
    )
    ReleaseEventFactory(
        season=season, date=datetime.date(2023, 9, 1), kind=ReleaseEvent.Kind.PRODUCTION_STARTED
    )

    season.refresh_from_db()
    assert season.status == Season.Status.DATE_SET
    assert season.release_label == "March 2025"
    assert season.release_confirmed


def test_a_confirmed_release_on_a_day_sets_the_exact_date():
    season = renewed_season()

    ReleaseEventFactory(season=season, date=JAN_28, date_precision="day", kind=ReleaseEvent.Kind.RELEASED)

    season.refresh_from_db()
    assert (season.status, season.release_date, season.release_label) == (
        "released",
        JAN_28,
        "28 January 2022",
    )


def test_deleting_the_only_confirmed_stage_event_keeps_the_last_known_status():
    season = renewed_season()
    renewal = ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.RENEWED)
    later = ReleaseEventFactory(
        season=season, date=datetime.date(2023, 9, 1), kind=ReleaseEvent.Kind.PRODUCTION_STARTED
    )

    later.delete()

    season.refresh_from_db()
    assert season.status == Season.Status.RENEWED
    assert renewal.pk


def test_an_editor_override_keeps_status_and_window_as_entered():
    season = renewed_season(status_override=True)

    ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.RELEASED, date=JAN_28, date_precision="day")

    season.refresh_from_db()
    assert (season.status, season.release_precision) == (Season.Status.ANNOUNCED, Season.Precision.UNKNOWN)


def test_only_a_date_announcement_may_carry_an_announced_window():
    event = ReleaseEventFactory.build(
        season=SeasonFactory(),
        kind=ReleaseEvent.Kind.RENEWED,
        release_precision=Season.Precision.YEAR,
        release_start=datetime.date(2025, 1, 1),
    )

    assert errors_of(event) == {
        "release_precision": ["Only a release date announcement announces a release window."]
    }


def test_an_announced_window_that_ends_before_it_starts_is_rejected():
    event = ReleaseEventFactory.build(
        season=SeasonFactory(),
        kind=ReleaseEvent.Kind.DATE_ANNOUNCED,
        release_precision=Season.Precision.YEAR_RANGE,
        release_start=datetime.date(2025, 1, 1),
        release_end=datetime.date(2024, 1, 1),
    )

    assert "release_end" in errors_of(event)


@pytest.mark.parametrize(
    ("source", "valid"),
    [
        ("/news/season-2-explainer/", True),
        ("https://www.example.com/interview", True),
        ("", True),
        ("//evil.example.com/x", False),
        ("javascript:alert(1)", False),
        ("news/no-leading-slash", False),
    ],
)
def test_an_event_source_is_one_of_our_pages_or_an_outside_link(source, valid):
    event = ReleaseEventFactory.build(season=SeasonFactory(), source_url=source)
    if valid:
        event.full_clean()
    else:
        assert "source_url" in errors_of(event)


def test_event_dates_are_shown_only_as_precisely_as_known():
    assert ReleaseEvent(date=datetime.date(2022, 6, 14), date_precision="month").when == "June 2022"
    assert ReleaseEvent(date=datetime.date(2022, 6, 14), date_precision="day").when == "14 June 2022"
    assert ReleaseEvent(date=datetime.date(2022, 6, 14), date_precision="year").when == "2022"


@pytest.mark.parametrize(
    ("precision", "label"), [("month", "January 2022"), ("year", "2022")], ids=["month", "year"]
)
def test_a_confirmed_release_known_to_a_month_or_year_sets_that_window_and_no_made_up_day(precision, label):
    season = SeasonFactory(upcoming=True)

    ReleaseEventFactory(season=season, date=JAN_28, date_precision=precision, kind=ReleaseEvent.Kind.RELEASED)

    season.refresh_from_db()
    assert (season.status, season.release_label, season.release_date) == ("released", label, None)


def test_a_confirmed_release_in_a_month_keeps_the_exact_day_already_entered_for_it():
    season = renewed_season()
    season.release_precision, season.release_start = Season.Precision.DAY, JAN_28
    season.save()

    ReleaseEventFactory(
        season=season, date=datetime.date(2022, 1, 1), date_precision="month", kind=ReleaseEvent.Kind.RELEASED
    )

    season.refresh_from_db()
    assert (season.status, season.release_date, season.release_label) == (
        "released",
        JAN_28,
        "28 January 2022",
    )


def announced_march_2025(season, certainty="confirmed"):
    return ReleaseEventFactory(
        season=season,
        date=datetime.date(2024, 5, 2),
        kind=ReleaseEvent.Kind.DATE_ANNOUNCED,
        certainty=certainty,
        release_precision=Season.Precision.MONTH,
        release_start=datetime.date(2025, 3, 1),
    )


def test_a_date_announcement_downgraded_to_reported_no_longer_confirms_the_window():
    season = renewed_season()
    announcement = announced_march_2025(season)

    announcement.certainty = ReleaseEvent.Certainty.REPORTED
    announcement.save()

    season.refresh_from_db()
    assert season.release_label == "March 2025 (not confirmed)"


def test_deleting_the_confirmed_date_announcement_no_longer_confirms_the_window():
    season = renewed_season()
    announcement = announced_march_2025(season)

    announcement.delete()

    season.refresh_from_db()
    assert season.release_label == "March 2025 (not confirmed)"


def test_a_reported_or_rumoured_date_announcement_never_touches_the_season():
    season = SeasonFactory(upcoming=True)
    before = Season.objects.values().get(pk=season.pk)

    announced_march_2025(season, certainty="reported")
    announced_march_2025(season, certainty="rumour")
    ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.RELEASED, certainty="rumour", date=JAN_28)

    assert Season.objects.values().get(pk=season.pk) == before


def test_withdrawing_an_event_keeps_a_window_an_editor_confirmed_by_hand():
    season = SeasonFactory(
        status=Season.Status.DATE_SET, release_precision="year", release_start=datetime.date(2026, 1, 1)
    )
    renewal = ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.RENEWED)

    renewal.delete()

    season.refresh_from_db()
    assert season.release_label == "2026"


def test_a_release_date_announcement_must_say_what_was_announced():
    event = ReleaseEventFactory.build(season=SeasonFactory(), kind=ReleaseEvent.Kind.DATE_ANNOUNCED)

    assert errors_of(event) == {
        "release_precision": ["Enter what was announced: a day, a month, a year or a range of years."]
    }


def test_a_release_cannot_be_recorded_before_it_happens_but_this_month_is_fine():
    today = timezone.localdate()
    tomorrow = ReleaseEventFactory.build(
        season=SeasonFactory(), kind="released", date=today + datetime.timedelta(days=1), date_precision="day"
    )
    this_month = ReleaseEventFactory.build(
        season=SeasonFactory(), kind="released", date=today.replace(day=28), date_precision="month"
    )

    assert errors_of(tomorrow) == {
        "date": ["A release that has not happened yet is a release date announcement."]
    }
    this_month.full_clean()


def test_of_two_confirmed_events_in_the_same_month_the_further_stage_counts_as_the_later():
    season = renewed_season()
    announced_march_2025(season)  # 2 May 2024
    ReleaseEventFactory(
        season=season,
        date=datetime.date(2024, 5, 31),
        date_precision="month",
        kind=ReleaseEvent.Kind.FILMING_WRAPPED,
    )

    season.refresh_from_db()
    assert (season.status, season.release_label) == (Season.Status.DATE_SET, "March 2025")


def test_a_release_in_a_month_wins_over_a_date_announced_later_that_month():
    season = renewed_season()
    ReleaseEventFactory(
        season=season, date=datetime.date(2022, 1, 1), date_precision="month", kind="released"
    )
    ReleaseEventFactory(
        season=season,
        date=datetime.date(2022, 1, 10),
        kind=ReleaseEvent.Kind.DATE_ANNOUNCED,
        release_precision=Season.Precision.DAY,
        release_start=JAN_28,
    )

    season.refresh_from_db()
    assert season.status == Season.Status.RELEASED


def test_events_months_apart_follow_their_dates_whatever_their_stage():
    season = renewed_season()
    ReleaseEventFactory(
        season=season, date=datetime.date(2023, 1, 1), date_precision="month", kind="filming_wrapped"
    )
    ReleaseEventFactory(season=season, date=datetime.date(2023, 6, 1), date_precision="month", kind="renewed")

    season.refresh_from_db()
    assert season.status == Season.Status.RENEWED


@pytest.mark.parametrize("source", ["javascript:alert(1)", "//evil.example.com/x", "data:text/html,x"])
def test_the_database_refuses_an_event_source_that_is_not_a_link(source):
    season = SeasonFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseEvent.objects.create(
            season=season, date=JAN_28, kind="update", summary="x", certainty="reported", source_url=source
        )


def test_an_event_moved_to_another_season_leaves_the_first_one_following_what_remains():
    season_1 = renewed_season()
    season_2 = renewed_season(show=season_1.show)
    ReleaseEventFactory(season=season_1, kind=ReleaseEvent.Kind.RENEWED)
    misfiled = ReleaseEventFactory(
        season=season_1, date=datetime.date(2023, 9, 1), kind=ReleaseEvent.Kind.PRODUCTION_STARTED
    )

    misfiled.season = season_2
    misfiled.save()

    season_1.refresh_from_db()
    season_2.refresh_from_db()
    assert (season_1.status, season_2.status) == (Season.Status.RENEWED, Season.Status.FILMING)


def test_event_dates_are_machine_readable_only_as_precisely_as_known():
    date = datetime.date(2022, 6, 14)

    assert [
        ReleaseEvent(date=date, date_precision=precision).when_iso for precision in ("day", "month", "year")
    ] == [
        "2022-06-14",
        "2022-06",
        "2022",
    ]


def test_untoggling_the_override_lets_the_season_follow_its_confirmed_events_again():
    season = renewed_season(status_override=True)
    ReleaseEventFactory(season=season, kind=ReleaseEvent.Kind.RELEASED, date=JAN_28, date_precision="day")

    season.status_override = False
    season.save()
    changed = season.follow_events()

    season.refresh_from_db()
    assert set(changed) == {"status", "release_precision", "release_start", "release_confirmed"}
    assert (season.status, season.release_date) == (Season.Status.RELEASED, JAN_28)

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shows.models import CastCredit, Person, Season
from tests.factories import CastCreditFactory, PersonFactory, SeasonFactory, ShowFactory

JAN_28_2022 = datetime.date(2022, 1, 28)
MARCH_2024 = datetime.date(2024, 3, 15)
JAN_1_2024 = datetime.date(2024, 1, 1)
JAN_1_2025 = datetime.date(2025, 1, 1)


def unsaved_season(**kwargs):
    """A season that would pass clean() unless the test overrides a field."""
    defaults = {
        "show": ShowFactory.build(),
        "number": 2,
        "status": Season.Status.RENEWED,
        "release_precision": Season.Precision.UNKNOWN,
    }
    return Season(**{**defaults, **kwargs})


def clean_errors(season):
    with pytest.raises(ValidationError) as exc:
        season.clean()
    return exc.value.message_dict


# Release window and label -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "start", "end", "window"),
    [
        (Season.Precision.DAY, JAN_28_2022, None, "28 January 2022"),
        (Season.Precision.MONTH, MARCH_2024, None, "March 2024"),
        (Season.Precision.YEAR, MARCH_2024, None, "2024"),
        (Season.Precision.YEAR_RANGE, JAN_1_2024, JAN_1_2025, "2024–2025"),
        (Season.Precision.UNKNOWN, None, None, "Not announced"),
    ],
)
def test_release_window_is_only_as_precise_as_what_is_known(precision, start, end, window):
    season = unsaved_season(release_precision=precision, release_start=start, release_end=end)

    assert season.release_window == window


def test_release_label_says_an_unconfirmed_year_range_is_not_confirmed():
    season = unsaved_season(
        release_precision=Season.Precision.YEAR_RANGE,
        release_start=JAN_1_2024,
        release_end=JAN_1_2025,
        release_confirmed=False,
    )

    assert season.release_label == "2024–2025 (not confirmed)"


def test_release_label_of_a_confirmed_day_has_no_caveat():
    season = unsaved_season(
        release_precision=Season.Precision.DAY, release_start=JAN_28_2022, release_confirmed=True
    )

    assert season.release_label == "28 January 2022"


def test_release_label_of_an_unknown_release_is_not_announced_without_a_caveat():
    season = unsaved_season(release_precision=Season.Precision.UNKNOWN, release_confirmed=False)

    assert season.release_label == "Not announced"


# Season.clean() ------------------------------------------------------------------------------------


def test_a_valid_year_range_season_passes_clean():
    season = unsaved_season(
        release_precision=Season.Precision.YEAR_RANGE, release_start=JAN_1_2024, release_end=JAN_1_2025
    )

    season.clean()


def test_clean_rejects_season_number_zero():
    errors = clean_errors(unsaved_season(number=0))

    assert set(errors) == {"number"}


def test_clean_rejects_a_precision_without_a_start_date():
    errors = clean_errors(unsaved_season(release_precision=Season.Precision.MONTH, release_start=None))

    assert set(errors) == {"release_start"}


def test_clean_rejects_a_year_range_without_an_end():
    season = unsaved_season(release_precision=Season.Precision.YEAR_RANGE, release_start=JAN_1_2024)

    assert set(clean_errors(season)) == {"release_end"}


def test_clean_rejects_a_year_range_that_ends_in_its_start_year():
    season = unsaved_season(
        release_precision=Season.Precision.YEAR_RANGE,
        release_start=datetime.date(2024, 2, 1),
        release_end=datetime.date(2024, 11, 1),
    )

    assert set(clean_errors(season)) == {"release_end"}


def test_clean_rejects_an_end_date_on_a_precision_that_is_not_a_range():
    season = unsaved_season(
        release_precision=Season.Precision.MONTH, release_start=MARCH_2024, release_end=JAN_1_2025
    )

    assert set(clean_errors(season)) == {"release_end"}


def test_clean_rejects_a_window_that_ends_before_it_starts():
    season = unsaved_season(
        release_precision=Season.Precision.YEAR_RANGE, release_start=JAN_1_2025, release_end=JAN_1_2024
    )

    errors = clean_errors(season)

    assert set(errors) == {"release_end"}
    assert errors["release_end"] == ["The release window cannot end before it starts."]


# Database constraints ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_database_rejects_two_seasons_with_the_same_number_for_one_show():
    season = SeasonFactory(number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        SeasonFactory(show=season.show, number=1)


@pytest.mark.django_db
def test_database_allows_the_same_season_number_on_different_shows():
    SeasonFactory(number=1)
    SeasonFactory(number=1)

    assert Season.objects.filter(number=1).count() == 2


@pytest.mark.django_db
def test_database_rejects_season_number_zero():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeasonFactory(number=0)


@pytest.mark.django_db
def test_database_rejects_a_release_window_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeasonFactory(
            release_precision=Season.Precision.YEAR_RANGE, release_start=JAN_1_2025, release_end=JAN_1_2024
        )


@pytest.mark.django_db
def test_database_rejects_a_release_end_without_a_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeasonFactory(release_start=None, release_end=JAN_1_2025)


@pytest.mark.django_db
def test_database_rejects_the_same_role_twice_in_one_season():
    credit = CastCreditFactory(character_name="Nam On-jo")

    with pytest.raises(IntegrityError), transaction.atomic():
        CastCreditFactory(season=credit.season, person=credit.person, character_name="Nam On-jo")


# Querysets and properties --------------------------------------------------------------------------


@pytest.mark.django_db
def test_upcoming_excludes_released_seasons_and_puts_the_soonest_first_and_undated_last():
    undated = SeasonFactory(
        status=Season.Status.ANNOUNCED, release_precision=Season.Precision.UNKNOWN, release_start=None
    )
    later = SeasonFactory(
        upcoming=True,
        release_precision=Season.Precision.YEAR,
        release_start=datetime.date(2029, 1, 1),
        release_end=None,
    )
    sooner = SeasonFactory(upcoming=True)
    SeasonFactory(status=Season.Status.RELEASED)

    assert list(Season.objects.upcoming()) == [sooner, later, undated]


@pytest.mark.django_db
def test_next_season_is_the_first_unreleased_season_by_number():
    show = ShowFactory()
    SeasonFactory(show=show, number=1)
    SeasonFactory(show=show, number=3, status=Season.Status.ANNOUNCED)
    season_2 = SeasonFactory(show=show, number=2, upcoming=True)

    assert show.next_season == season_2


@pytest.mark.django_db
def test_next_season_is_none_when_every_season_is_released():
    show = ShowFactory()
    SeasonFactory(show=show, number=1)
    SeasonFactory(show=show, number=2)

    assert show.next_season is None


@pytest.mark.django_db
def test_facts_give_status_release_platform_and_only_the_main_cast_in_billing_order():
    season = SeasonFactory(upcoming=True, number=2, show__platform="Netflix")
    second = CastCreditFactory(season=season, billing_order=2)
    CastCreditFactory(season=season, billing_order=0, kind=CastCredit.Kind.GUEST)
    first = CastCreditFactory(season=season, billing_order=1)
    CastCreditFactory(season=season, billing_order=3, kind=CastCredit.Kind.RECURRING)

    facts = Season.objects.with_cast().get(pk=season.pk).facts()

    assert facts.status == "Renewed"
    assert facts.release.text == "2027–2028 (not confirmed)"
    assert facts.platform == "Netflix"
    assert facts.show == season.show
    assert facts.cast == [first, second]


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Park Ji-hu", "PJ"), ("yoon chan-young", "YC"), ("Lee Yoo Mi", "LY")],
)
def test_person_initials_are_the_first_letters_of_the_first_two_name_parts(name, initials):
    assert Person(name=name).initials == initials


def test_person_initials_of_a_single_name_is_one_letter():
    assert PersonFactory.build(name="Lomon").initials == "L"

"""shows.pages: lists with their related rows from one query compiled once."""

import pytest

from shows import pages
from shows.models import CastCredit
from tests.factories import CastCreditFactory, SeasonFactory

pytestmark = pytest.mark.django_db


def test_a_credit_comes_with_its_person_and_character_and_nothing_else_is_made_up(
    django_assert_num_queries,
):
    credit = CastCreditFactory(season=SeasonFactory(), character_name="Nam On-jo")
    with django_assert_num_queries(1):
        [listed] = pages.listed(
            CastCredit,
            lambda season_id: CastCredit.objects.filter(season_id=season_id),
            ("test credits",),
            {"person": pages.PERSON, "character": pages.CHARACTER},
            season_id=credit.season_id,
        )
        assert (listed.person.name, listed.person.slug) == (credit.person.name, credit.person.slug)
        assert listed.character_name == "Nam On-jo"
    with django_assert_num_queries(1):  # a column it did not carry is read on use, never invented
        assert listed.person.bio == credit.person.bio


def test_a_column_that_needs_its_converter_cannot_be_carried():
    """Annotated columns come back raw: a date would be a string on SQLite."""
    season = SeasonFactory()
    with pytest.raises(TypeError, match="release_start needs a converter"):
        pages.listed(
            CastCredit,
            lambda season_id: CastCredit.objects.filter(season_id=season_id),
            ("test dates",),
            {"season": ("release_start",)},
            season_id=season.pk,
        )

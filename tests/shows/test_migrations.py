"""Migrations keep existing data: free-text platforms and character names become records."""

import pytest

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("shows", "0001_initial")]
AFTER = [("shows", "0004_drop_free_text")]


@pytest.fixture
def old_apps():
    apps = migrate(BEFORE)
    yield apps
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_platform_text_and_character_names_survive_the_move_to_records(old_apps):
    Show = old_apps.get_model("shows", "Show")
    Season = old_apps.get_model("shows", "Season")
    Person = old_apps.get_model("shows", "Person")
    CastCredit = old_apps.get_model("shows", "CastCredit")
    show = Show.objects.create(
        title="All of Us Are Dead",
        slug="all-of-us-are-dead",
        genre="Coming-of-age zombie horror",
        platform="Netflix",
        platform_url="https://www.netflix.com/title/81237994",
    )
    season_1 = Season.objects.create(show=show, number=1)
    season_2 = Season.objects.create(show=show, number=2)
    person = Person.objects.create(name="Cho Yi-hyun", slug="cho-yi-hyun")
    for season in (season_1, season_2):
        CastCredit.objects.create(
            season=season, person=person, character_name="Choi Nam-ra", character_note="The class president"
        )

    new_apps = migrate(AFTER)

    Show = new_apps.get_model("shows", "Show")
    show = Show.objects.get(slug="all-of-us-are-dead")
    link = show.provider_links.select_related("provider").get()
    assert (link.provider.name, link.provider.slug, link.url) == (
        "Netflix",
        "netflix",
        "https://www.netflix.com/title/81237994",
    )
    assert show.genres == "Coming-of-age zombie horror"
    character = show.characters.get()
    assert (character.name, character.description) == ("Choi Nam-ra", "The class president")
    assert character.credits.count() == 2

import json
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from shows.models import CastCredit, CrewCredit, ReleaseEvent
from tests.factories import (
    ArticleFactory,
    CastCreditFactory,
    CrewCreditFactory,
    EpisodeFactory,
    PersonFactory,
    ReleaseEventFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def articles_published_draft_and_future(clock, **links):
    """One live article, one draft and one scheduled for tomorrow, all linked by ``links``."""
    published = ArticleFactory(title="Season 2 is coming", published_at=clock.yesterday)
    draft = ArticleFactory(title="Unfinished draft", draft=True)
    future = ArticleFactory(title="Embargoed teaser", published_at=clock.tomorrow)
    for article in (published, draft, future):
        for relation, objects in links.items():
            getattr(article, relation).set(objects)
    return published, draft, future


@pytest.fixture
def aouad():
    """All of Us Are Dead: a released first season and a renewed second one."""
    show = ShowFactory(
        title="All of Us Are Dead",
        slug="all-of-us-are-dead",
        original_title="지금 우리 학교는",
        synopsis="A high school becomes ground zero for a zombie outbreak.",
        platform="Netflix",
    )
    season_1 = SeasonFactory(show=show, number=1)
    season_2 = SeasonFactory(show=show, number=2, upcoming=True)
    return show, season_1, season_2


# /shows/ -------------------------------------------------------------------------------------------


def test_show_list_names_each_show_and_its_next_seasons_release(client, aouad):
    finished = ShowFactory(title="Sweet Home Finale")
    SeasonFactory(show=finished, number=1)

    response = client.get("/shows/")

    assertContains(response, "All of Us Are Dead")
    assertContains(response, "Sweet Home Finale")
    assertContains(response, 'Season 2: <span class="release">2027–2028 (not confirmed)</span>')
    assertNotContains(response, "28 January 2022")


def test_each_show_card_says_what_the_show_model_says(client, clock):
    """The grid reads plain rows (shows.grid), not the models: its providers, status and next
    season must be what Show.platform, get_status_display() and Show.next_season say."""
    from django.utils.html import escape

    from core.templatetags.cards import season_release
    from shows.models import Season, Show, ShowProvider

    later = ShowFactory(title="B Show", status=Show.Status.ENDED, platform="Viki, Netflix")
    ShowProvider.objects.filter(show=later, provider__slug="viki").update(order=3)  # Netflix first now
    SeasonFactory(show=later, number=3, upcoming=True)
    SeasonFactory(show=later, number=2, missed=True)  # the first one not out
    SeasonFactory(show=later, number=1)
    dated = ShowFactory(title="A Show", platform="")
    SeasonFactory(
        show=dated,
        number=1,
        status=Season.Status.DATE_SET,
        release_start=clock.yesterday.date(),  # out by its confirmed day, with nothing saved
    )
    SeasonFactory(show=dated, number=2, status=Season.Status.DATE_SET, release_start=clock.tomorrow.date())
    ShowFactory(title="C Show")  # no seasons

    page = client.get("/shows/").content.decode()

    for show in Show.objects.for_cards():
        card = page.split(f'<a href="/shows/{show.slug}/">', 1)[1].split("</li>", 1)[0]
        platform = f"{escape(show.platform)} · " if show.platform else ""
        assert f'<p class="meta">{platform}{escape(show.get_status_display())}</p>' in card, show
        season = show.next_season
        if season is None:
            assert "show-card__next" not in card, show
        else:
            assert f"{escape(season.name)}: {season_release(season)}" in card, show
    assert "Netflix, Viki · Ended" in page and "Season 2: " in page


# /shows/<slug>/ ------------------------------------------------------------------------------------


def test_show_page_shows_titles_synopsis_platform_and_every_season(client, aouad):
    response = client.get("/shows/all-of-us-are-dead/")

    assertContains(response, '<h1 id="show-title" class="page-title">All of Us Are Dead</h1>')
    assertContains(response, "지금 우리 학교는")
    assertContains(response, "A high school becomes ground zero for a zombie outbreak.")
    assertContains(response, "Netflix")
    assertContains(response, 'href="/shows/all-of-us-are-dead/season-1/">Season 1</a>')
    assertContains(response, 'href="/shows/all-of-us-are-dead/season-2/">Season 2</a>')
    assertContains(response, "28 January 2022")
    assertContains(response, "2027–2028 (not confirmed)")


def test_show_page_lists_each_main_cast_member_once_with_their_character(client, aouad):
    _, season_1, season_2 = aouad
    park = PersonFactory(name="Park Ji-hu")
    yoon = PersonFactory(name="Yoon Chan-young")
    CastCreditFactory(season=season_1, person=park, character_name="Nam On-jo", billing_order=1)
    CastCreditFactory(season=season_2, person=park, character_name="Nam On-jo", billing_order=1)
    CastCreditFactory(season=season_1, person=yoon, character_name="Lee Cheong-san", billing_order=2)
    CastCreditFactory(
        season=season_1, person__name="Guest Star", character_name="Teacher", kind=CastCredit.Kind.GUEST
    )

    html = client.get("/shows/all-of-us-are-dead/").content.decode()

    assert html.count(">Park Ji-hu</a>") == 1
    assert ">Park Ji-hu</a> as Nam On-jo" in html
    assert ">Yoon Chan-young</a> as Lee Cheong-san" in html
    assert html.index("Park Ji-hu") < html.index("Yoon Chan-young")
    assert "Guest Star" not in html


def test_show_page_lists_published_articles_about_the_show_but_not_drafts_or_scheduled_ones(
    client, aouad, clock
):
    show, _, _ = aouad
    articles_published_draft_and_future(clock, shows=[show])
    older = ArticleFactory(title="Season 1 review", published_at=clock.ago(days=30))
    older.shows.set([show])

    html = client.get("/shows/all-of-us-are-dead/").content.decode()

    assert "Season 2 is coming" in html
    assert html.index("Season 2 is coming") < html.index("Season 1 review")
    assert "Unfinished draft" not in html
    assert "Embargoed teaser" not in html


def test_show_page_of_an_unknown_show_is_not_found(client):
    assert client.get("/shows/no-such-show/").status_code == 404


# /shows/<slug>/season-<n>/ ---------------------------------------------------------------------------


def test_season_page_shows_status_release_window_and_platform(client, aouad):
    response = client.get("/shows/all-of-us-are-dead/season-2/")

    assertContains(response, "<dt>Status</dt><dd>Renewed</dd>")
    assertContains(response, "<dt>Expected</dt>")
    assertContains(response, "2027–2028 (not confirmed)")
    assertContains(response, "Netflix")


def test_season_page_lists_the_cast_in_billing_order(client, aouad):
    _, _, season_2 = aouad
    CastCreditFactory(season=season_2, person__name="Yoon Chan-young", billing_order=3)
    CastCreditFactory(season=season_2, person__name="Park Ji-hu", billing_order=1)
    CastCreditFactory(season=season_2, person__name="Cho Yi-hyun", billing_order=2)

    html = client.get("/shows/all-of-us-are-dead/season-2/").content.decode()

    assert html.index("Park Ji-hu") < html.index("Cho Yi-hyun") < html.index("Yoon Chan-young")


def test_season_page_lists_published_articles_about_the_season_only(client, aouad, clock):
    _, _, season_2 = aouad
    articles_published_draft_and_future(clock, seasons=[season_2])

    response = client.get("/shows/all-of-us-are-dead/season-2/")

    assertContains(response, "Season 2 is coming")
    assertNotContains(response, "Unfinished draft")
    assertNotContains(response, "Embargoed teaser")


def test_season_page_of_an_unknown_season_number_is_not_found(client, aouad):
    assert client.get("/shows/all-of-us-are-dead/season-3/").status_code == 404


def test_season_page_of_an_unknown_show_is_not_found(client, aouad):
    assert client.get("/shows/no-such-show/season-1/").status_code == 404


# /people/<slug>/ -------------------------------------------------------------------------------------


def test_person_page_shows_names_bio_and_every_role_by_show_and_season(client, aouad):
    _, season_1, season_2 = aouad
    person = PersonFactory(
        name="Lomon",
        slug="lomon",
        native_name="로몬",
        birth_name="Park Solomon",
        bio="Played Lee Su-hyeok.",
    )
    other_season = SeasonFactory(show__title="Sweet Revenge", number=1)
    CastCreditFactory(season=season_1, person=person, character_name="Lee Su-hyeok")
    CastCreditFactory(season=season_2, person=person, character_name="Lee Su-hyeok")
    CastCreditFactory(season=other_season, person=person, character_name="Oh Dong-min")

    response = client.get("/people/lomon/")

    assertContains(response, '<h1 id="person-name" class="page-title">Lomon</h1>')
    assertContains(response, "로몬")
    assertContains(response, "born Park Solomon")
    assertContains(response, "Played Lee Su-hyeok.")
    html = response.content.decode()
    # One line per character, listing every season it spans, under its show.
    assert html.count("Lee Su-hyeok: ") == 1
    assert (
        'Lee Su-hyeok: <a href="/shows/all-of-us-are-dead/season-1/">Season 1</a> <span class="meta">(main)'
        '</span>, <a href="/shows/all-of-us-are-dead/season-2/">Season 2</a>' in html
    )
    assertContains(response, ">Sweet Revenge</a></h3>")
    assertContains(response, f'Oh Dong-min: <a href="{other_season.get_absolute_url()}">Season 1</a>')


def test_person_page_lists_published_articles_mentioning_them_only(client, clock):
    person = PersonFactory(slug="park-ji-hu")
    articles_published_draft_and_future(clock, people=[person])

    response = client.get("/people/park-ji-hu/")

    assertContains(response, "Season 2 is coming")
    assertNotContains(response, "Unfinished draft")
    assertNotContains(response, "Embargoed teaser")


def test_person_page_of_an_unknown_person_is_not_found(client):
    assert client.get("/people/nobody/").status_code == 404


def test_story_cards_on_show_season_and_person_pages_name_their_section_and_author(client, aouad, clock):
    """The cards' section and byline come with the stories in one query (shows.pages): a byline
    set by the author's profile, and one made the first time it is read."""
    from articles.models import AuthorProfile
    from tests.factories import CategoryFactory, UserFactory

    show, _, season_2 = aouad
    person = PersonFactory(name="Park Ji-hu", slug="park-ji-hu")
    profiled = UserFactory(username="mina", first_name="Mina", last_name="Kim")
    AuthorProfile.for_user(profiled)
    AuthorProfile.objects.filter(user=profiled).update(display_name="M. Kim")
    newcomer = UserFactory(first_name="Lee", last_name="Reporter")
    stories = [
        ArticleFactory(
            title="Trailer out", category=CategoryFactory(name="Trailers", slug="trailers"), author=profiled
        ),
        ArticleFactory(title="Filming wraps", author=newcomer),
    ]
    AuthorProfile.objects.filter(user=newcomer).delete()
    for story in stories:
        story.shows.set([show])
        story.seasons.set([season_2])
        story.people.set([person])

    for url in ("/shows/all-of-us-are-dead/", "/shows/all-of-us-are-dead/season-2/", "/people/park-ji-hu/"):
        page = client.get(url).content.decode()
        assert '<a href="/news/category/trailers/">Trailers</a>' in page, url
        assert "M. Kim" in page and "Lee Reporter" in page, url
        assert page.index(">Filming wraps<") < page.index(">Trailer out<"), url  # latest first


# Query budgets ----------------------------------------------------------------------------------------
# Each page is rendered with a small and a large data set and must take exactly the same number of
# queries: a count that grows with the data means a query inside a loop.

SIZES = [pytest.param(3, id="3-rows"), pytest.param(60, id="60-rows")]


@pytest.mark.parametrize("size", SIZES)
def test_show_list_query_count_does_not_grow_with_shows(client, django_assert_num_queries, size):
    """Guards against one query per show card for its next season (show.next_season) and for its
    providers (show.platform)."""
    for _ in range(size):
        show = ShowFactory(platform="Netflix, Viki")
        SeasonFactory(show=show, number=1)
        SeasonFactory(show=show, number=2, upcoming=True)

    with django_assert_num_queries(4):  # with the menu's sections, read on a first render only
        response = client.get("/shows/")

    assert response.content.decode().count("Netflix, Viki · ") == size
    assert response.content.decode().count("2027–2028 (not confirmed)") == size


@pytest.mark.parametrize("size", SIZES)
def test_show_page_query_count_does_not_grow_with_seasons_cast_crew_or_articles(
    client, django_assert_num_queries, size
):
    """Guards against a query per season (season.show in its URL), per credit (credit.person,
    credit.character), per crew member (credit.person), per provider and per article card."""
    show = ShowFactory(slug="big-show")
    for number in range(1, size + 1):
        season = SeasonFactory(show=show, number=number)
        CastCreditFactory(season=season)
        CrewCreditFactory(show=show, job=CrewCredit.Job.WRITER)
        ArticleFactory().shows.set([show])

    with django_assert_num_queries(7):  # with the menu's sections, read on a first render only
        response = client.get("/shows/big-show/")

    html = response.content.decode()
    assert html.count('class="cast-item"') == size
    assert html.count('<a href="/people/') == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_season_page_query_count_does_not_grow_with_cast_episodes_events_or_articles(
    client, django_assert_num_queries, size
):
    """Guards against a query per cast member (credit.person, credit.character), per episode, per
    release event and per article card (article.author)."""
    season = SeasonFactory(show__slug="big-show", number=1)
    for number in range(1, size + 1):
        CastCreditFactory(season=season, kind=[CastCredit.Kind.MAIN, CastCredit.Kind.GUEST][number % 2])
        EpisodeFactory(season=season, number=number)
        ReleaseEventFactory(season=season, certainty=ReleaseEvent.Certainty.RUMOUR)
        ArticleFactory().seasons.set([season])

    with django_assert_num_queries(7):  # with the menu's sections, read on a first render only
        response = client.get("/shows/big-show/season-1/")

    html = response.content.decode()
    assert html.count('class="cast-item"') == size
    assert html.count('<tr class="episode">') == size
    assert html.count('class="timeline__event ') == size


@pytest.mark.parametrize("size", SIZES)
def test_person_page_query_count_does_not_grow_with_roles_or_articles(
    client, django_assert_num_queries, size
):
    """Guards against a query per role for its season, show and character (credit.season.show,
    credit.character), per crew credit (credit.show) and per article card (article.author)."""
    person = PersonFactory(slug="busy-actor")
    for _ in range(size):
        CastCreditFactory(person=person)
        CrewCreditFactory(person=person)
        ArticleFactory().people.set([person])

    with django_assert_num_queries(5):  # with the menu's sections, read on a first render only
        response = client.get("/people/busy-actor/")

    assert response.content.decode().count("(main)") == size
    assert response.content.decode().count("Directed by: ") == size


@pytest.mark.parametrize("size", SIZES)
def test_release_calendar_query_count_does_not_grow_with_seasons(client, django_assert_num_queries, size):
    """Guards against a query per season (season.show in its URL)."""
    show = ShowFactory(slug="big-show")
    for number in range(1, size + 1):
        SeasonFactory(show=show, number=number)

    with django_assert_num_queries(2):
        response = client.get("/shows/big-show/releases.ics")

    assert response.content.decode().count("BEGIN:VEVENT") == size


@pytest.mark.django_db
def test_show_season_and_person_pages_carry_their_own_social_tags(client):
    credit = CastCreditFactory(season=SeasonFactory(show=ShowFactory(title="Hyosan Nights")))
    season, person = credit.season, credit.person
    show_html = client.get(season.show.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Hyosan Nights">' in show_html
    assert f'href="/shows/{season.show.slug}/feed/"' in show_html
    season_html = client.get(season.get_absolute_url()).content.decode()
    assert f'<meta property="og:title" content="Hyosan Nights: {season.name}">' in season_html
    person_html = client.get(person.get_absolute_url()).content.decode()
    assert f'<meta property="og:title" content="{person.name}">' in person_html
    assert '<meta property="og:type" content="profile">' in person_html


def test_show_page_names_every_main_character_a_person_plays_once_each(client, aouad):
    _, season_1, season_2 = aouad
    twin = PersonFactory(name="Twin Actor")
    CastCreditFactory(season=season_1, person=twin, character_name="Elder twin", billing_order=1)
    CastCreditFactory(season=season_2, person=twin, character_name="Elder twin", billing_order=1)
    CastCreditFactory(season=season_2, person=twin, character_name="Younger twin", billing_order=2)
    CastCreditFactory(season=season_2, person=twin, character_name="Cameo", kind=CastCredit.Kind.GUEST)

    html = client.get("/shows/all-of-us-are-dead/").content.decode()

    assert html.count(">Twin Actor</a>") == 1
    assert ">Twin Actor</a> as Elder twin, Younger twin</span>" in html
    assert "Cameo" not in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html).group(1))
    assert [role["characterName"] for role in data["actor"]] == ["Elder twin", "Younger twin"]


@pytest.mark.parametrize(
    ("original", "lang"),
    [
        ("지금 우리 학교는", ' lang="ko"'),
        ("進撃の巨人", ' lang="ja"'),
        ("เด็กใหม่", ' lang="th"'),
        ("Élite", ""),
    ],
)
def test_original_titles_and_native_names_are_marked_with_the_language_of_their_script(
    client, original, lang
):
    show = ShowFactory(original_title=original)
    person = PersonFactory(native_name=original)

    assertContains(client.get(show.get_absolute_url()), f"<span{lang}>{original}</span>")
    assertContains(client.get(person.get_absolute_url()), f"<span{lang}>{original}</span>")


MIXED_SIZES = [pytest.param(2, 3, id="2-seasons-3-credits"), pytest.param(10, 60, id="10-seasons-60-credits")]


@pytest.mark.parametrize(("seasons", "credits"), MIXED_SIZES)
def test_query_counts_hold_for_two_shows_of_many_seasons_and_credits(
    client, django_assert_num_queries, seasons, credits
):
    """Guards against the N+1s that only a mix shows: a person with several characters in every season
    of two shows (roles grouped by show and character), main cast grouped per person on the show page,
    and a season page among many seasons."""
    star = PersonFactory(slug="star")
    for index in range(2):
        show = ShowFactory(slug=f"show-{index}", platform="Netflix, Viki")
        CrewCreditFactory(show=show, person=star, job=CrewCredit.Job.CREATOR)
        for number in range(1, seasons + 1):
            season = SeasonFactory(
                show=show, number=number, status="renewed" if number == seasons else "released"
            )
            CastCreditFactory(season=season, person=star, character_name="Elder twin")
            CastCreditFactory(season=season, person=star, character_name="Younger twin", kind="recurring")
            for count in range(credits):
                CastCreditFactory(season=season, kind=list(CastCredit.Kind)[count % 3])
            EpisodeFactory(season=season, number=1)
            ReleaseEventFactory(season=season, certainty=ReleaseEvent.Certainty.REPORTED)
            article = ArticleFactory()
            article.seasons.set([season])
            article.people.set([star])

    client.get("/news/")  # the menu's sections, read by the first page and kept from then on
    for url, queries in [
        ("/shows/", 3),
        ("/shows/show-0/", 6),
        (f"/shows/show-0/season-{seasons}/", 6),
        ("/people/star/", 4),
        ("/shows/show-0/releases.ics", 2),
    ]:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200

    html = client.get("/people/star/").content.decode()
    assert html.count("Elder twin: ") == 2


def test_show_list_pages_through_many_shows_without_counting_them(client, django_assert_num_queries):
    """Guards against loading every show (and its seasons) into one page as the archive grows.
    Four queries: the page of shows, their seasons, their providers, and the menu's sections."""
    from shows.views import SHOWS_PER_PAGE

    for number in range(SHOWS_PER_PAGE + 2):
        ShowFactory(title=f"Show {number:03d}")

    with django_assert_num_queries(4):
        first = client.get("/shows/").content.decode()
    second = client.get("/shows/", {"page": 2}).content.decode()

    assert first.count('class="show-card"') == SHOWS_PER_PAGE
    assert 'rel="next" href="?page=2"' in first
    assert second.count('class="show-card"') == 2
    assert 'rel="prev" href="/shows/"' in second and 'rel="next"' not in second
    assert client.get("/shows/", {"page": 9}).status_code == 404

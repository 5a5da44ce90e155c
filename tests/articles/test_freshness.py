"""Articles the shows data has moved past (issue 14): a change to a season's facts marks every
article about it; a window that passed marks the articles that stated it; an update or an
editor's "still accurate" clears the mark; editors see it on the admin home, list and change page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import freshness
from articles.models import Article, ArticleFreshnessNote
from newsroom.roles import EDITOR, WRITER
from shows.models import ReleaseEvent, ShowProvider, WatchProvider
from tests.factories import (
    ArticleFactory,
    CastCreditFactory,
    ReleaseEventFactory,
    SeasonFactory,
    ShowFactory,
    staff_in_role,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
WRITTEN = datetime.datetime(2023, 11, 20, 9, 0, tzinfo=UTC)
PASSWORD = "a-long-test-password"


@pytest.fixture
def world(clock):
    """Season 2 (2024–2025 window, unconfirmed) with an article about the season, one about the
    show, and one about another show, all written in November 2023."""
    clock.move_to(WRITTEN)
    show = ShowFactory(title="All of Us Are Dead", slug="all-of-us-are-dead")
    season = SeasonFactory(show=show, number=2, missed=True)
    about_season = ArticleFactory(title="Season 2: what we know", slug="season-2")
    about_season.seasons.set([season])
    about_show = ArticleFactory(title="Where to stream it", slug="where-to-stream")
    about_show.shows.set([show])
    elsewhere = ArticleFactory(title="Sweet Home recap", slug="sweet-home")
    elsewhere.shows.set([ShowFactory(title="Sweet Home")])
    clock.move_to(datetime.datetime(2024, 3, 1, 9, 0, tzinfo=UTC))  # inside the window
    return {"show": show, "season": season, "season_article": about_season, "show_article": about_show}


def whats(article):
    return [mark.what for mark in freshness.marks_for(Article.objects.get(pk=article.pk))]


def stale_titles():
    return set(Article.objects.filter(pk__in=freshness.stale_counts()).values_list("title", flat=True))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Marking ------------------------------------------------------------------------------------------------


def test_nothing_is_marked_while_the_facts_stand(world):
    assert stale_titles() == set()
    assert whats(world["season_article"]) == []


def test_a_new_status_and_window_mark_every_article_about_the_season_and_its_show(world):
    season = world["season"]
    season.status = "filming"
    season.release_precision, season.release_start, season.release_end = (
        "month",
        datetime.date(2024, 9, 1),
        None,
    )
    season.save()

    expected = [
        "Status: Renewed → Filming",
        "Release: 2024–2025 (not confirmed) → September 2024 (not confirmed)",
    ]
    assert sorted(whats(world["season_article"])) == sorted(expected)
    assert sorted(whats(world["show_article"])) == sorted(expected)
    assert stale_titles() == {"Season 2: what we know", "Where to stream it"}
    note = ArticleFreshnessNote.objects.filter(article=world["season_article"]).first()
    assert (note.season, note.changed_at) == (season, timezone.now())


def test_a_save_that_changes_no_fact_marks_nothing(world):
    season = world["season"]
    season.synopsis = "A new synopsis."
    season.save()

    assert stale_titles() == set()


def test_a_confirmed_release_event_marks_the_articles_with_the_event_and_what_it_moved(world):
    ReleaseEventFactory(
        season=world["season"],
        kind=ReleaseEvent.Kind.DATE_ANNOUNCED,
        date=datetime.date(2024, 3, 1),
        date_precision="day",
        release_precision="day",
        release_start=datetime.date(2024, 6, 14),
    )

    changes = whats(world["season_article"])
    assert "New release event: Release date announced (confirmed), 1 March 2024" in changes
    assert "Status: Renewed → Release date set" in changes
    assert "Release: 2024–2025 (not confirmed) → 14 June 2024" in changes


def test_cast_and_where_to_watch_changes_mark_the_articles(world):
    credit = CastCreditFactory(season=world["season"], person__name="Park Ji-hu", character_name="Nam On-jo")
    provider = WatchProvider.objects.create(name="Viki", slug="viki")
    ShowProvider.objects.create(show=world["show"], provider=provider, order=2)
    credit.delete()

    changes = whats(world["season_article"])
    assert "Cast: Park Ji-hu as Nam On-jo (main) added" in changes
    assert "Cast: Park Ji-hu as Nam On-jo removed" in changes
    assert "Where to watch: Viki added" in changes
    assert "Where to watch: Viki added" in whats(world["show_article"])


def test_a_window_that_passed_marks_the_articles_that_stated_it_with_nothing_saved(world, clock):
    clock.move_to(datetime.datetime(2025, 12, 31, 23, 0, tzinfo=UTC))
    assert stale_titles() == set()

    clock.move_to(datetime.datetime(2026, 1, 1, 0, 0, tzinfo=UTC))

    assert whats(world["season_article"]) == [
        "Release window passed: expected 2024–2025; that window passed with no release announced"
    ]
    # The show's article has no fact box for the season: it stated no window.
    assert stale_titles() == {"Season 2: what we know"}


def test_an_article_written_after_the_window_passed_is_not_marked_for_it(world, clock):
    clock.move_to(datetime.datetime(2026, 2, 1, tzinfo=UTC))
    ArticleFactory(title="Still no date", slug="still-no-date").seasons.set([world["season"]])

    assert "Still no date" not in stale_titles()


# Clearing ------------------------------------------------------------------------------------------------


def test_a_significant_update_clears_the_marks_made_before_it_only(world, clock):
    season = world["season"]
    season.status = "filming"
    season.save()
    clock.advance(hours=1)
    article = Article.objects.get(pk=world["season_article"].pk)
    article.significant_update_at = timezone.now()
    article.save()

    assert "Season 2: what we know" not in stale_titles()
    assert whats(article) == []

    clock.advance(hours=1)
    season.status = "post_production"
    season.save()
    assert whats(article) == ["Status: Filming → Post-production"]


def test_an_editor_updates_the_article_in_the_admin_and_the_mark_clears(client, world, clock):
    season = world["season"]
    season.status = "filming"
    season.save()
    clock.advance(minutes=30)
    editor = staff_in_role(EDITOR)
    article = world["season_article"]
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    login(client, editor)

    page = client.get(change_url).content.decode()
    assert "Status: Renewed → Filming" in page
    assert "Still accurate: dismiss these changes" in page

    from tests.articles.test_editorial import article_form

    now = timezone.localtime()
    data = article_form(
        title=article.title,
        slug=article.slug,
        status="published",
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        significant_update_at_0=now.strftime("%Y-%m-%d"),
        significant_update_at_1=now.strftime("%H:%M:%S"),
        author=str(article.author_id),
        seasons=[str(season.pk)],
    )
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert whats(article) == []
    assert "The shows data has not changed since" in client.get(change_url).content.decode()


def test_dismissing_clears_the_marks_and_the_window_mark_without_a_revision(client, world, clock):
    season = world["season"]
    season.status = "filming"
    season.save()
    clock.move_to(datetime.datetime(2026, 3, 1, tzinfo=UTC))
    article = world["season_article"]
    assert len(whats(article)) == 2
    revisions = article.history.count()
    login(client, staff_in_role(EDITOR))

    response = client.post(reverse("admin:articles_article_facts_checked", args=[article.pk]))

    assert response.status_code == 302
    assert whats(article) == []
    assert stale_titles() == {"Where to stream it"}
    assert article.history.count() == revisions
    assert Article.objects.get(pk=article.pk).facts_checked_at == timezone.now()


def test_a_writer_cannot_dismiss_someone_elses_article(client, world):
    season = world["season"]
    season.status = "filming"
    season.save()
    login(client, staff_in_role(WRITER))

    response = client.post(reverse("admin:articles_article_facts_checked", args=[world["season_article"].pk]))

    assert response.status_code == 403
    assert whats(world["season_article"]) == ["Status: Renewed → Filming"]


# What editors see ----------------------------------------------------------------------------------------


def test_the_admin_home_list_and_filter_show_the_articles_to_check(client, world):
    season = world["season"]
    season.status = "filming"
    season.save()
    login(client, staff_in_role(EDITOR))

    home = client.get(reverse("admin:index")).content.decode()
    panel = home[home.index('id="facts-panel"') : home.index("</div>", home.index('id="facts-panel"'))]
    assert "Season 2: what we know" in panel and "Where to stream it" in panel
    assert "Sweet Home recap" not in panel
    assert "All 2 articles to check" in panel

    changelist = reverse("admin:articles_article_changelist")
    listing = client.get(changelist).content.decode()
    assert listing.count('<span class="facts-badge">Possibly out of date</span>') == 2
    stale = client.get(changelist, {"facts": "stale"}).context["cl"].result_list
    fresh = client.get(changelist, {"facts": "fresh"}).context["cl"].result_list
    assert {article.title for article in stale} == {"Season 2: what we know", "Where to stream it"}
    assert {article.title for article in fresh} == {"Sweet Home recap"}


def test_the_admin_home_says_when_every_article_is_up_to_date(client, world):
    login(client, staff_in_role(EDITOR))

    home = client.get(reverse("admin:index")).content.decode()

    assert "Every article matches the shows data." in home

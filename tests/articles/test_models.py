import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.factbox import fact_season
from articles.models import Article
from shows.models import Season
from tests.factories import ArticleFactory, SeasonFactory, png_upload

# Article.objects.published() and the derived state -------------------------------------------------------


@pytest.mark.django_db
def test_published_includes_articles_whose_publication_time_has_passed(clock):
    article = ArticleFactory(published_at=clock.yesterday)

    assert list(Article.objects.published()) == [article]


@pytest.mark.django_db
def test_published_excludes_drafts_even_with_a_past_date(clock):
    ArticleFactory(status=Article.Status.DRAFT, published_at=clock.yesterday)
    ArticleFactory(draft=True)

    assert list(Article.objects.published()) == []


@pytest.mark.django_db
def test_published_excludes_articles_scheduled_for_the_future(clock):
    ArticleFactory(published_at=clock.tomorrow)

    assert list(Article.objects.published()) == []


@pytest.mark.django_db
def test_an_article_scheduled_for_exactly_now_is_live_now(clock):
    tomorrow = clock.tomorrow
    article = ArticleFactory(published_at=tomorrow)
    assert article.state == "Scheduled"
    clock.move_to(tomorrow)

    assert list(Article.objects.published()) == [article]
    assert list(Article.objects.scheduled()) == []
    assert article.is_published
    assert article.state == "Published"
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED  # nothing stored had to change


@pytest.mark.django_db
def test_an_article_scheduled_a_microsecond_from_now_is_not_live_yet(clock):
    tomorrow = clock.tomorrow
    article = ArticleFactory(published_at=tomorrow)
    clock.move_to(tomorrow - datetime.timedelta(microseconds=1))

    assert list(Article.objects.published()) == []
    assert list(Article.objects.scheduled()) == [article]
    assert not article.is_published
    assert article.state == "Scheduled"


@pytest.mark.django_db
def test_each_article_is_in_exactly_the_state_it_shows(clock):
    """The queryset and Article.state apply one rule: every article is found by the state it shows, and
    by no other, at the edges of its publication date too."""
    articles = [
        ArticleFactory(draft=True),
        ArticleFactory(status=Article.Status.DRAFT, published_at=clock.yesterday),
        ArticleFactory(published_at=clock.yesterday),
        ArticleFactory(published_at=clock.now),
        ArticleFactory(published_at=clock.ahead(microseconds=1)),
        ArticleFactory(published_at=clock.tomorrow),
        ArticleFactory(status=Article.Status.UNPUBLISHED, published_at=clock.yesterday),
        ArticleFactory(status=Article.Status.UNPUBLISHED, published_at=clock.tomorrow),
    ]

    states = [article.state for article in articles]
    found = {
        state.label: set(Article.objects.in_state(state).values_list("pk", flat=True))
        for state in Article.State
    }

    assert states == [
        "Draft",
        "Draft",
        "Published",
        "Published",
        "Scheduled",
        "Scheduled",
        "Unpublished",
        "Unpublished",
    ]
    for article in articles:
        assert [state for state, pks in found.items() if article.pk in pks] == [article.state]
    assert set(Article.objects.published()) == {article for article in articles if article.is_published}


@pytest.mark.django_db
def test_database_rejects_a_published_article_without_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


# Article.clean() ---------------------------------------------------------------------------------------


def test_clean_requires_a_date_to_publish():
    article = Article(status=Article.Status.PUBLISHED, published_at=None)

    with pytest.raises(ValidationError) as exc:
        article.clean()

    assert set(exc.value.message_dict) == {"published_at"}


def test_clean_accepts_a_draft_without_a_date():
    Article(status=Article.Status.DRAFT, published_at=None).clean()


def test_clean_requires_alt_text_for_a_hero_image():
    article = Article(
        status=Article.Status.DRAFT,
        hero_image=png_upload("hero.png"),
        hero_alt="",
        hero_caption="Photo: Netflix",
    )

    with pytest.raises(ValidationError) as exc:
        article.clean()

    assert set(exc.value.message_dict) == {"hero_alt"}


def test_clean_requires_a_caption_with_credit_for_a_hero_image():
    article = Article(status=Article.Status.DRAFT, hero_image=png_upload("hero.png"), hero_alt="A school")

    with pytest.raises(ValidationError) as exc:
        article.clean()

    assert set(exc.value.message_dict) == {"hero_caption"}


def test_clean_accepts_a_hero_image_with_alt_text_and_caption():
    article = Article(
        status=Article.Status.DRAFT,
        hero_image=png_upload("hero.png"),
        hero_alt="A school",
        hero_caption="Hyosan High. Photo: Netflix",
    )

    article.clean()


# Rendering the body on save --------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_renders_markdown_headings_with_ids_and_a_table_of_contents():
    article = ArticleFactory(body="## Release date\n\nSoon.\n\n### Filming\n\nDone.\n\n#### Detail\n\nMore.")

    assert '<h2 id="section-release-date">Release date</h2>' in article.body_html
    assert '<h3 id="section-filming">Filming</h3>' in article.body_html
    assert article.toc == [
        {"id": "section-release-date", "title": "Release date", "level": 2},
        {"id": "section-filming", "title": "Filming", "level": 3},
    ]


@pytest.mark.django_db
def test_saving_again_rerenders_a_changed_body():
    article = ArticleFactory(body="## Old heading")
    article.body = "## New heading"
    article.save(update_fields=["body"])
    article.refresh_from_db()

    assert article.toc == [{"id": "section-new-heading", "title": "New heading", "level": 2}]
    assert "New heading" in article.body_html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hostile", "marker"),
    [
        ("<script>alert('x')</script>", "<script"),
        ("<script>alert('x')</script>", "alert("),
        ('<p onclick="steal()">Click</p>', "onclick"),
        ("[Watch now](javascript:steal())", "javascript:"),
        ('<a href="javascript:steal()">Watch now</a>', "javascript:"),
        ('<iframe src="https://evil.example/"></iframe>', "<iframe"),
        ('<img src="poster.png" onerror="steal()">', "onerror"),
    ],
)
def test_saving_strips_hostile_html_from_the_body(hostile, marker):
    article = ArticleFactory(body=f"Before.\n\n{hostile}\n\nAfter.")

    assert marker not in article.body_html
    assert "<p>Before.</p>" in article.body_html
    assert "<p>After.</p>" in article.body_html


@pytest.mark.django_db
def test_table_of_contents_titles_are_plain_text():
    article = ArticleFactory(body="## Cast & crew\n\n## The *new* students")

    assert [entry["title"] for entry in article.toc] == ["Cast & crew", "The new students"]
    assert '<h2 id="section-cast-crew">Cast &amp; crew</h2>' in article.body_html


# Properties ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (10, 1), (230, 1), (231, 2), (690, 3)])
def test_reading_minutes_rounds_up_at_230_words_a_minute_and_is_never_zero(words, minutes):
    assert Article(body=" ".join(["word"] * words)).reading_minutes == minutes


@pytest.mark.django_db
def test_was_updated_is_false_after_routine_edits_however_late():
    published_at = datetime.datetime(2024, 5, 1, 9, 0, tzinfo=datetime.UTC)
    article = ArticleFactory(published_at=published_at)
    Article.objects.filter(pk=article.pk).update(updated_at=published_at + datetime.timedelta(days=30))
    article.refresh_from_db()

    assert article.was_updated is False
    assert article.modified_at == published_at


@pytest.mark.django_db
def test_was_updated_is_true_when_an_editor_marks_a_significant_update():
    published_at = datetime.datetime(2024, 5, 1, 9, 0, tzinfo=datetime.UTC)
    updated = published_at + datetime.timedelta(days=3)
    article = ArticleFactory(published_at=published_at, significant_update_at=updated)

    assert article.was_updated is True
    assert article.modified_at == updated


def test_was_updated_ignores_a_significant_update_dated_before_publication():
    published_at = datetime.datetime(2024, 5, 1, 9, 0, tzinfo=datetime.UTC)
    article = Article(
        published_at=published_at, significant_update_at=published_at - datetime.timedelta(days=1)
    )

    assert article.was_updated is False


@pytest.mark.django_db
def test_fact_season_prefers_an_unreleased_season_over_a_released_one():
    season_1 = SeasonFactory(number=1, status=Season.Status.RELEASED)
    season_2 = SeasonFactory(show=season_1.show, number=2, upcoming=True)
    article = ArticleFactory()
    article.seasons.set([season_1, season_2])

    assert fact_season(article.pk, timezone.localdate()) == season_2


@pytest.mark.django_db
def test_fact_season_falls_back_to_the_earliest_released_season():
    season_2 = SeasonFactory(number=2)
    season_1 = SeasonFactory(show=season_2.show, number=1)
    article = ArticleFactory()
    article.seasons.set([season_2, season_1])

    assert fact_season(article.pk, timezone.localdate()) == season_1


@pytest.mark.django_db
def test_fact_season_is_none_without_seasons():
    assert fact_season(ArticleFactory().pk, timezone.localdate()) is None

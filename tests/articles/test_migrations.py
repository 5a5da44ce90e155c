"""Migration 0007 stops storing "scheduled": nothing goes live earlier or later because of it."""

import datetime

import pytest
from django.utils import timezone

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("articles", "0006_search_index")]
AFTER = [("articles", "0007_publication_state")]


@pytest.fixture
def old_apps():
    apps = migrate(BEFORE)
    yield apps
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_scheduled_articles_become_published_with_their_dates_and_back(old_apps):
    User = old_apps.get_model("auth", "User")
    Category = old_apps.get_model("articles", "Category")
    Article = old_apps.get_model("articles", "Article")
    HistoricalArticle = old_apps.get_model("articles", "HistoricalArticle")
    author = User.objects.create(username="mina")
    news = Category.objects.get_or_create(slug="news", defaults={"name": "News"})[0]
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    yesterday = timezone.now() - datetime.timedelta(days=1)

    def article(slug, status, published_at):
        return Article.objects.create(
            title=slug,
            slug=slug,
            summary="",
            body="",
            category=news,
            author=author,
            status=status,
            published_at=published_at,
        )

    embargo = article("embargo", "scheduled", tomorrow)
    article("live", "published", yesterday)
    article("draft", "draft", None)
    # A past version, saved last week while the article waited for tomorrow.
    HistoricalArticle.objects.create(
        id=embargo.pk,
        title="embargo",
        slug="embargo",
        summary="",
        body="",
        category_id=news.pk,
        author_id=author.pk,
        status="scheduled",
        published_at=tomorrow,
        created_at=yesterday,
        updated_at=yesterday,
        history_date=timezone.now() - datetime.timedelta(days=7),
        history_type="~",
    )

    def statuses(apps):
        model = apps.get_model("articles", "Article")
        history = apps.get_model("articles", "HistoricalArticle")
        return (
            dict(model.objects.values_list("slug", "status")),
            list(history.objects.values_list("status", flat=True)),
            model.objects.get(slug="embargo").published_at,
        )

    assert statuses(migrate(AFTER)) == (
        {"embargo": "published", "live": "published", "draft": "draft"},
        ["published"],
        tomorrow,
    )
    assert statuses(migrate(BEFORE)) == (
        {"embargo": "scheduled", "live": "published", "draft": "draft"},
        ["scheduled"],
        tomorrow,
    )

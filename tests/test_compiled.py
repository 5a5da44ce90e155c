"""core.compiled: a queryset's SQL built once per shape, run with each call's ids and moments."""

import pytest

from articles.models import Article
from core.compiled import Compiled
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def test_the_sql_is_built_once_and_run_with_each_calls_values(clock):
    older = ArticleFactory(published_at=clock.ago(days=3))
    middle = ArticleFactory(published_at=clock.ago(days=2))
    newer = ArticleFactory(published_at=clock.ago(days=1))
    ArticleFactory(published_at=clock.ahead(days=1))  # not live yet
    built = []

    def build(article_id, published_at, now):
        built.append((article_id, published_at, now))
        return Article.objects.published(now).filter(published_at__lt=published_at).exclude(pk=article_id)

    compiled = Compiled(Article)
    before_newer = compiled.rows(
        ("older",), build, article_id=newer.pk, published_at=newer.published_at, now=clock.now
    )
    before_middle = compiled.rows(
        ("older",), build, article_id=middle.pk, published_at=middle.published_at, now=clock.now
    )
    live_later = compiled.rows(
        ("older",), build, article_id=newer.pk, published_at=clock.ahead(days=9), now=clock.ahead(days=2)
    )

    assert {article.pk for article in before_newer} == {older.pk, middle.pk}
    assert [article.pk for article in before_middle] == [older.pk]
    assert len(live_later) == 3  # the scheduled one is live two days on; the excluded one is not there
    assert len(built) == 1 and built[0][0] < 0  # built once, from stand-ins


def test_only_ids_and_moments_have_stand_ins():
    with pytest.raises(TypeError):
        Compiled(Article).rows(("by slug",), lambda slug: Article.objects.filter(slug=slug), slug="news")

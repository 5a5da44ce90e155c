"""core.compiled: a queryset's SQL built once per shape, run with each call's ids and moments."""

import pytest
from django.db import DataError, connection, models

from articles.models import Article, ArticleStatus
from core.compiled import Compiled, OneRow, with_choices_written_in
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


def test_only_ids_moments_and_text_have_stand_ins():
    with pytest.raises(TypeError):
        Compiled(Article).rows(
            ("by flag",), lambda flag: Article.objects.filter(pk=1 if flag else 2), flag=True
        )


def test_one_row_is_found_by_its_slug_as_of_each_requests_moment(clock, monkeypatch):
    live = ArticleFactory(slug="live", published_at=clock.ago(hours=1))
    ArticleFactory(slug="soon", published_at=clock.ahead(hours=1))
    built = []

    def live_articles(now):
        built.append(now)
        return Article.objects.published(now).select_related("category")

    live_article = OneRow(live_articles)
    found = live_article(slug="live")

    assert found == live and found.category.name  # its select_related row in place
    assert live_article(slug="soon") is None
    assert live_article(slug="missing") is None
    clock.move_to(clock.ahead(hours=2))
    assert live_article(slug="soon").slug == "soon"  # live now, with no edit
    # Built twice in all: once to learn the model, once from stand-ins to compile.
    assert len(built) == 2 and built[1].year == 1901


def test_one_row_by_a_number_is_found_without_compiling(django_assert_num_queries):
    from shows.models import Season
    from tests.factories import SeasonFactory

    season = SeasonFactory(number=2)
    by_number = OneRow(lambda: Season.objects.select_related("show"))

    with django_assert_num_queries(1):
        found = by_number(show__slug=season.show.slug, number=2)

    assert found == season and found.show.slug == season.show.slug
    assert by_number(show__slug=season.show.slug, number=3) is None
    assert by_number.compiled is None


def test_values_and_instances_read_as_the_queryset_does(clock):
    """Instances with their select_related rows and annotations, tuples with Django's converters."""
    from django.db.models import F

    first = ArticleFactory(published_at=clock.ago(days=2), title="First")
    ArticleFactory(published_at=clock.ago(days=1), title="Second")
    ArticleFactory(published_at=clock.ahead(days=1), title="Not yet")

    def build(now):
        return (
            Article.objects.published(now)
            .select_related("category")
            .annotate(section_name=F("category__name"))
        )

    compiled = Compiled(Article)
    made = compiled.rows(("live",), build, now=clock.now)
    again = compiled.rows(("live",), build, now=clock.ahead(days=2))
    rows = compiled.values(
        ("live rows",), lambda now: build(now).values_list("title", "published_at"), now=clock.now
    )

    expected = list(build(clock.now))
    assert [article.pk for article in made] == [article.pk for article in expected]
    assert [article.category.name for article in made] == [article.category.name for article in expected]
    assert made[-1].section_name == first.category.name and made[-1].published_at == first.published_at
    assert len(again) == 3  # the same SQL, with the later moment
    assert rows == list(build(clock.now).values_list("title", "published_at"))


def test_a_shape_with_its_values_in_it_is_built_for_each(clock):
    ArticleFactory(slug="kept")
    built = []

    def build(slug):
        built.append(slug)
        return Article.objects.filter(slug=slug)

    compiled = Compiled(Article)
    for slug in ("kept", "kept", "other"):
        compiled.rows(("by slug", slug), lambda slug=slug: build(slug))

    assert built == ["kept", "other"]


@pytest.mark.parametrize(
    "build",
    [
        lambda article_id: Article.objects.filter(pk=article_id + 1),
        lambda article_id: Article.objects.all(),
    ],
    ids=["a value changed on its way to the SQL", "a value left out"],
)
def test_a_value_that_does_not_reach_the_sql_as_given_is_refused(db, build):
    """Its stand-in would stay in the compiled SQL: every call would run with it, not the real value."""
    with pytest.raises(ValueError, match="article_id"):
        Compiled(Article).rows(("refused",), build, article_id=ArticleFactory().pk)


class Awkward(models.TextChoices):
    TITLE = "It's 100% back", "A title with a quote and a percent sign"


def test_choice_constants_are_written_into_the_sql_and_still_find_their_rows(clock):
    live = ArticleFactory(published_at=clock.ago(days=1))
    ArticleFactory(published_at=clock.ago(days=1), status=ArticleStatus.DRAFT)
    awkward = ArticleFactory(title=Awkward.TITLE.value, published_at=clock.ago(days=2))
    compiled = Compiled(Article)

    found = compiled.rows(("live",), lambda now: Article.objects.published(now), now=clock.now)
    titled = compiled.rows(
        ("awkward",), lambda now: Article.objects.published(now).filter(title=Awkward.TITLE), now=clock.now
    )

    assert {article.pk for article in found} == {live.pk, awkward.pk}
    assert [article.pk for article in titled] == [awkward.pk]
    for sql, params, _places, _compiler in compiled.entries.values():
        assert "'published'" in sql
        assert not any(isinstance(param, models.Choices) for param in params), params
    assert any("'It''s 100%% back'" in sql for sql, *_ in compiled.entries.values())


def test_a_statement_of_choices_alone_is_left_as_django_writes_it():
    sql, params, places = with_choices_written_in(
        "SELECT 1 WHERE a = %s AND b LIKE '%%x'", [ArticleStatus.PUBLISHED], {}
    )
    assert (sql, params, places) == ("SELECT 1 WHERE a = %s AND b LIKE '%%x'", [ArticleStatus.PUBLISHED], {})


def test_places_follow_the_params_that_are_left():
    sql, params, places = with_choices_written_in(
        "a = %s AND b = %s AND c LIKE '%%y' AND d = %s",
        [ArticleStatus.PUBLISHED, -5, ArticleStatus.DRAFT],
        {1: "id"},
    )
    assert sql == "a = 'published' AND b = %s AND c LIKE '%%y' AND d = 'draft'"
    assert params == [-5] and places == {0: "id"}


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans of prepared statements are PostgreSQL's"
)


def plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@postgresql_only
def test_a_comment_thread_runs_on_one_plan_for_every_article(django_assert_num_queries):
    """PostgreSQL would plan the thread's statement again for each article (its generic plan looks
    costlier), taking longer to plan than to run it: it runs on the generic plan, in one round trip,
    and the connection's setting is as it was."""
    from comments.threads import page_of_threads
    from tests.factories import CommentFactory

    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        pytest.skip("prepared statements are off (DB_PREPARED_STATEMENTS=0): no plan is kept")

    articles = [ArticleFactory() for _ in range(3)]
    for article in articles:
        CommentFactory.create_batch(3, article=article)
    for _ in range(4):
        for article in articles:
            with django_assert_num_queries(1):
                roots, _nodes, _page, _total = page_of_threads(article, None)
            assert {root.comment.article_id for root in roots} == {article.pk}
            assert len(roots) == 3

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"threads_total"%'],
        )
        plans = cursor.fetchall()
    assert plans and all(generic >= 10 and custom == 0 for generic, custom in plans), plans
    assert plan_cache_mode() == "auto"


@postgresql_only
@pytest.mark.django_db(transaction=True)  # in autocommit, as a reader's request runs
@pytest.mark.parametrize("failure", [DataError, LookupError], ids=["on the server", "before sending"])
def test_a_failing_statement_leaves_the_connection_planning_as_before(failure):
    from core.compiled import generic_plan

    with pytest.raises(failure), connection.cursor() as cursor, generic_plan(connection):
        if failure is DataError:
            cursor.execute("SELECT 1 / 0")
        else:
            raise LookupError("a value the driver cannot send")
    assert plan_cache_mode() == "auto"

"""What only PostgreSQL's full-text search adds; skipped unless the suite runs on PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aouad .venv/bin/pytest tests/articles

(test_search.py runs in full on both databases.)"""

import pytest
from django.conf import settings

from search.engine import search
from tests.factories import ArticleFactory, PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "core.postgresql",
        reason="needs DATABASE_URL=postgres://…",
    ),
]


def test_postgresql_search_stems_english_words():
    ArticleFactory(title="Filming has started", body="The cast is filming in Seoul.")

    assert [result.title for result in search("film")] == ["Filming has started"]


def test_postgresql_search_uses_no_extra_table():
    from django.db import connection

    assert "articles_search_index" not in connection.introspection.table_names()


def test_postgresql_headline_marks_matches_in_a_persons_bio():
    PersonFactory(name="Lomon", bio="Born Park Solomon, credited as Lomon.")

    [result] = search("solomon")

    assert "<mark>Solomon</mark>" in result.snippet


def test_postgresql_searches_a_stored_vector_through_its_gin_index(django_assert_num_queries):
    """Not a vector computed per row at query time: the plan of the ranking statement names each
    table's GIN index."""
    from django.db import connection

    ArticleFactory(title="Filming has started")
    with django_assert_num_queries(1) as context:
        search("film")
    ranking = context.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        # On tables this small a sequential scan, or the live articles' own index, would win.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        cursor.execute(f"EXPLAIN {ranking}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        # The articles' vector alone: with the published rule, its own index wins at this size.
        vector = "SELECT id FROM articles_article WHERE search_vector @@ plainto_tsquery('english', 'film')"
        cursor.execute(f"EXPLAIN {vector}")
        plan += "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")

    for index in ("articles_article_search", "shows_show_search", "shows_person_search"):
        assert index in plan
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM articles_article WHERE title = %s", ["Filming has started"]
        )
        assert "'film':1A" in cursor.fetchone()[0]


def test_postgresql_keeps_the_vector_in_the_row_and_the_body_out_of_it():
    """Ranking a common word reads every matching row's vector: out of line (TOAST, with the body)
    it cost 38 ms at the archive's size instead of 2 ms (search/0003)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attstorage FROM pg_attribute "
            "WHERE attrelid IN ('articles_article'::regclass, 'shows_show'::regclass, 'shows_person'::regclass) "
            "AND attname IN ('search_vector', 'body', 'body_html', 'toc')"
        )
        storage = {(table, column): kind for table, column, kind in cursor.fetchall()}

    assert storage[("articles_article", "search_vector")] == "m"
    assert storage[("shows_show", "search_vector")] == "m"
    assert storage[("shows_person", "search_vector")] == "m"
    assert storage[("articles_article", "body_html")] == storage[("articles_article", "body")] == "e"


def test_postgresql_gin_indexes_have_no_pending_list():
    """With fast update on, new rows wait in a list that every search reads until a VACUUM."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN "
            "('articles_article_search', 'shows_show_search', 'shows_person_search')"
        )
        options = dict(cursor.fetchall())

    assert len(options) == 3
    assert all("fastupdate=off" in (value or []) for value in options.values())


def test_postgresql_search_never_sends_the_vectors_to_python(django_assert_num_queries):
    ArticleFactory(title="Filming has started")
    PersonFactory(name="Film Critic", slug="film-critic")

    with django_assert_num_queries(1) as context:
        results = search("film")

    # One statement filters, ranks, quotes and reads what the rows show; the vectors stay in it.
    [ranking] = (query["sql"] for query in context.captured_queries)
    assert "ts_rank(" in ranking and "ts_headline(" in ranking
    assert ranking.endswith("ORDER BY rank DESC, kind, position")
    shown = ranking.split(") SELECT * FROM (", 1)[1]
    assert "search_vector" not in shown and "ts_rank" not in shown
    assert sorted(result.title for result in results) == ["Film Critic", "Filming has started"]


def test_postgresql_quotes_an_articles_summary_when_it_has_the_words():
    """The summary is a few dozen words: quoting it spares a headline of the whole body."""
    ArticleFactory(
        title="Renewed",
        summary="Netflix renewed the zombie series for a second season.",
        body="Filming starts in Seoul. " * 20 + "The zombies return.",
    )
    ArticleFactory(title="Filming", summary="Dates announced.", body="Filming starts. The zombies return.")

    by_title = {result.title: result.snippet for result in search("zombie")}

    assert by_title["Renewed"] == "Netflix renewed the <mark>zombie</mark> series for a second season."
    assert "The <mark>zombies</mark> return." in by_title["Filming"]


def test_postgresql_asks_a_stored_vector_whether_the_summary_has_every_word(django_assert_num_queries):
    """Parsing each summary shown to ask cost 0.6 ms of a 3.4 ms search (search/0004); the stored
    vector follows every write, update() included."""
    from articles.models import Article

    article = ArticleFactory(title="Renewed", summary="Dates announced.", body="The zombies return.")
    Article.objects.filter(pk=article.pk).update(summary="The zombie series returns.")

    with django_assert_num_queries(1) as context:
        [result] = search("zombie")

    assert result.snippet == "The <mark>zombie</mark> series returns."
    ranking = context.captured_queries[0]["sql"]
    assert "search_summary_vector @@" in ranking
    assert "to_tsvector('english'::regconfig, coalesce(document1.\"summary\"" not in ranking

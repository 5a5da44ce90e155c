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
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
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


def test_postgresql_searches_a_stored_vector_through_its_gin_index():
    """Not a vector computed per row at query time: the plan names the GIN index."""
    from django.contrib.postgres.search import SearchQuery
    from django.db import connection

    from search.documents import DOCUMENTS
    from search.engine import _source

    ArticleFactory(title="Filming has started")
    queryset, vector, _text = _source(DOCUMENTS["article"])
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        # The vector alone (the published filter's own index would win on a table this small).
        plan = (
            queryset.model.objects.annotate(search=vector)
            .filter(search=SearchQuery("film", config="english"))
            .explain()
        )
        cursor.execute("RESET enable_seqscan")

    assert "articles_article_search" in plan
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM articles_article WHERE title = %s", ["Filming has started"]
        )
        assert "'film':1A" in cursor.fetchone()[0]

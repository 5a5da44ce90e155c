"""Site search over articles, shows and people: one interface, two engines.

On SQLite, an FTS5 table (created by migration 0006, kept in sync by save and delete
signals) ranks with bm25 and cuts snippets. On PostgreSQL, the built-in full-text
search (SearchVector, SearchRank, SearchHeadline) does the same without extra tables.
Queries are reduced to plain words first, so nothing a reader types can reach either
engine's query syntax: `%`, quotes, emoji, `NEAR(`, `*` or 5,000 characters are all safe.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection, connections
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from shows.models import Person, Show

from .models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULT_LIMIT = 30
CANDIDATES = 200
FTS_TABLE = "articles_search_index"
# Private-use characters mark matches inside snippets before escaping; never in real text.
START, STOP = "\ue000", "\ue001"
WORD = re.compile(r"\w+")


@dataclass
class SearchResult:
    kind: str  # "article", "show" or "person"
    obj: object
    snippet: str  # safe HTML: escaped text with <mark> around the matches
    rank: float

    @property
    def title(self):
        return getattr(self.obj, "title", None) or self.obj.name

    @property
    def url(self):
        return self.obj.get_absolute_url()


def terms_of(query):
    """The words of a query, lower-cased; punctuation, symbols and emoji are dropped."""
    return WORD.findall((query or "")[:MAX_QUERY_LENGTH].lower())[:MAX_TERMS]


def search(query):
    """Ranked results for ``query``, best first; an empty list when there are no words to look for."""
    terms = terms_of(query)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(terms)
    return _search_sqlite(terms)


def highlight(snippet):
    """Escape a snippet, then turn the engine's match markers into <mark> elements."""
    text = escape(snippet.replace("\n", " "))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


# SQLite FTS5 ------------------------------------------------------------------------------------------


def kind_of(obj):
    return {Article: "article", Show: "show", Person: "person"}[type(obj)]


# The text fields searched, as (title fields, body fields, the field snippets come from); fields a
# model lacks are skipped, so the shows app can reshape its models without breaking search.
FIELDS = {
    "show": (
        ("title", "original_title", "original_title_romanized"),
        ("tagline", "synopsis", "genres"),
        "synopsis",
    ),
    "person": (("name", "native_name", "birth_name", "aliases"), ("bio",), "bio"),
}


def present(model, names):
    existing = {field.name for field in model._meta.get_fields() if getattr(field, "concrete", False)}
    return [name for name in names if name in existing]


def document_for(kind, obj):
    """(title, body) as indexed; ``obj`` may be a historical model instance in a migration."""
    if kind == "article":
        body = html.unescape(strip_tags(obj.body_html))  # the text readers see: no tags, no entities
        return obj.title, f"{obj.summary}\n{body}"
    title_fields, body_fields, _snippet = FIELDS[kind]
    titles = [str(getattr(obj, name, "") or "") for name in title_fields]
    bodies = [str(getattr(obj, name, "") or "") for name in body_fields]
    return " ".join(filter(None, titles)), "\n".join(filter(None, bodies))


def create_index(cursor):
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "kind UNINDEXED, object_id UNINDEXED, title, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )


def index_object(obj, kind=None, using=None):
    db = connections[using] if using else connection
    if db.vendor != "sqlite":
        return
    kind = kind or kind_of(obj)
    title, body = document_for(kind, obj)
    with db.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE kind = %s AND object_id = %s", [kind, obj.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (kind, object_id, title, body) VALUES (%s, %s, %s, %s)",
            [kind, obj.pk, title, body],
        )


def unindex_object(obj):
    if connection.vendor != "sqlite":
        return
    kind = kind_of(obj)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE kind = %s AND object_id = %s", [kind, obj.pk])


def rebuild_index(models=None, using=None):
    """Index everything again: the migration calls it with its historical models, and anyone
    may after a bulk update (``python manage.py shell -c "from articles.search import *; rebuild_index()"``)."""
    db = connections[using] if using else connection
    if db.vendor != "sqlite":
        return
    models = models or {"article": Article, "show": Show, "person": Person}
    with db.cursor() as cursor:
        create_index(cursor)
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
    for kind, model in models.items():
        for obj in model._default_manager.using(db.alias).all():
            index_object(obj, kind, using=db.alias)


def _match_expression(terms):
    # Every term quoted (so it is a plain string to FTS5), all required, the last one a prefix.
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _search_sqlite(terms):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kind, object_id, bm25({FTS_TABLE}, 0, 0, 10.0, 1.0) AS score, "
            f"snippet({FTS_TABLE}, 3, %s, %s, '…', 24) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY score LIMIT %s",
            [START, STOP, _match_expression(terms), CANDIDATES],
        )
        rows = cursor.fetchall()
    ids = {"article": [], "show": [], "person": []}
    for kind, object_id, _score, _snippet in rows:
        ids[kind].append(int(object_id))
    objects = {
        "article": Article.objects.published().for_cards().in_bulk(ids["article"]),
        "show": Show.objects.in_bulk(ids["show"]),
        "person": Person.objects.in_bulk(ids["person"]),
    }
    results = []
    for kind, object_id, score, snippet in rows:
        obj = objects[kind].get(int(object_id))
        if obj is not None:
            results.append(SearchResult(kind, obj, highlight(snippet), -score))
    return results[:RESULT_LIMIT]


# PostgreSQL -------------------------------------------------------------------------------------------


def _search_postgresql(terms):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
    from django.db.models import Func, TextField, Value
    from django.db.models.functions import Concat

    class StripTags(Func):
        # The rendered body without its tags, as SQLite indexes it: never Markdown syntax or URLs.
        function = "regexp_replace"
        template = "%(function)s(%(expressions)s, '<[^>]*>', ' ', 'g')"
        output_field = TextField()

    query = SearchQuery(" ".join(terms), search_type="plain", config="english")
    headline = {"start_sel": START, "stop_sel": STOP, "max_words": 30, "min_words": 12, "config": "english"}
    sources = [
        (
            "article",
            Article.objects.published().for_cards(),
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", StripTags("body_html"), weight="B", config="english"),
            Concat("summary", Value(" "), StripTags("body_html"), output_field=TextField()),
        ),
        _other_source("show", Show),
        _other_source("person", Person),
    ]
    results = []
    for kind, queryset, vector, text in sources:
        matches = (
            queryset.annotate(
                search=vector,
                rank=SearchRank(vector, query),
                snippet=SearchHeadline(text, query, **headline),
            )
            .filter(search=query)
            .order_by("-rank")[:RESULT_LIMIT]
        )
        results += [
            SearchResult(kind, obj, highlight(Truncator(_text(kind, obj.snippet)).chars(400)), obj.rank)
            for obj in matches
        ]
    results.sort(key=lambda result: result.rank, reverse=True)
    return results[:RESULT_LIMIT]


def _text(kind, snippet):
    """An article's snippet comes from its rendered HTML: turn its entities (&amp;, &lt;) back into text."""
    return html.unescape(snippet) if kind == "article" else snippet


def _other_source(kind, model):
    from django.contrib.postgres.search import SearchVector

    title_names, body_names, snippet = FIELDS[kind]
    title_fields, body_fields = present(model, title_names), present(model, body_names)
    vector = SearchVector(*title_fields, weight="A", config="english")
    if body_fields:
        vector += SearchVector(*body_fields, weight="B", config="english")
    snippet = snippet if present(model, [snippet]) else title_fields[0]
    return kind, model.objects.all(), vector, snippet

"""Site search over articles, shows and people: one interface, two engines.

On SQLite, an FTS5 table (``search.index``) ranks with bm25 and cuts snippets. On PostgreSQL, the
built-in full-text search does the same over each table's stored, GIN-indexed ``search_vector``
(migrations ``search/0002`` and ``0003``): SearchRank to rank, SearchHeadline for the snippets, one
query per kind, each quoting only the rows that can still make the page.
Queries are reduced to plain words first, so nothing a reader types can reach either engine's
query syntax: `%`, quotes, emoji, `NEAR(`, `*` or 5,000 characters are all safe.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .documents import DOCUMENTS, present
from .index import FTS_TABLE

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULT_LIMIT = 30
# Best rows ranked before drafts and scheduled articles are left out (30 are shown).
CANDIDATES = 100
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


LINE_BREAKS = re.compile(r"\s*\n\s*")
BLOCK_SEPARATOR = " · "


def highlight(snippet):
    """Escape a snippet, then turn the engine's match markers into <mark> elements."""
    # A line break ends a heading or a paragraph: show it, so blocks never run into one sentence.
    text = escape(LINE_BREAKS.sub(BLOCK_SEPARATOR, snippet.strip()))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


# SQLite FTS5 ------------------------------------------------------------------------------------------


def _match_expression(terms):
    # Every term quoted (so it is a plain string to FTS5), all required, the last one a prefix.
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _search_sqlite(terms):
    with connection.cursor() as cursor:
        # Ranked in the inner query, quoted in the outer one: a snippet is cut for the best rows
        # only, not for every row that matches a common word before the sort.
        expression = _match_expression(terms)
        cursor.execute(
            f"SELECT kind, object_id, best.score, snippet({FTS_TABLE}, 3, %s, %s, '…', 24) "
            f"FROM {FTS_TABLE} JOIN (SELECT rowid AS id, bm25({FTS_TABLE}, 0, 0, 10.0, 1.0) AS score "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY score LIMIT %s) AS best "
            f"ON {FTS_TABLE}.rowid = best.id WHERE {FTS_TABLE} MATCH %s ORDER BY best.score",
            [START, STOP, expression, CANDIDATES, expression],
        )
        rows = cursor.fetchall()
    ids = {kind: [] for kind in DOCUMENTS}
    for kind, object_id, _score, _snippet in rows:
        ids[kind].append(int(object_id))
    objects = {kind: document.public().in_bulk(ids[kind]) for kind, document in DOCUMENTS.items()}
    results = []
    for kind, object_id, score, snippet in rows:
        obj = objects[kind].get(int(object_id))
        if obj is not None:
            results.append(SearchResult(kind, obj, highlight(snippet), -score))
    return results[:RESULT_LIMIT]


# PostgreSQL -------------------------------------------------------------------------------------------


def _search_postgresql(terms):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(" ".join(terms), search_type="plain", config="english")
    results = []
    for document in DOCUMENTS.values():
        queryset, vector, text = _source(document)
        # The vector only filters and ranks: it is never sent to Python.
        matches = queryset.alias(search=vector).filter(search=query).annotate(rank=SearchRank(vector, query))
        if len(results) == RESULT_LIMIT:
            # Only rows that would still make the page are ranked on and quoted: snippets are the
            # dearest part of a search, and equal ranks keep the earlier kind's rows first.
            matches = matches.filter(rank__gt=results[-1].rank)
        # Equal ranks in the document's own order (the newest article first), the same every time.
        order = ("-rank", *(queryset.query.order_by or ["pk"]))
        matches = matches.annotate(snippet=_headline(text, query)).order_by(*order)[:RESULT_LIMIT]
        quotes_html = bool(set(document.snippet_fields) & set(document.html_fields))
        results += [
            SearchResult(
                document.kind, obj, highlight(Truncator(_text(obj.snippet, quotes_html)).chars(400)), obj.rank
            )
            for obj in matches
        ]
        results.sort(key=lambda result: result.rank, reverse=True)
        del results[RESULT_LIMIT:]
    return results


def _headline(text, query):
    from django.contrib.postgres.search import SearchHeadline

    return SearchHeadline(
        text, query, start_sel=START, stop_sel=STOP, max_words=30, min_words=12, config="english"
    )


def _text(snippet, quotes_html):
    """A snippet cut from rendered HTML: turn its entities (&amp;, &lt;) back into text."""
    return html.unescape(snippet) if quotes_html else snippet


def _source(document):
    """(the public queryset, its stored search vector, the text its snippets come from) for ``document``."""
    from django.contrib.postgres.search import SearchVectorField
    from django.db.models import Func, TextField, Value
    from django.db.models.expressions import RawSQL
    from django.db.models.functions import Concat

    class StripTags(Func):
        # Rendered HTML without its tags, as SQLite indexes it: never Markdown syntax or URLs.
        function = "regexp_replace"
        # Block ends first become line breaks, as search.documents.BLOCK_END does for SQLite.
        template = (
            "%(function)s(%(function)s(%(expressions)s, "
            "'</(h[1-6]|p|li|blockquote|div|tr|pre|figcaption)>', E'\\n', 'gi'), '<[^>]*>', ' ', 'g')"
        )
        output_field = TextField()

    def expression(name):
        return StripTags(name) if name in document.html_fields else name

    queryset = document.public()
    table = queryset.model._meta.db_table
    # Generated by the database and GIN-indexed: the WHERE clause names the column itself.
    vector = RawSQL(f'"{table}"."search_vector"', [], output_field=SearchVectorField())
    title_fields = present(queryset.model, document.title_fields)
    snippet_fields = present(queryset.model, document.snippet_fields) or title_fields[:1]
    parts = [expression(name) for name in snippet_fields]
    if len(parts) == 1:
        return queryset, vector, parts[0]
    spaced = [part for name in parts for part in (Value(" "), name)][1:]
    return queryset, vector, Concat(*spaced, output_field=TextField())

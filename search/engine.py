"""Site search over articles, shows and people: one interface, two engines.

On SQLite, an FTS5 table (``search.index``) ranks with bm25 and cuts snippets. On PostgreSQL, the
built-in full-text search does the same over each table's stored, GIN-indexed ``search_vector``
(migrations ``search/0002`` and ``0003``) with ts_rank and ts_headline.

On both, hand-written SQL does what the ORM would do in several passes: each document's public()
rule (its WHERE clause, compiled by Django) is applied while ranking, so that only the 30 rows shown
are quoted (snippets and headlines are the dearest part of a search), and the statement that quotes
them also reads what they show (``Shown``): a search is one statement on PostgreSQL and two on
SQLite, whatever kinds it finds, and builds no model instance. Equal ranks list the earlier kind
first, then each document's own order (the newest article first).

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
# SQLite: the best-scored matches that are checked against the documents' public() rules first.
CANDIDATES = 2 * RESULT_LIMIT
# Private-use characters mark matches inside snippets before escaping; never in real text.
START, STOP = "\ue000", "\ue001"
WORD = re.compile(r"\w+")


@dataclass(slots=True)
class SearchResult:
    """What a result shows, as plain values: no model instances are built for a page of results."""

    kind: str  # "article", "show" or "person"
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around the matches
    rank: float
    section: str | None = None  # an article's category
    published_at: object = None  # an article's date


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


# Which rows each kind may show, in SQL -----------------------------------------------------------------


@dataclass
class Visibility:
    """``document.public()`` as SQL over the document's own table (named, never aliased): the rows
    readers may see (``where``, its ``params``; empty when every row is public) and the order of rows
    that rank the same (``order``)."""

    table: str
    pk: str  # the table's primary key column, qualified
    pk_column: str
    where: str
    params: list
    order: list


def visibility(document):
    from django.core.exceptions import EmptyResultSet, FullResultSet

    queryset = document.public()
    query, model = queryset.query, queryset.model
    table = model._meta.db_table
    quote = connection.ops.quote_name
    where, params = "", []
    if query.where.children:
        compiler = query.get_compiler(connection=connection)
        try:
            if set(query.alias_map) - {table}:
                # A rule that reaches other tables: the public ids as a subquery.
                subquery, params = queryset.order_by().values("pk").query.sql_with_params()
                where = f"{quote(table)}.{quote(model._meta.pk.column)} IN ({subquery})"
            else:
                where, params = compiler.compile(query.where)
        except EmptyResultSet:
            where, params = "1 = 0", []
        except FullResultSet:
            where, params = "", []
    order = []
    for name in query.order_by or ["pk"]:
        descending = isinstance(name, str) and name.startswith("-")
        field_name = name.lstrip("-") if isinstance(name, str) else None
        field = model._meta.pk if field_name == "pk" else _local_field(model, field_name)
        if field is None:  # an expression or a relation: the primary key decides instead
            order = []
            break
        order.append((f"{quote(table)}.{quote(field.column)}", descending))
    pk = f"{quote(table)}.{quote(model._meta.pk.column)}"
    if pk not in {column for column, _descending in order}:
        order.append((pk, bool(order) and order[-1][1]))
    return Visibility(table, pk, quote(model._meta.pk.column), where, list(params), order)


def _order(keys, prefix=""):
    return ", ".join(f"{prefix}{name}{' DESC' if descending else ''}" for name, descending in keys)


def _local_field(model, name):
    from django.core.exceptions import FieldDoesNotExist

    try:
        field = model._meta.get_field(name or "")
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "column", None) and not field.is_relation else None


# What a result shows of each kind (core/templatetags/search_results.py writes it): its heading (the
# document's first title field), its address (from its slug: every document has one) and, for an
# article, its section and date.
SHOWN = {"article": ("category__name", "published_at")}


@dataclass
class Shown:
    """What a result shows of one kind, as SQL that each engine's last statement selects along with
    the snippets: no query per kind and no model instances (thirty of them, and thirty reversed
    URLs, cost more than the ranking). ``columns``: the id (NULL when the row was deleted since the
    ranking), the title, the slug and the kind's SHOWN fields, read from the kind's table as
    ``alias`` and the ``joins`` that follow it; ``converters`` turn what the database returns into
    Python values, as the ORM would (SQLite's dates are text)."""

    table: str  # quoted, as are the columns
    alias: str
    pk: str
    columns: list
    joins: list
    converters: dict  # column index -> [(converter, column expression)]

    @classmethod
    def of(cls, kind, alias):
        from django.apps import apps

        document = DOCUMENTS[kind]
        model, quote = apps.get_model(document.model), connection.ops.quote_name
        shown = cls(quote(model._meta.db_table), alias, quote(model._meta.pk.column), [], [], {})

        def select(table_alias, field):
            expression = field.get_col(table_alias)
            found = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
            if found:
                shown.converters[len(shown.columns)] = [(converter, expression) for converter in found]
            shown.columns.append(f"{table_alias}.{quote(field.column)}")

        select(alias, model._meta.pk)
        for name in (document.title_fields[0], "slug", *SHOWN.get(kind, ())):
            relation, _, name = name.rpartition("__")
            if not relation:
                select(alias, model._meta.get_field(name))
                continue
            # One step along a foreign key: the article's category.
            key = model._meta.get_field(relation)
            target, joined = key.related_model, f"{alias}_{relation}"
            shown.joins.append(
                f"LEFT JOIN {quote(target._meta.db_table)} AS {joined} ON "
                f"{joined}.{quote(target._meta.pk.column)} = {alias}.{quote(key.column)}"
            )
            select(joined, target._meta.get_field(name))
        return shown

    def convert(self, values):
        for index, converters in self.converters.items():
            for converter, expression in converters:
                values[index] = converter(values[index], expression, connection)
        return values


def _width(shown):
    return max(len(each.columns) for each in shown.values())


SLUG_STAND_IN = "search-slug-stand-in"


def _address_of(kind):
    """The address of a ``kind`` from its slug: the model's own ``get_absolute_url()``, asked once
    with a stand-in slug (an address is its model's prefix, the slug and a suffix)."""
    from django.apps import apps

    model = apps.get_model(DOCUMENTS[kind].model)
    before, after = model(slug=SLUG_STAND_IN).get_absolute_url().split(SLUG_STAND_IN)
    return lambda slug: f"{before}{slug}{after}"


def _results(rows, shown, snippet_of):
    """SearchResults for ``rows`` of (kind, rank, snippet, *what the kind shows), best first."""
    addresses = {}
    results = []
    for kind, rank, snippet, *columns in rows:
        object_id, title, slug, *more = shown[kind].convert(columns)[: len(shown[kind].columns)]
        if object_id is None:  # deleted since the ranking
            continue
        if kind not in addresses:
            addresses[kind] = _address_of(kind)
        results.append(
            SearchResult(kind, title, addresses[kind](slug), snippet_of(kind, snippet), rank, *more)
        )
    return results


# SQLite FTS5 ------------------------------------------------------------------------------------------


def _match_expression(terms):
    # Every term quoted (so it is a plain string to FTS5), all required, the last one a prefix.
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _search_sqlite(terms):
    """Two statements: score every match and keep the best 30 that readers may see; then cut a
    snippet for those 30 only. The index's rowid says the kind and the object (search.index), so
    that scoring never reads an indexed row's text (reading the kind column fetched every matching
    row's body); a document's own table is joined by primary key where its public() filters rows or
    orders ties, for the best-scored rows only (a third statement, rarely: when fewer than 30 of
    those are public, all matches are joined)."""
    from .index import KIND_NUMBERS, KINDS

    rowid = "scored.id"
    joins, conditions, params, columns = [], [], [], []
    for kind, document in DOCUMENTS.items():
        number, rule = KIND_NUMBERS[kind], visibility(document)
        if not rule.where and len(rule.order) == 1:
            continue  # every row public, ties by id: the rowid's order is the document's
        joins.append(
            f"LEFT JOIN {rule.table} ON {rowid} %% {KINDS} = {number} AND {rule.pk} = {rowid} / {KINDS}"
        )
        if rule.where:
            conditions.append(f"({rowid} %% {KINDS} != {number} OR ({rule.where}))")
            params += rule.params
        columns += rule.order
    # Best first (bm25 is negative); equal scores by kind, then in each document's own order.
    keys = [("score", False), ("kind", False)]
    keys += [(f"tie{number}", descending) for number, (_column, descending) in enumerate(columns)]
    keys.append(("id", False))
    selected = [
        f"{rowid} AS id",
        "scored.score",
        f"{rowid} %% {KINDS} AS kind",
        *(f"{column} AS tie{number}" for number, (column, _descending) in enumerate(columns)),
        "(SELECT count(*) FROM bound) AS bounded",
    ]
    # Every match is scored, but only those as good as the CANDIDATES-th best (ties included) are
    # joined to their tables to be filtered and ordered: a common word's 2,000 rows cost 2,000 lookups
    # by primary key otherwise. Exact whenever 30 of them are public; if not, all are.
    best = (
        f"WITH scored AS MATERIALIZED (SELECT rowid AS id, bm25({FTS_TABLE}, 0, 0, 10.0, 1.0) AS score "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s), "
        "bound AS (SELECT score FROM scored ORDER BY score LIMIT 1 OFFSET %s) "
        f"SELECT {', '.join(selected)} FROM scored {' '.join(joins)} "
        f"WHERE {' AND '.join(['scored.score <= coalesce((SELECT score FROM bound), 1e300)', *conditions])} "
        f"ORDER BY {_order(keys)} LIMIT %s"
    )
    expression = _match_expression(terms)
    with connection.cursor() as cursor:
        for offset in (CANDIDATES - 1, 2**62):
            cursor.execute(best, [expression, offset, *params, RESULT_LIMIT])
            rows = cursor.fetchall()
            if len(rows) == RESULT_LIMIT or (rows and not rows[0][-1]):
                break
        ranked = [(row[0], row[1]) for row in rows]
        if not ranked:
            return []
        # A statement of its own: cut in the ranking's (a second pass over every match and a join
        # back to the best rows), the same 30 snippets took twice as long.
        # What the rows show, joined by primary key: the kind's columns where the rowid is its.
        shown = {kind: Shown.of(kind, f"shown{KIND_NUMBERS[kind]}") for kind in DOCUMENTS}
        joins, columns = [], []
        for kind, each in shown.items():
            joins.append(
                f"LEFT JOIN {each.table} AS {each.alias} ON {FTS_TABLE}.rowid %% {KINDS} = {KIND_NUMBERS[kind]} "
                f"AND {each.alias}.{each.pk} = {FTS_TABLE}.rowid / {KINDS}"
            )
            joins += each.joins
        for place in range(_width(shown)):
            cases = " ".join(
                f"WHEN {KIND_NUMBERS[kind]} THEN {each.columns[place]}"
                for kind, each in shown.items()
                if place < len(each.columns)
            )
            columns.append(f"CASE {FTS_TABLE}.rowid %% {KINDS} {cases} END")
        ids = ", ".join(str(int(id)) for id, _score in ranked)
        cursor.execute(
            f"SELECT {FTS_TABLE}.rowid, snippet({FTS_TABLE}, 3, %s, %s, '…', 24), {', '.join(columns)} "
            f"FROM {FTS_TABLE} {' '.join(joins)} "
            f"WHERE {FTS_TABLE} MATCH %s AND +{FTS_TABLE}.rowid IN ({ids})",
            [START, STOP, expression],
        )
        quoted = {row[0]: row[1:] for row in cursor.fetchall()}
    kinds = {number: kind for kind, number in KIND_NUMBERS.items()}
    found = [(kinds[id % KINDS], -score, *quoted[id]) for id, score in ranked if id in quoted]
    return _results(found, shown, lambda kind, snippet: highlight(snippet))


# PostgreSQL -------------------------------------------------------------------------------------------

ENGLISH = "'english'::regconfig"
# (table, column): its vector, stored by the database (search/0004), to ask whether it has every word.
STORED_VECTORS = {("articles_article", "summary"): "search_summary_vector"}
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"
# Rendered HTML as readers see it, as search.documents does for SQLite: block ends become line
# breaks, then tags go; never Markdown syntax or URLs.
STRIP_TAGS = (
    "regexp_replace(regexp_replace({}, '</(h[1-6]|p|li|blockquote|div|tr|pre|figcaption)>', E'\\n', 'gi'), "
    "'<[^>]*>', ' ', 'g')"
)


def _search_postgresql(terms):
    """One statement: each kind's best 30 public matches by ts_rank over its stored, GIN-indexed
    vector (search/0002, 0003), the best 30 of those, and for each of them only a headline and what
    it shows. The rows are joined back to their tables kind by kind (a UNION of simple joins):
    one query joining all three tables to every row took PostgreSQL 2 ms to plan."""
    query = f"plainto_tsquery({ENGLISH}, %s)"
    words = " ".join(terms)
    shown = {kind: Shown.of(kind, f"document{number}") for number, kind in enumerate(DOCUMENTS, start=1)}
    width = _width(shown)
    branches, params, quoting, quoted = [], [], [], []
    for number, (kind, document) in enumerate(DOCUMENTS.items(), start=1):
        rule = visibility(document)
        table = rule.table
        # The kind's best rows (a top-N sort), then numbered in that order: ties keep it below.
        keys = [
            ("rank", True),
            *((f"tie{place}", descending) for place, (_, descending) in enumerate(rule.order)),
        ]
        columns = [
            f"{rule.pk} AS id",
            f"ts_rank({table}.search_vector, {query}) AS rank",
            *(f"{column} AS tie{place}" for place, (column, _) in enumerate(rule.order)),
        ]
        where = " AND ".join(
            [f"{table}.search_vector @@ {query}", *([f"({rule.where})"] if rule.where else [])]
        )
        branches.append(
            f"(SELECT {number} AS kind, id, rank, row_number() OVER (ORDER BY {_order(keys)}) AS position "
            f"FROM (SELECT {', '.join(columns)} FROM {table} WHERE {where} "
            f"ORDER BY {_order(keys)} LIMIT %s) AS top{number})"
        )
        params += [words, words, *rule.params, RESULT_LIMIT]
        each = shown[kind]
        headline, headline_params = _headline(document, each.alias, words)
        padding = ["NULL"] * (width - len(each.columns))
        quoting.append(
            f"(SELECT best.kind, best.rank, best.position, {headline}, {', '.join([*each.columns, *padding])} "
            f"FROM best JOIN {each.table} AS {each.alias} ON {each.alias}.{each.pk} = best.id "
            f"{' '.join(each.joins)} WHERE best.kind = {number})"
        )
        quoted += headline_params
    statement = (
        f"WITH best AS (SELECT * FROM ({' UNION ALL '.join(branches)}) AS ranked "
        f"ORDER BY rank DESC, kind, position LIMIT %s) "
        f"SELECT * FROM ({' UNION ALL '.join(quoting)}) AS quoted ORDER BY rank DESC, kind, position"
    )
    params += [RESULT_LIMIT, *quoted]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    kinds = dict(enumerate(DOCUMENTS, start=1))
    found = [(kinds[number], rank, snippet, *row) for number, rank, _position, snippet, *row in rows]

    def snippet_of(kind, snippet):
        document = DOCUMENTS[kind]
        quotes_html = bool(set(document.snippet_fields) & set(document.html_fields))
        text = _text(snippet or "", quotes_html)
        return highlight(text if len(text) <= 400 else Truncator(text).chars(400))

    return _results(found, shown, snippet_of)


def _headline(document, alias, words):
    """(SQL, params) for the headline of a row of ``document`` (its table as ``alias``): the first
    snippet field alone when it has every word (an article's summary: a few dozen words, where
    ts_headline would parse and stem the whole body; asked of its stored vector), else all of them."""
    from django.apps import apps

    model = apps.get_model(document.model)
    names = present(model, document.snippet_fields) or present(model, document.title_fields)[:1]

    def text(name):
        column = f"coalesce({alias}.{connection.ops.quote_name(model._meta.get_field(name).column)}, '')"
        return STRIP_TAGS.format(column) if name in document.html_fields else column

    query = f"plainto_tsquery({ENGLISH}, %s)"
    first, whole = text(names[0]), " || ' ' || ".join(text(name) for name in names)
    if len(names) == 1:
        return f"ts_headline({ENGLISH}, {first}, {query}, %s)", [words, HEADLINE_OPTIONS]
    stored = STORED_VECTORS.get((model._meta.db_table, model._meta.get_field(names[0]).column))
    vector = f"{alias}.{stored}" if stored else f"to_tsvector({ENGLISH}, {first})"
    return (
        f"(CASE WHEN {vector} @@ {query} "
        f"THEN ts_headline({ENGLISH}, {first}, {query}, %s) "
        f"ELSE ts_headline({ENGLISH}, {whole}, {query}, %s) END)"
    ), [words, words, HEADLINE_OPTIONS, words, HEADLINE_OPTIONS]


def _text(snippet, quotes_html):
    """A snippet cut from rendered HTML: turn its entities (&amp;, &lt;) back into text."""
    return html.unescape(snippet) if quotes_html else snippet

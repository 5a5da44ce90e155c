"""The search indexes: an FTS5 table on SQLite, stored tsvector columns on PostgreSQL.

SQLite: one FTS5 row per document (kind, object id, title, body), kept by triggers on the documents'
tables, so that every write reaches it: ``save()``, ``update()``, ``bulk_create()``, raw SQL and
cascading deletes alike. The triggers call two SQL functions registered on every connection
(``search_join``, ``search_html``); a tool that opens the database without them (the sqlite3 shell)
can read it but not write to those tables. A row's rowid is derived from its kind and object id, so
a trigger finds it without a scan, and ranking (search.engine) knows a match's kind and object
without reading the row.

PostgreSQL: each document table has a ``search_vector`` column that the database generates from the
document's fields (weights A for the title, B for the body) with a GIN index on it: migration
``search/0002_postgresql_search_vectors``. ``search/0003`` keeps the vector in the row and the
article's body out of it (ranking a common word reads every matching vector), and turns GIN's
pending list off. Nothing here runs on PostgreSQL.

``manage.py rebuild_search_index`` (also run after every migrate and test flush) rebuilds the SQLite
table and its triggers from the documents as they are now, and merges the index into one segment.
"""

import html

from django.apps import apps
from django.db import connection, connections
from django.utils.html import strip_tags

from .documents import DOCUMENTS, present

FTS_TABLE = "articles_search_index"
# Rowid = object id * KINDS + the kind's number: one row per document, found by its key.
KINDS = 4
KIND_NUMBERS = {kind: number for number, kind in enumerate(DOCUMENTS, start=1)}


def search_join(separator, *values):
    return separator.join(value for value in values if value)


def search_html(value):
    """The text readers see of rendered HTML: no tags, no entities."""
    return html.unescape(strip_tags(value or ""))


def register_functions(sender=None, connection=None, **kwargs):
    """Receiver of ``connection_created``: the SQL functions the triggers call."""
    if connection is not None and connection.vendor == "sqlite":
        raw = connection.connection
        raw.create_function("search_join", -1, search_join, deterministic=True)
        raw.create_function("search_html", 1, search_html, deterministic=True)


def _expressions(document, model, row):
    """SQL for the title and the body of ``row`` (NEW, OLD or a table name) of a document."""

    def column(name):
        expression = f'{row}."{model._meta.get_field(name).column}"'
        return f"search_html({expression})" if name in document.html_fields else expression

    title = [column(name) for name in present(model, document.title_fields)]
    body = [column(name) for name in present(model, document.body_fields)]
    return (
        f"search_join(' ', {', '.join(title)})" if title else "''",
        f"search_join(char(10), {', '.join(body)})" if body else "''",
    )


def _rowid(kind, row):
    return f"{row}.id * {KINDS} + {KIND_NUMBERS[kind]}"


def _triggers(kind, model):
    document, table = DOCUMENTS[kind], model._meta.db_table
    title, body = _expressions(document, model, "NEW")
    columns = ", ".join(
        f'"{model._meta.get_field(name).column}"'
        for name in present(model, (*document.title_fields, *document.body_fields))
    )
    insert = (
        f"INSERT INTO {FTS_TABLE} (rowid, kind, object_id, title, body) "
        f"VALUES ({_rowid(kind, 'NEW')}, '{kind}', NEW.id, {title}, {body});"
    )
    delete = f"DELETE FROM {FTS_TABLE} WHERE rowid = {_rowid(kind, 'OLD')};"
    return {
        f"search_{table}_insert": f"AFTER INSERT ON {table} BEGIN {insert} END",
        # Only the indexed columns: a recount of comments or a new stamp leaves the index alone.
        f"search_{table}_update": f"AFTER UPDATE OF id, {columns} ON {table} BEGIN {delete} {insert} END",
        f"search_{table}_delete": f"AFTER DELETE ON {table} BEGIN {delete} END",
    }


def _models(models=None):
    return models or {kind: apps.get_model(document.model) for kind, document in DOCUMENTS.items()}


def create_index(cursor, models=None):
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "kind UNINDEXED, object_id UNINDEXED, title, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    for kind, model in _models(models).items():
        for name, definition in _triggers(kind, model).items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {definition}")


def drop_index(cursor, models=None):
    for kind, model in _models(models).items():
        for name in _triggers(kind, model):
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def rebuild_index(models=None, using=None):
    """Index everything again, in one statement per kind; re-create the triggers from the documents.

    The migration calls it with its historical models; ``manage.py rebuild_search_index`` and every
    migrate or test flush with the current ones."""
    db = connections[using] if using else connection
    if db.vendor != "sqlite":
        return
    db.ensure_connection()
    register_functions(connection=db)
    models = _models(models)
    with db.cursor() as cursor:
        create_index(cursor, models)
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        for kind, model in models.items():
            table = model._meta.db_table
            title, body = _expressions(DOCUMENTS[kind], model, table)
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, kind, object_id, title, body) "
                f"SELECT {_rowid(kind, table)}, '{kind}', {table}.id, {title}, {body} FROM {table}"
            )
        # One b-tree for the whole index: the inserts left it in several segments, which every
        # search of a common word walks side by side (bm25 over 1,800 matches: 3.0 ms, 2.1 once
        # merged). The triggers' later writes add small segments that FTS5 merges as they pile up.
        cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")

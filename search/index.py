"""The SQLite FTS5 index behind site search: one row per document (kind, object id, title, body).

Migration ``search/0001_initial`` creates it (the table keeps the name it was born with),
the receivers of ``SearchConfig`` keep it in step with every save and delete, and every migrate or
test flush rebuilds it. PostgreSQL searches its own tables: everything here is a no-op there.
"""

from django.apps import apps
from django.db import connection, connections

from .documents import DOCUMENTS, document_of, text_for

FTS_TABLE = "articles_search_index"


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
    document = DOCUMENTS[kind] if kind else document_of(obj)
    title, body = text_for(document, obj)
    with db.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE kind = %s AND object_id = %s", [document.kind, obj.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (kind, object_id, title, body) VALUES (%s, %s, %s, %s)",
            [document.kind, obj.pk, title, body],
        )


def unindex_object(obj, using=None):
    db = connections[using] if using else connection
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE kind = %s AND object_id = %s", [document_of(obj).kind, obj.pk]
        )


def rebuild_index(models=None, using=None):
    """Index everything again: the migration calls it with its historical models, and anyone
    may after a bulk update (``python manage.py shell -c "from search.index import *; rebuild_index()"``)."""
    db = connections[using] if using else connection
    if db.vendor != "sqlite":
        return
    models = models or {kind: apps.get_model(document.model) for kind, document in DOCUMENTS.items()}
    with db.cursor() as cursor:
        create_index(cursor)
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
    for kind, model in models.items():
        for obj in model._default_manager.using(db.alias).all():
            index_object(obj, kind, using=db.alias)

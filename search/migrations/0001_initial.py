"""The SQLite FTS5 table behind site search. PostgreSQL searches its own tables: nothing to do there.

Databases made before the search app existed already have the table (articles migration 0006
made it then): creating it is idempotent, and the index is rebuilt either way.
"""

from django.db import migrations


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.index import rebuild_index

    models = {
        "article": apps.get_model("articles", "Article"),
        "show": apps.get_model("shows", "Show"),
        "person": apps.get_model("shows", "Person"),
    }
    rebuild_index(models, using=schema_editor.connection.alias)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.index import drop_index

    models = {
        "article": apps.get_model("articles", "Article"),
        "show": apps.get_model("shows", "Show"),
        "person": apps.get_model("shows", "Person"),
    }
    with schema_editor.connection.cursor() as cursor:
        drop_index(cursor, models)


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("articles", "0007_publication_state"),
        ("shows", "0005_event_source_link_and_character_restrict"),
    ]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]

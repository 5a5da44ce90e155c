"""PostgreSQL: search vectors that are cheap to read, and GIN indexes with no pending list.

Measured at the archive's size (bench/search.py, 2,000 articles): ranking the 1,900 articles that
match "season" took 38 ms, because each article's vector had been moved out of the row (TOAST) with
its body and was fetched from there twice per row, for the match and for ts_rank. Kept in the row
(STORAGE MAIN: compressed, moved out only if the row could not fit a page otherwise) while the body,
its HTML and its contents go out of line (EXTERNAL), the same ranking takes 2 ms. The existing rows
are written again once so that their vectors move back.

GIN's fast update parks new entries in a pending list that every search reads in full until a VACUUM
merges it; the archive's load left 1,000 articles and 5,000 people there (autovacuum may be off). A
site searched far more often than it is written indexes each write at once instead.

A later migration that alters the type of body, body_html or toc resets their storage: set it again.
SQLite keeps its FTS5 table (search.index): nothing to do there.
"""

from django.db import migrations

# Each table, and a column its vector is generated from.
TABLES = {"articles_article": "title", "shows_show": "title", "shows_person": "name"}
# Out of the row, uncompressed: read only by the article page, never by search.
BULKY = {"articles_article": ("body", "body_html", "toc")}

def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, source in TABLES.items():
        bulky = [f"ALTER COLUMN {column} SET STORAGE EXTERNAL" for column in BULKY.get(table, ())]
        schema_editor.execute(
            f"ALTER TABLE {table} " + ", ".join(["ALTER COLUMN search_vector SET STORAGE MAIN", *bulky])
        )
        # Every row written again with a column its vector reads (PostgreSQL 15 keeps the old,
        # out-of-line vector when no such column is set), so that it is generated and stored anew.
        schema_editor.execute(f"UPDATE {table} SET {source} = {source}")
        schema_editor.execute(f"ALTER INDEX {table}_search SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{table}_search')")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        bulky = [f"ALTER COLUMN {column} SET STORAGE EXTENDED" for column in BULKY.get(table, ())]
        schema_editor.execute(
            f"ALTER TABLE {table} " + ", ".join(["ALTER COLUMN search_vector SET STORAGE EXTENDED", *bulky])
        )
        schema_editor.execute(f"ALTER INDEX {table}_search SET (fastupdate = on)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgresql_search_vectors")]

    operations = [migrations.RunPython(forwards, backwards)]

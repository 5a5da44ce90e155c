"""PostgreSQL: fresh statistics for the comments table once 0008 and 0009 are in.

0008 filled every reply's thread root and 0009 indexed it. Until autovacuum gets round to the
table, the planner knows nothing of the new column and read a page of the busiest thread with a
sequential scan (17-28 ms at the archive's size, against 1.3 ms once analysed). SQLite plans from
its indexes alone and needs nothing.
"""

from django.db import migrations


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE comments_comment")


class Migration(migrations.Migration):
    dependencies = [("comments", "0009_comment_thread_indexes")]

    operations = [migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True)]

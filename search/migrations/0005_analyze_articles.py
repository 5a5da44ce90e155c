"""PostgreSQL: fresh statistics for the articles table once 0004's stored summary vector is in,
so that the planner knows the new column before autovacuum gets round to it. SQLite needs nothing.
"""

from django.db import migrations


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE articles_article")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgresql_summary_vector")]

    operations = [migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True)]

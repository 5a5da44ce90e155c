"""Once made the SQLite search table; the search app's own migration (search 0001) does that now,
so that no migration of articles reaches up into an app above it. Kept so that the migration
history of existing databases stays whole."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_category_required"),
        ("shows", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def fill_roots(apps, schema_editor):
    """Every reply's root: its parent's, a level at a time from the first replies down."""
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(parent__isnull=False, parent__parent__isnull=True).update(root=F("parent"))
    parents_root = Subquery(Comment.objects.filter(pk=OuterRef("parent")).values("root")[:1])
    while Comment.objects.filter(root__isnull=True, parent__root__isnull=False).update(root=parents_root):
        pass


class Migration(migrations.Migration):
    # The index and the check follow in 0009: PostgreSQL alters no table that has deferred
    # foreign-key checks pending from this migration's updates in the same transaction.

    dependencies = [
        ('articles', '0011_list_indexes'),
        ('comments', '0007_latest_order'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='root',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, help_text='The first comment of the thread, for a reply (empty for a first comment).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='comments.comment'),
        ),
        migrations.RunPython(fill_roots, migrations.RunPython.noop, elidable=True),
    ]

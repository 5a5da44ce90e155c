from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0008_comment_root'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(condition=models.Q(('parent__isnull', True)), fields=['article', 'status', 'created_at', 'id'], name='comment_thread_starts'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['root', 'status'], name='comment_thread_replies'),
        ),
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('parent__isnull', True), ('root__isnull', True)), models.Q(('parent__isnull', False), ('root__isnull', False)), _connector='OR'), name='comment_root_matches_parent'),
        ),
    ]

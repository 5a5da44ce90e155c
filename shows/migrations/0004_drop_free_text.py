import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('shows', '0003_move_text_to_records'),
    ]

    operations = [
        # A default lets the field come back (empty, then refilled by 0003) when migrating backwards.
        migrations.AlterField(
            model_name='castcredit',
            name='character_name',
            field=models.CharField(default='', max_length=200),
        ),
        migrations.RemoveConstraint(
            model_name='castcredit',
            name='castcredit_unique_role_per_season',
        ),
        migrations.RemoveField(
            model_name='castcredit',
            name='character_name',
        ),
        migrations.RemoveField(
            model_name='castcredit',
            name='character_note',
        ),
        migrations.RemoveField(
            model_name='show',
            name='genre',
        ),
        migrations.RemoveField(
            model_name='show',
            name='platform',
        ),
        migrations.RemoveField(
            model_name='show',
            name='platform_url',
        ),
        migrations.AddConstraint(
            model_name='castcredit',
            constraint=models.UniqueConstraint(fields=('season', 'person', 'character'), name='castcredit_unique_role_per_season', violation_error_message='This person is already credited in this role for this season.'),
        ),
        migrations.AlterField(
            model_name='castcredit',
            name='character',
            field=models.ForeignKey(help_text='The character, from the same show as the season.', on_delete=django.db.models.deletion.PROTECT, related_name='credits', to='shows.character'),
        ),
    ]

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_categories_and_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="category",
            field=models.ForeignKey(
                help_text="The section the article appears in.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="articles.category",
            ),
        ),
    ]

"""An article is no longer stored as "scheduled": that is a published article whose publication date
is still to come (Article.state derives it). Stored "scheduled" rows, and past versions kept by
django-simple-history, become "published" with their dates unchanged, so nothing goes live earlier
or later than before."""

from django.db import migrations, models
from django.db.models import F
from django.utils import timezone


def scheduled_to_published(apps, schema_editor):
    for name in ("Article", "HistoricalArticle"):
        model = apps.get_model("articles", name)
        model._default_manager.filter(status="scheduled").update(status="published")


def future_published_to_scheduled(apps, schema_editor):
    """Back to the old rule: a published article dated in the future (at the time of the version) is scheduled."""
    Article = apps.get_model("articles", "Article")
    Article._default_manager.filter(status="published", published_at__gt=timezone.now()).update(
        status="scheduled"
    )
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    HistoricalArticle._default_manager.filter(status="published", published_at__gt=F("history_date")).update(
        status="scheduled"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_index"),
    ]

    operations = [
        migrations.RunPython(scheduled_to_published, future_published_to_scheduled),
        migrations.RemoveConstraint(
            model_name="article",
            name="article_published_has_date",
        ),
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published"), ("unpublished", "Unpublished")],
                default="draft",
                help_text="A published article goes live at its publication date: a future date schedules it.",
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published"), ("unpublished", "Unpublished")],
                default="draft",
                help_text="A published article goes live at its publication date: a future date schedules it.",
                max_length=12,
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("status", "published"), _negated=True), ("published_at__isnull", False), _connector="OR"),
                name="article_published_has_date",
            ),
        ),
    ]

from django.db import migrations

CATEGORIES = [
    ("News", "news", "Announcements, renewals, casting and release dates.", 1),
    ("Recaps", "recaps", "Episode and season recaps, with spoilers.", 2),
    ("Explainers", "explainers", "What we know, where to watch, and who plays whom.", 3),
]
# Existing articles tagged as recaps become Recaps; everything else starts as News.
RECAP_TAGS = {"recap"}


def create_categories(apps, schema_editor):
    Category = apps.get_model("articles", "Category")
    Article = apps.get_model("articles", "Article")
    by_slug = {}
    for name, slug, description, position in CATEGORIES:
        by_slug[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for article in Article.objects.filter(category__isnull=True).prefetch_related("tags"):
        tags = {tag.slug for tag in article.tags.all()}
        category = by_slug["recaps"] if tags & RECAP_TAGS else by_slug["news"]
        Article.objects.filter(pk=article.pk).update(category=category)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The latest of each when this was written, so that their models' permissions exist.
        ("shows", "0004_drop_free_text"),
        ("comments", "0002_threads_moderation_reports"),
    ]

    operations = [
        migrations.RunPython(create_categories, migrations.RunPython.noop),
        # The Writer, Editor and Moderator groups were made here once; the newsroom app now makes
        # and repairs them after every migrate (newsroom/apps.py), from newsroom/roles.py.
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
    ]

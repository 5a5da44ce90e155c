"""Keep existing data: free-text platforms become WatchProviders, character names become Characters."""

from django.db import migrations
from django.utils.text import slugify


def forwards(apps, schema_editor):
    Show = apps.get_model("shows", "Show")
    WatchProvider = apps.get_model("shows", "WatchProvider")
    ShowProvider = apps.get_model("shows", "ShowProvider")
    Character = apps.get_model("shows", "Character")
    CastCredit = apps.get_model("shows", "CastCredit")
    for show in Show.objects.all():
        show.genres = show.genre
        show.save(update_fields=["genres"])
        for order, name in enumerate(filter(None, (part.strip() for part in show.platform.split(","))), 1):
            provider, _ = WatchProvider.objects.get_or_create(
                slug=slugify(name)[:100] or f"provider-{order}", defaults={"name": name}
            )
            ShowProvider.objects.get_or_create(
                show=show, provider=provider, defaults={"url": show.platform_url if order == 1 else "", "order": order}
            )
    for credit in CastCredit.objects.select_related("season").order_by("pk"):
        character, _ = Character.objects.get_or_create(
            show_id=credit.season.show_id, name=credit.character_name
        )
        if credit.character_note and not character.description:
            character.description = credit.character_note
            character.save(update_fields=["description"])
        credit.character = character
        credit.save(update_fields=["character"])


def backwards(apps, schema_editor):
    Show = apps.get_model("shows", "Show")
    CastCredit = apps.get_model("shows", "CastCredit")
    for show in Show.objects.all():
        links = list(show.provider_links.select_related("provider").order_by("order", "id"))
        show.genre = show.genres
        show.platform = ", ".join(link.provider.name for link in links)[:100]
        show.platform_url = links[0].url if links else ""
        show.save(update_fields=["genre", "platform", "platform_url"])
    for credit in CastCredit.objects.select_related("character"):
        credit.character_name = credit.character.name
        credit.character_note = credit.character.description
        credit.save(update_fields=["character_name", "character_note"])


class Migration(migrations.Migration):
    dependencies = [("shows", "0002_structured_record")]

    operations = [migrations.RunPython(forwards, backwards)]

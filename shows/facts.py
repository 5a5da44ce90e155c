"""Tell the apps above when a season's facts change (shows.signals.season_facts_changed), so that
articles which state those facts can be checked. Connected in ShowsConfig.ready()."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import CastCredit, ReleaseEvent, Season, ShowProvider
from .signals import season_facts_changed


def _announce(show, season, changes):
    if changes:
        season_facts_changed.send(
            sender=Season, show=show, season=season, changes=changes, changed_at=timezone.now()
        )


def _season_saved(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_facts_as_loaded", None)
    instance._facts_as_loaded = instance.facts_snapshot()
    if raw or created or before is None:
        return
    was = Season(**before)
    changes = []
    if was.status != instance.status:
        changes.append(f"Status: {was.get_status_display()} → {instance.get_status_display()}")
    if was.release_label != instance.release_label:
        changes.append(f"Release: {was.release_label} → {instance.release_label}")
    if was.episode_count != instance.episode_count:
        changes.append(
            f"Episodes: {was.episode_count or 'not known'} → {instance.episode_count or 'not known'}"
        )
    _announce(instance.show, instance, changes)


def _credit_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    credit = instance
    verb = "added" if created else "changed"
    _announce(
        credit.season.show,
        credit.season,
        [
            f"Cast: {credit.person.name} as {credit.character_name} ({credit.get_kind_display().lower()}) {verb}"
        ],
    )


def _credit_deleted(sender, instance, **kwargs):
    season = Season.objects.filter(pk=instance.season_id).select_related("show").first()
    if season is not None:  # not when the whole season goes
        _announce(season.show, season, [f"Cast: {instance.person.name} as {instance.character_name} removed"])


def _event_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    event = instance
    _announce(
        event.season.show,
        event.season,
        [
            f"New release event: {event.get_kind_display()} ({event.get_certainty_display().lower()}), {event.when}"
        ],
    )


def _provider_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and created:
        _announce(instance.show, None, [f"Where to watch: {instance.provider.name} added"])


def _provider_deleted(sender, instance, **kwargs):
    from .models import Show

    show = Show.objects.filter(pk=instance.show_id).first()
    if show is not None:
        _announce(show, None, [f"Where to watch: {instance.provider.name} removed"])


def connect():
    uid = "shows-facts-{}".format
    post_save.connect(_season_saved, sender=Season, dispatch_uid=uid("season"))
    post_save.connect(_credit_saved, sender=CastCredit, dispatch_uid=uid("credit"))
    post_delete.connect(_credit_deleted, sender=CastCredit, dispatch_uid=uid("credit-deleted"))
    post_save.connect(_event_saved, sender=ReleaseEvent, dispatch_uid=uid("event"))
    post_save.connect(_provider_saved, sender=ShowProvider, dispatch_uid=uid("provider"))
    post_delete.connect(_provider_deleted, sender=ShowProvider, dispatch_uid=uid("provider-deleted"))

"""Helpers for apps to bump tags when their data changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .store import bump


def watch(models, *tags, ignore=None):
    """Bump ``tags`` whenever one of ``models`` is saved, deleted or has its relations changed.

    ``ignore(instance, update_fields)`` may say a save changes nothing readers see.
    """

    def on_save(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or (ignore is not None and ignore(instance, update_fields)):
            return
        bump(*tags)

    def on_change(sender, **kwargs):
        bump(*tags)

    def on_relations(sender, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            bump(*tags)

    for model in models:
        uid = f"pagecache-{model._meta.label}-{'-'.join(tags)}"
        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                on_relations,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}-{field.name}",
            )

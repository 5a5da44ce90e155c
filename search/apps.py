import contextlib

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        from django.apps import apps

        from .documents import DOCUMENTS

        # Keep the SQLite search index in step with every save and delete (a no-op on PostgreSQL).
        for document in DOCUMENTS.values():
            model = apps.get_model(document.model)
            post_save.connect(index_saved, sender=model, dispatch_uid=f"search-index-{model.__name__}")
            post_delete.connect(
                unindex_deleted, sender=model, dispatch_uid=f"search-unindex-{model.__name__}"
            )
        # A flush empties every table but the search index: rebuild it from what is left.
        post_migrate.connect(rebuild_search_index, sender=self, dispatch_uid="search-rebuild-index")


def index_saved(sender, instance, raw=False, using=None, **kwargs):
    from .index import index_object

    if not raw:
        index_object(instance, using=using)


def unindex_deleted(sender, instance, using=None, **kwargs):
    from .index import unindex_object

    unindex_object(instance, using=using)


def rebuild_search_index(sender, using="default", **kwargs):
    from django.db import DatabaseError

    from .index import rebuild_index

    # Migrated to a point where the tables do not match the models yet? A later migrate rebuilds.
    with contextlib.suppress(DatabaseError):
        rebuild_index(using=using)

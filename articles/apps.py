import contextlib

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from shows.models import Person, Show

        from .models import Article

        # Keep the SQLite search index in step with every save and delete (a no-op on PostgreSQL).
        for model in (Article, Show, Person):
            post_save.connect(index_saved, sender=model, dispatch_uid=f"search-index-{model.__name__}")
            post_delete.connect(
                unindex_deleted, sender=model, dispatch_uid=f"search-unindex-{model.__name__}"
            )
        # Roles cover models added after the migration that made them (and survive test flushes).
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="articles-sync-roles")
        # A flush empties every table but the search index: rebuild it from what is left.
        post_migrate.connect(rebuild_search_index, sender=self, dispatch_uid="articles-rebuild-search")


def index_saved(sender, instance, raw=False, using=None, **kwargs):
    from .search import index_object

    if not raw:
        index_object(instance, using=using)


def unindex_deleted(sender, instance, **kwargs):
    from .search import unindex_object

    unindex_object(instance)


def sync_roles(sender, apps=None, using="default", **kwargs):
    """After every migrate (and test flush): make sure all permissions exist, then put the
    three groups right."""
    from django.apps import apps as installed_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or installed_apps

    from .roles import ensure_roles

    if not apps.is_installed("django.contrib.auth"):
        return
    for app_config in installed_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    ensure_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def rebuild_search_index(sender, using="default", **kwargs):
    from django.db import DatabaseError

    from .search import rebuild_index

    # Migrated to a point where the tables do not match the models yet? A later migrate rebuilds.
    with contextlib.suppress(DatabaseError):
        rebuild_index(using=using)

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsroomConfig(AppConfig):
    name = "newsroom"

    def ready(self):
        # Roles cover models added after the migration that made them (and survive test flushes).
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="newsroom-sync-roles")


def sync_roles(sender, apps=None, using="default", **kwargs):
    """After every migrate (and test flush): make sure all permissions exist, then put the
    three groups right."""
    from django.apps import apps as installed_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or installed_apps

    from .roles import ensure_roles

    # The installed apps, not the migration state ``apps``, whose app stubs are named by label only.
    if not installed_apps.is_installed("django.contrib.auth"):
        return
    for app_config in installed_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    ensure_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))

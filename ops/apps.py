from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: backups and restores of the database and the media files."""

    name = "ops"

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database (a consistent snapshot) and the media files into one .tar.gz with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Where to write the archive (default: var/backups/aouad-<UTC date and time>.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            output = settings.BASE_DIR / "var" / "backups" / f"aouad-{stamp}.tar.gz"
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = sum(1 for entry in manifest["files"] if entry["path"].startswith("media/"))
        self.stdout.write(
            f"Wrote {output}: {manifest['database']['vendor']} database, {media} media file(s), "
            f"{len(manifest['migrations'])} migrations applied."
        )

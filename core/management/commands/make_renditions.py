from django.core.management.base import BaseCommand

from core.renditions import make_all_renditions


class Command(BaseCommand):
    help = (
        "Make the resized copies (WebP and the image's own format, at several widths) of every "
        "stored image that lacks them, e.g. after restoring media files or upgrading an old "
        "install. Safe to run again: images whose renditions exist are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace", action="store_true", help="Make every rendition again, even existing ones."
        )

    def handle(self, *args, replace=False, **options):
        images, written = make_all_renditions(replace=replace)
        self.stdout.write(f"{images} images checked; {written} renditions made.")

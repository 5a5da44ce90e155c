from django.core.management.base import BaseCommand, CommandError

from demo.loader import load_demo
from demo.scaled import load_scaled_demo


class Command(BaseCommand):
    help = (
        "Load the All of Us Are Dead demo content: the show, its seasons and cast, articles, "
        "comments and generated images. Safe to run again: unchanged objects are left alone. "
        "With --scale N, also load a made-up archive (slugs starting archive-) for measuring the "
        "site at size: N=1 is about 2,000 articles, 200 shows, 5,000 people and 50,000 comments."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=0,
            help="Size of the archive to add (1 = full size, 0.05 for a small one; 0 = none).",
        )

    def handle(self, *args, scale=0, **options):
        if scale < 0:
            raise CommandError("--scale must be 0 or more.")
        report = load_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {report.summary()}"))
        if scale:
            load_scaled_demo(scale, stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS(f"Archive at scale {scale:g} loaded."))

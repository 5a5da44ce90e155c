from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the All of Us Are Dead demo content: the show, its seasons and cast, articles, "
        "comments and generated images. Safe to run again: unchanged objects are left alone."
    )

    def handle(self, *args, **options):
        report = load_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {report.summary()}"))

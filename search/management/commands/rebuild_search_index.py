from django.core.management.base import BaseCommand

from search.index import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the SQLite search index (and the triggers that keep it) from the articles, shows "
        "and people as they are. PostgreSQL keeps its search vectors itself: nothing to do there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args, database="default", **options):
        rebuild_index(using=database)
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))

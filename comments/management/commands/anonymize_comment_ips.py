from django.core.management.base import BaseCommand

from comments import conf
from comments.retention import anonymize_old_ips


class Command(BaseCommand):
    help = "Anonymize the IP addresses of comments older than COMMENTS_IP_RETENTION_DAYS (90 days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=conf.get("IP_RETENTION_DAYS"), help="Age in days.")

    def handle(self, *args, days, **options):
        changed = anonymize_old_ips(days=days)
        self.stdout.write(f"Anonymized the IP addresses of {changed} comment(s) older than {days} days.")

from django.core.management.base import BaseCommand

from demo.editor import PASSWORD_ENV, ensure_editor


class Command(BaseCommand):
    help = (
        "Make sure the staff user 'editor' exists, with add/change/delete/view rights on shows, "
        f"articles and comments through the 'Editor' group. The password is taken from {PASSWORD_ENV} "
        "when set, otherwise generated once and kept in var/demo-editor-password.txt."
    )

    def handle(self, *args, **options):
        for line in ensure_editor():
            self.stdout.write(line)

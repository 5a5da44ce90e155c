from django.core.management.base import BaseCommand, CommandError

from demo.editor import PASSWORD_ENV, WeakPassword, ensure_editor


class Command(BaseCommand):
    help = (
        "Make sure the staff user 'editor' exists, with add/change/delete/view rights on shows, "
        f"articles and comments through the 'Editor' group. The password is taken from {PASSWORD_ENV} "
        "when set, otherwise generated once and kept in var/demo-editor-password.txt."
    )

    def handle(self, *args, **options):
        try:
            lines = ensure_editor()
        except WeakPassword as error:
            raise CommandError(str(error)) from None
        for line in lines:
            self.stdout.write(line)

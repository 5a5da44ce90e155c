"""The demo's editor account: staff, in the migration-made "Editor" group, never a superuser.

The password comes from DEMO_EDITOR_PASSWORD when it is set. Otherwise one is
generated once, when the account is created, and kept in var/ (mode 0600) so
that later runs can show it again without changing it.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from newsroom.roles import EDITOR, ensure_roles

USERNAME = "editor"
GROUP_NAME = EDITOR
PASSWORD_ENV = "DEMO_EDITOR_PASSWORD"


def password_file():
    return Path(settings.VAR_DIR) / "demo-editor-password.txt"


class WeakPassword(ValueError):
    """The password given in DEMO_EDITOR_PASSWORD fails the site's password validators."""


def ensure_editor():
    """Create or repair the editor account; return the lines to show the person running it."""
    given = os.environ.get(PASSWORD_ENV, "")
    if given:
        _check_strength(given)
    with transaction.atomic():
        group = _editor_group()
        user, generated = _editor_user(group, given)
    path = password_file()
    login = f"Log in at {settings.SITE_URL}{reverse('admin:index')} as {USERNAME}"
    if given:
        if path.exists() and path.read_text().strip() != given:
            path.unlink()  # it no longer holds the password, so it must not be shown again
        return [f"{login} with the password from {PASSWORD_ENV}."]
    if generated:
        _write_secret(path, generated)
        return [f"{login} / {generated}", f"(The password is kept in {path}.)"]
    stored = path.read_text().strip() if path.exists() else ""
    if stored and user.check_password(stored):
        return [f"{login} / {stored}"]
    return [
        f"The password of {USERNAME} is unchanged, and no stored copy of it matches.",
        f"To reset it, run: {PASSWORD_ENV}='a new password' python manage.py ensure_demo_editor",
    ]


def _check_strength(password):
    """The same validators as the admin's password form: a demo editor is still a real staff login."""
    User = get_user_model()
    person = User.objects.filter(username=USERNAME).first() or User(
        username=USERNAME, first_name="Demo", last_name="Editor"
    )
    try:
        validate_password(password, user=person)
    except ValidationError as error:
        raise WeakPassword(
            f"{PASSWORD_ENV} is refused: "
            + " ".join(error.messages)
            + " Choose a longer, less common password."
        ) from None


def _editor_group():
    """The Editor group that the articles migration made, repaired if anything drifted."""
    return ensure_roles()[GROUP_NAME]


def _editor_user(group, given):
    """Return the user, and the password generated for it if it was just created without one."""
    User = get_user_model()
    user = User.objects.filter(username=USERNAME).first()
    created = user is None
    if created:
        user = User(username=USERNAME, first_name="Demo", last_name="Editor")
    generated = ""
    changed = False
    if given and (created or not user.check_password(given)):
        user.set_password(given)
        changed = True
    elif created:
        generated = secrets.token_urlsafe(16)
        user.set_password(generated)
    for name, value in {"is_staff": True, "is_superuser": False, "is_active": True}.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    if created or changed:
        user.save()
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
    return user, generated


def _write_secret(path, secret):
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secret + "\n")
    os.chmod(path, 0o600)  # in case an older file had looser permissions

"""Checks on what commenters type, shared by the public form and the admin (model validators)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .rendering import BODY_FORBIDDEN, NAME_FORBIDDEN

NAME_CONTROLS_MESSAGE = "Your name contains line breaks or invisible control characters. Please remove them."
BODY_CONTROLS_MESSAGE = "Your comment contains invisible control or direction characters. Please remove them."
EMAIL_PLAIN_MESSAGE = "Enter an email address without quotes, spaces or invisible characters."
# Only web links: a commenter's website becomes a link on the page.
validate_website = URLValidator(schemes=["http", "https"])


def validate_name_characters(value):
    if NAME_FORBIDDEN.search(value):
        raise ValidationError(NAME_CONTROLS_MESSAGE, code="controls")


def validate_body_characters(value):
    if BODY_FORBIDDEN.search(value):
        raise ValidationError(BODY_CONTROLS_MESSAGE, code="controls")


def validate_plain_email(value):
    """Refuse quoted local parts (they may hold commas, "@" and controls) and invisible characters.

    Django's EmailValidator accepts ``"a,b@evil.example"@example.com``; such an address is
    valid by the RFC but nobody comments with one, and it is trouble in an address header.
    """
    if '"' in value or "\\" in value or NAME_FORBIDDEN.search(value) or any(c.isspace() for c in value):
        raise ValidationError(EMAIL_PLAIN_MESSAGE, code="invalid")

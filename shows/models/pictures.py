"""Helpers shared by the models: image fields with their size and alt text, optional relations."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from core.images import SafeImageField


def image_fields(upload_to, what):
    """An image field with stored width and height, and its alt text field."""
    return (
        SafeImageField(
            upload_to=upload_to,
            blank=True,
            width_field=f"{what}_width",
            height_field=f"{what}_height",
        ),
        models.PositiveIntegerField(null=True, blank=True, editable=False),
        models.PositiveIntegerField(null=True, blank=True, editable=False),
        models.CharField(
            f"{what} alt text",
            max_length=300,
            blank=True,
            help_text=f"What the {what} shows, for readers who cannot see it.",
        ),
    )


def require_alt(instance, *names):
    errors = {
        f"{name}_alt": "Describe the picture for readers who cannot see it."
        for name in names
        if getattr(instance, name) and not getattr(instance, f"{name}_alt")
    }
    if errors:
        raise ValidationError(errors)


def related_or_none(instance, name):
    """The related object, also when it is not saved yet (an admin inline on an add page), or None."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None

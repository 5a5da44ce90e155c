from django.core.exceptions import ValidationError
from django.core.validators import URLValidator


def validate_source_url(value):
    """One of our own pages (/news/…) or an outside http(s) link."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter one of our addresses starting with / (e.g. /news/…) or a full https:// link.",
            code="invalid",
        ) from None

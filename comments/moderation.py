"""Letting a commenter, and only them, see their comment while it awaits moderation.

The proof travels in the redirect URL (as WordPress does with ``moderation-hash``)
rather than in a session, so the article page itself stays the same for every
reader and can be cached; only URLs carrying a valid token differ.
"""

from django.core import signing

SALT = "comments.awaiting-moderation"
MAX_AGE = 60 * 60 * 24 * 7
QUERY_PARAM = "moderation"


def token_for(comment):
    return signing.TimestampSigner(salt=SALT).sign(str(comment.pk))


def comment_id_from(token):
    """The comment id a token proves, or None for a missing, forged or stale token."""
    if not token:
        return None
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None

"""Comment settings, each overridable in settings.py as ``COMMENTS_<NAME>``.

Editors see the moderation rules among these on the admin's comment list, so every
value here is something a person can read and reason about.
"""

from django.conf import settings

DEFAULTS = {
    # Replies nest this deep: 1 means no replies, 3 means a reply to a reply.
    "MAX_DEPTH": 3,
    # Top-level comments per page; replies always stay with their thread.
    "PER_PAGE": 50,
    # Comments close this many days after publication; None keeps them open.
    "CLOSE_AFTER_DAYS": None,
    # Hold a comment unless its browser proves (a signed cookie set with an earlier comment) that
    # it posted an approved comment with the same email: an email alone is no proof of anything.
    "HOLD_FIRST_COMMENT": True,
    # Hold a comment with more links than this.
    "MAX_LINKS": 2,
    # Words, addresses or IP addresses that send a comment straight to spam.
    "DISALLOWED_KEYS": [],
    # Words, addresses or IP addresses that hold a comment for review.
    "MODERATION_KEYS": [],
    # A form posted sooner than this many seconds after it was shown is refused.
    "MIN_SECONDS": 3,
    # A form older than this (a day) is refused; the reader is given a fresh one.
    "MAX_SECONDS": 60 * 60 * 24,
    # At most one comment every N seconds from one IP address or one email.
    "FLOOD_SECONDS": 15,
    # Wider limits per IP address: (comments, seconds).
    "RATE_LIMITS": [(5, 60), (30, 60 * 60)],
    # Readers' reports queue a comment for moderators (who are emailed) and leave it up. Only
    # reports from this many different networks (see REPORT_NETWORK_PREFIXES) hide it until a
    # moderator looks, and never a comment a moderator has approved.
    "REPORTS_TO_HIDE": 5,
    # How reporters' networks are told apart: an IPv4 /24 and an IPv6 /48 are one network each,
    # the blocks one subscriber or one small hosting customer is routed (a /64 is one reader).
    "REPORT_NETWORK_PREFIXES": (24, 48),
    # One IP address may report at most this many comments an hour.
    "REPORTS_PER_HOUR": 10,
    # IP addresses are anonymized after this many days.
    "IP_RETENTION_DAYS": 90,
    # Comments in the feeds.
    "FEED_ITEMS": 30,
    # Behind a reverse proxy, the request header that carries the reader's address, as
    # request.META names it (e.g. "HTTP_X_FORWARDED_FOR"); its last entry is used. None
    # means REMOTE_ADDR, right when no proxy is in front (else every reader shares one limit).
    "CLIENT_IP_HEADER": None,
    # The site's address, for links in emails (which have no request to build them from).
    "SITE_URL": "http://127.0.0.1:8000",
}

RULE_DESCRIPTIONS = [
    (
        "HOLD_FIRST_COMMENT",
        "Hold a comment unless its browser posted an approved comment with the same email before",
    ),
    ("MAX_LINKS", "Hold a comment with more links than"),
    ("MODERATION_KEYS", "Hold a comment containing any of"),
    ("DISALLOWED_KEYS", "Send to spam a comment containing any of"),
    (
        "REPORTS_TO_HIDE",
        "Reports queue a comment for review; hide it (unless a moderator approved it) when they "
        "come from this many networks",
    ),
    ("CLOSE_AFTER_DAYS", "Close comments this many days after publication (empty: never)"),
    ("MAX_DEPTH", "Deepest reply level"),
]


def get(name):
    return getattr(settings, f"COMMENTS_{name}", DEFAULTS[name])


def _readable(value):
    if value is True or value is False:
        return "Yes" if value else "No"
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "(none)"
    return str(value)


def rules():
    """The moderation rules in force, as (description, readable value) pairs for editors."""
    return [(description, _readable(get(name))) for name, description in RULE_DESCRIPTIONS]

"""Readers' reports: one per reader and comment. A report queues the comment for moderators;
only reports from many networks hide it (``comments.lifecycle.reported``)."""

from django.db import IntegrityError, transaction

from . import lifecycle
from .models import CommentFlag
from .protection import check_report_rate, reporter_key, reporter_network_key

RECORDED, ALREADY, HIDDEN, RATE_LIMITED = "recorded", "already", "hidden", "rate-limited"

# After a report the reader is back at the comment, told what happened: ``?reported=<outcome>-<id>``.
# It only chooses one of these messages, so nothing needs signing; the page-cache never stores
# such a request (comments.apps registers the parameter as per-reader).
NOTICE_PARAM = "reported"
NOTICES = {
    RECORDED: "Thank you. Moderators will review this comment.",
    ALREADY: "You have already reported this comment. Moderators will review it.",
    HIDDEN: "Thank you. This comment is hidden until a moderator reviews it.",
}


def notice_from(value):
    """(comment id, message) that a ``reported`` parameter names, or None."""
    outcome, _, pk = (value or "").rpartition("-")
    if outcome not in NOTICES or not pk.isascii() or not pk.isdigit():
        return None
    return int(pk), NOTICES[outcome]


def report(comment, ip_address, reason=""):
    """Record one reader's report (``reason``: a ``CommentFlag.Reason`` value, or empty)."""
    key = reporter_key(ip_address)
    if CommentFlag.objects.filter(comment=comment, reporter=key).exists():
        return ALREADY
    if not check_report_rate(ip_address):
        return RATE_LIMITED
    try:
        with transaction.atomic():
            CommentFlag.objects.create(
                comment=comment, reporter=key, network=reporter_network_key(ip_address), reason=reason
            )
    except IntegrityError:  # the same reader, twice at once
        return ALREADY
    return HIDDEN if lifecycle.reported(comment) else RECORDED

"""Readers' reports: one per reader and comment. A report queues the comment for moderators;
only reports from many networks hide it (``comments.lifecycle.reported``)."""

from django.db import IntegrityError, transaction

from . import lifecycle
from .models import CommentFlag
from .protection import check_report_rate, reporter_key, reporter_network_key

RECORDED, ALREADY, HIDDEN, RATE_LIMITED = "recorded", "already", "hidden", "rate-limited"


def report(comment, ip_address):
    key = reporter_key(ip_address)
    if CommentFlag.objects.filter(comment=comment, reporter=key).exists():
        return ALREADY
    if not check_report_rate(ip_address):
        return RATE_LIMITED
    try:
        with transaction.atomic():
            CommentFlag.objects.create(
                comment=comment, reporter=key, network=reporter_network_key(ip_address)
            )
    except IntegrityError:  # the same reader, twice at once
        return ALREADY
    return HIDDEN if lifecycle.reported(comment) else RECORDED

"""Readers' reports: one per reader and comment; enough of them hide a comment for review."""

from django.db import IntegrityError, transaction

from . import conf, lifecycle
from .models import Comment, CommentFlag
from .protection import check_report_rate, reporter_key

RECORDED, ALREADY, HIDDEN, RATE_LIMITED = "recorded", "already", "hidden", "rate-limited"


def report(comment, ip_address):
    key = reporter_key(ip_address)
    if CommentFlag.objects.filter(comment=comment, reporter=key).exists():
        return ALREADY
    if not check_report_rate(ip_address):
        return RATE_LIMITED
    try:
        with transaction.atomic():
            CommentFlag.objects.create(comment=comment, reporter=key)
    except IntegrityError:  # the same reader, twice at once
        return ALREADY
    open_reports = CommentFlag.objects.filter(comment=comment, reviewed=False).count()
    Comment.objects.filter(pk=comment.pk).update(flag_count=open_reports)
    if open_reports >= conf.get("REPORTS_TO_HIDE"):
        lifecycle.hide_reported(comment)
        return HIDDEN
    return RECORDED

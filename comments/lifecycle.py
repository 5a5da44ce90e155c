"""A comment's lifecycle: posted, approved, unapproved, reported, hidden by reports, spam, trash, deleted.

Each change readers can see happens in one function here and sends one signal from
``comments.signals``, however many comments it touches: the admin's bulk actions, its
change form, readers' reports and the public form all come through here. What follows a
change (the articles' comment counts, emails, caches) is a receiver of those signals.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from . import conf, rules, signals
from .models import Comment, CommentFlag

REMOVED_AS = {Comment.Status.SPAM: "spam", Comment.Status.TRASH: "trash"}


def post(comment, *, known_commenter=False, email_known=False, judged=False):
    """Save a new comment and announce it. The moderation rules give it its status, unless
    a moderator entered it (``judged``) with the status they chose."""
    if not judged:
        verdict = rules.judge(comment, known_commenter=known_commenter, email_known=email_known)
        comment.status, comment.moderation_reason = verdict.status, verdict.reason
    with transaction.atomic():
        comment.save()
        signals.comment_posted.send(
            sender=Comment, comment=comment, comment_ids=[comment.pk], article_ids={comment.article_id}
        )
    return comment


def moderate(comments, status):
    """Give ``comments`` (a queryset) the status a moderator chose; return how many changed."""
    unchanged = Q(status=status)
    if status == Comment.Status.APPROVED:
        # Approving a reported comment that is still up settles its reports: a change too.
        unchanged &= Q(flag_count=0)
    rows = list(comments.exclude(unchanged).order_by().values_list("pk", "article_id", "flag_count"))
    if not rows:
        return 0
    ids = [pk for pk, _article_id, _flags in rows]
    article_ids = {article_id for _pk, article_id, _flags in rows}
    changes = {"status": status}
    if status == Comment.Status.APPROVED:
        # Reviewed: earlier reports are settled, and later ones queue it without hiding it.
        changes.update(flag_count=0, reviewed_at=timezone.now())
    with transaction.atomic():
        Comment.objects.filter(pk__in=ids).update(**changes)
        if status == Comment.Status.APPROVED:
            CommentFlag.objects.filter(comment_id__in=ids).update(reviewed=True)
            # A comment readers had hidden was public before: nobody is told about it twice.
            republished = {pk for pk, _article_id, flags in rows if flags}
            signals.comment_approved.send(
                sender=Comment, comment_ids=ids, article_ids=article_ids, republished=republished
            )
        elif status == Comment.Status.PENDING:
            signals.comment_unapproved.send(sender=Comment, comment_ids=ids, article_ids=article_ids)
        else:
            signals.comment_removed.send(
                sender=Comment, comment_ids=ids, article_ids=article_ids, how=REMOVED_AS[status]
            )
    return len(ids)


def reported(comment):
    """A reader's report was recorded: count the open reports, and queue the comment for the
    moderators or, when the reports come from enough networks and no moderator approved it,
    hide it until one looks. Returns True when it was hidden."""
    with transaction.atomic():
        counts = CommentFlag.objects.filter(comment=comment, reviewed=False).aggregate(
            reports=Count("pk"), networks=Count("network", distinct=True)
        )
        Comment.objects.filter(pk=comment.pk).update(flag_count=counts["reports"])
        comment.flag_count = counts["reports"]
        # A moderator's approval stands: reports queue the comment again, they never hide it.
        unreviewed = Comment.objects.filter(pk=comment.pk, reviewed_at__isnull=True)
        if counts["networks"] >= conf.get("REPORTS_TO_HIDE") and _hide(unreviewed, comment):
            return True
        signals.comment_reported.send(
            sender=Comment,
            comment=comment,
            comment_ids=[comment.pk],
            article_ids={comment.article_id},
            reports=counts["reports"],
        )
    return False


def hide_reported(comment):
    """Readers' reports reached the limit: hold the comment until a moderator looks."""
    return _hide(Comment.objects.filter(pk=comment.pk), comment)


def _hide(queryset, comment):
    with transaction.atomic():
        if not queryset.filter(status=Comment.Status.APPROVED).update(status=Comment.Status.PENDING):
            return False
        signals.comment_hidden.send(
            sender=Comment, comment_ids=[comment.pk], article_ids={comment.article_id}
        )
    return True


def delete(comments):
    """Delete ``comments`` (a queryset) and their replies; return how many comments went."""
    rows = list(comments.order_by().values_list("pk", "article_id"))
    if not rows:
        return 0
    with transaction.atomic():
        deleted = Comment.objects.filter(pk__in=[pk for pk, _article_id in rows]).delete()[1]
        signals.comment_removed.send(
            sender=Comment,
            comment_ids=[pk for pk, _article_id in rows],
            article_ids={article_id for _pk, article_id in rows},
            how="deleted",
        )
    return deleted.get(Comment._meta.label, 0)


def edit(comment, changed_fields):
    """Save a moderator's changes to what a comment says; a status change goes through moderate()."""
    with transaction.atomic():
        comment.save()
        if set(changed_fields) - {"status"}:
            signals.comment_edited.send(
                sender=Comment, comment_ids=[comment.pk], article_ids={comment.article_id}
            )

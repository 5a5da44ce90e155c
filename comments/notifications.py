"""Emails about comments: to moderators when one is held or reported, to commenters who asked
to hear back.

Names and subjects are cleaned of line breaks and control characters before they go
near a header, and addresses come from validated fields, so nothing a commenter types
can add a header. Every email to a commenter carries a one-click unsubscribe link.
"""

import logging
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import punycode

from . import conf
from .models import Comment, UnsubscribeKey
from .rendering import NAME_FORBIDDEN

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "comments.unsubscribe"
# An unsubscribe link works this long after its email was sent; a later email brings a fresh one.
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 90


def header_safe(text, limit=200):
    """One line of text without control characters, fit for a header."""
    return " ".join(NAME_FORBIDDEN.sub(" ", str(text)).split())[:limit]


def address(name, email):
    """``Name <email>`` for a header; an international domain is written in punycode, as
    formataddr() and SMTP need ASCII. "" when the address cannot be written at all."""
    local, _at, domain = header_safe(email, limit=254).rpartition("@")
    try:
        email = f"{local}@{punycode(domain)}"
        return formataddr((header_safe(name, limit=80), email)) if name else email
    except (UnicodeError, ValueError):
        logger.warning("Cannot write the address %r in an email header", email)
        return ""


def absolute(path):
    return f"{conf.get('SITE_URL').rstrip('/')}{path}"


def unsubscribe_token(email):
    """An opaque, signed and dated token: a random key that stands for the email (UnsubscribeKey),
    so the address cannot be read from the link, and the link stops working after a while."""
    email = email.strip().lower()
    key = UnsubscribeKey.objects.get_or_create(email=email)[0].key
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(key)


def email_from_unsubscribe_token(token):
    """The email a token unsubscribes, or None for a forged, unknown or expired one."""
    try:
        key = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return UnsubscribeKey.objects.filter(key=key).values_list("email", flat=True).first()


def unsubscribe_url(email):
    return absolute(reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(email)}))


def moderator_addresses():
    """Active users allowed to moderate comments, with an email; else settings.MANAGERS."""
    permission = Permission.objects.filter(content_type__app_label="comments", codename="change_comment")
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    found = [address(user.get_full_name(), user.email) for user in users]
    return [to for to in found if to] or [
        to for to in (address(name, email) for name, email in settings.MANAGERS) if to
    ]


def _send(messages):
    messages = [message for message in messages if message is not None]
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages)
    except Exception:  # A mail server's trouble must never undo or break a comment.
        logger.exception("Could not send comment notifications")
        return 0


def _message(subject, template, context, to, *, unsubscribe_email=None):
    to = [recipient for recipient in to if recipient]
    if not to:
        return None
    headers = {}
    if unsubscribe_email:
        url = unsubscribe_url(unsubscribe_email)
        context = {**context, "unsubscribe_url": url}
        headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return EmailMessage(
        subject=header_safe(subject),
        body=render_to_string(template, context),
        to=to,
        headers=headers,
    )


def comment_held(comment):
    """Tell moderators a comment waits for them."""
    to = moderator_addresses()
    if not to:
        return 0
    context = {
        "comment": comment,
        "article": comment.article,
        "review_url": absolute(reverse("admin:comments_comment_change", args=[comment.pk])),
        "queue_url": absolute(reverse("admin:comments_comment_changelist") + "?status__exact=pending"),
    }
    message = _message(
        f"Comment held for moderation on “{comment.article.title}” by {comment.name}",
        "comments/email/held.txt",
        context,
        to,
    )
    if message is None:
        return 0
    message.reply_to = [to for to in [address(comment.name, comment.email)] if to]
    return _send([message])


def comment_reported(comment, *, hidden):
    """Tell moderators readers reported a comment: still up and waiting in the reports queue,
    or hidden until they look."""
    to = moderator_addresses()
    if not to:
        return 0
    context = {
        "comment": comment,
        "article": comment.article,
        "hidden": hidden,
        "review_url": absolute(reverse("admin:comments_comment_change", args=[comment.pk])),
        "queue_url": absolute(reverse("admin:comments_comment_changelist") + "?reported=yes"),
    }
    message = _message(
        f"Comment {'hidden after reports' if hidden else 'reported'} on “{comment.article.title}”",
        "comments/email/reported.txt",
        context,
        to,
    )
    return _send([message])


def comment_published(comment, *, approved_by_moderator):
    """Tell the commenter it was approved, and subscribed commenters up the thread of a reply."""
    messages = []
    url = absolute(comment.get_absolute_url())
    if approved_by_moderator and comment.notify:
        messages.append(
            _message(
                f"Your comment on “{comment.article.title}” was approved",
                "comments/email/approved.txt",
                {"comment": comment, "url": url},
                [address(comment.name, comment.email)],
                unsubscribe_email=comment.email,
            )
        )
    told = {comment.email.lower()}
    for ancestor in comment.ancestors():
        if not ancestor.notify or ancestor.status != Comment.Status.APPROVED:
            continue
        if ancestor.email.lower() in told:
            continue
        told.add(ancestor.email.lower())
        messages.append(
            _message(
                f"{comment.name} replied to your comment on “{comment.article.title}”",
                "comments/email/reply.txt",
                {"comment": comment, "parent": ancestor, "url": url},
                [address(ancestor.name, ancestor.email)],
                unsubscribe_email=ancestor.email,
            )
        )
    return _send(messages)


def comments_approved(pks):
    for comment in Comment.objects.filter(pk__in=pks).select_related("article", "parent__parent"):
        try:
            comment_published(comment, approved_by_moderator=True)
        except Exception:  # Runs after the approval is committed: it must not turn it into a 500.
            logger.exception("Could not prepare the emails about comment %s", comment.pk)


def comment_posted(comment):
    """Moderators hear of a held comment; subscribers up the thread of a published reply."""
    try:
        if comment.status == Comment.Status.PENDING:
            comment_held(comment)
        elif comment.status == Comment.Status.APPROVED:
            comment_published(comment, approved_by_moderator=False)
    except Exception:  # after the comment is saved: the reader gets their redirect whatever happens
        logger.exception("Could not prepare the emails about comment %s", comment.pk)


# Receivers of comments.signals: mail goes out once the change is committed, never for a rollback.


def on_posted(sender, comment, **kwargs):
    transaction.on_commit(lambda: comment_posted(comment))


def on_reported(sender, comment, reports, **kwargs):
    """The first report since a moderator last looked: one email per review, not per reader."""
    if reports == 1:
        transaction.on_commit(lambda: _reported(comment.pk, hidden=False))


def on_hidden(sender, comment_ids, **kwargs):
    for pk in comment_ids:
        transaction.on_commit(lambda pk=pk: _reported(pk, hidden=True))


def _reported(pk, *, hidden):
    try:
        comment = Comment.objects.select_related("article").filter(pk=pk).first()
        if comment is not None:
            comment_reported(comment, hidden=hidden)
    except Exception:  # after the report is saved: the reader gets their answer whatever happens
        logger.exception("Could not prepare the email about reports on comment %s", pk)


def on_approved(sender, comment_ids, republished=(), **kwargs):
    first_time = [pk for pk in comment_ids if pk not in republished]
    if first_time:
        transaction.on_commit(lambda: comments_approved(first_time))

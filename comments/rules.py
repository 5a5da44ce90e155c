"""The moderation rules (as WordPress's Discussion settings): which status a new comment gets."""

from dataclasses import dataclass

from . import conf
from .models import Comment
from .rendering import count_links


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""


def _matches(keys, *texts):
    haystack = "\n".join(text.lower() for text in texts if text)
    for key in keys:
        key = key.strip().lower()
        if key and key in haystack:
            return key
    return None


def judge(comment, *, known_commenter=None):
    """A Verdict for an unsaved comment, from the rules in comments.conf.

    ``known_commenter``: whether a comment with this email was approved before, when the
    caller already asked (the form does, with its duplicate check); None asks here.
    """
    fields = (comment.body, comment.name, comment.email, comment.website, comment.ip_address or "")
    if key := _matches(conf.get("DISALLOWED_KEYS"), *fields):
        return Verdict(Comment.Status.SPAM, f"Contains a disallowed word or address: {key}")
    if key := _matches(conf.get("MODERATION_KEYS"), *fields):
        return Verdict(Comment.Status.PENDING, f"Contains a word or address held for review: {key}")
    links = count_links(comment.body)
    if links > conf.get("MAX_LINKS"):
        return Verdict(Comment.Status.PENDING, f"Contains {links} links")
    if known_commenter is None and conf.get("HOLD_FIRST_COMMENT"):
        known_commenter = Comment.objects.approved().filter(email__iexact=comment.email.strip()).exists()
    if conf.get("HOLD_FIRST_COMMENT") and not known_commenter:
        return Verdict(Comment.Status.PENDING, "First comment from this email address")
    return Verdict(Comment.Status.APPROVED)

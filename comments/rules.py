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


def judge(comment, *, known_commenter=False, email_known=False):
    """A Verdict for an unsaved comment, from the rules in comments.conf.

    ``known_commenter``: whether the commenter proved that an approved comment with this email
    is theirs (see comments.moderation); ``email_known``: whether the email has approved
    comments at all, which proves nothing by itself (anyone may type a regular's name and
    email) but tells moderators why the comment waits.
    """
    fields = (comment.body, comment.name, comment.email, comment.website, comment.ip_address or "")
    if key := _matches(conf.get("DISALLOWED_KEYS"), *fields):
        return Verdict(Comment.Status.SPAM, f"Contains a disallowed word or address: {key}")
    if key := _matches(conf.get("MODERATION_KEYS"), *fields):
        return Verdict(Comment.Status.PENDING, f"Contains a word or address held for review: {key}")
    links = count_links(comment.body)
    if links > conf.get("MAX_LINKS"):
        return Verdict(Comment.Status.PENDING, f"Contains {links} links")
    if conf.get("HOLD_FIRST_COMMENT") and not known_commenter:
        if email_known:
            return Verdict(
                Comment.Status.PENDING, "Email of a known commenter, from a browser they never posted from"
            )
        return Verdict(Comment.Status.PENDING, "First comment from this email address")
    return Verdict(Comment.Status.APPROVED)

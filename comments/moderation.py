"""Letting a commenter, and only them, see their comment while it awaits moderation, and
telling a known commenter from someone who only knows their name and email.

The proof that a browser posted a comment is a signed cookie set with the post, listing the
comments it posted (``posted_ids``). It does two things:

* A held comment's link (``?moderation=<signed id>``, as WordPress's ``moderation-hash``)
  shows the comment only to a browser whose cookie lists it: the link alone, forwarded or
  guessed, shows nothing, so a held comment can never be a page of ours that anyone is sent to.
  The article page itself stays the same for every reader and can be cached; a URL carrying
  the parameter is never served from the cache (``pagecache.policy.per_reader_param``).
* A commenter is "known" (their comments skip the hold-first-comment rule) only when their
  cookie lists an approved comment with the email they post with now. The cookie names
  comments, not the email: it carries no personal data, and it proves more than having typed
  the email once, since the comment it names was approved by a moderator.
"""

from django.conf import settings
from django.core import signing

SALT = "comments.awaiting-moderation"
MAX_AGE = 60 * 60 * 24 * 7
QUERY_PARAM = "moderation"

POSTED_COOKIE = "comments_posted"
POSTED_SALT = "comments.posted-from-this-browser"
POSTED_MAX_AGE = 60 * 60 * 24 * 365
# The newest comments a browser posted that its cookie names (a few hundred bytes at most).
POSTED_KEEP = 10
# A cookie the page script can read (the list itself is HttpOnly): present once this browser has
# posted, so that only those readers' browsers ask for their held comments (views.held_comments).
POSTED_HINT_COOKIE = "comments_mine"


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


def posted_ids(request):
    """The ids of the comments this browser posted (newest first), as its signed cookie says."""
    value = request.COOKIES.get(POSTED_COOKIE)
    if not value:
        return []
    try:
        ids = signing.loads(value, salt=POSTED_SALT, max_age=POSTED_MAX_AGE)
    except signing.BadSignature:
        return []
    if not isinstance(ids, list):
        return []
    return [pk for pk in ids if type(pk) is int and pk > 0][:POSTED_KEEP]


def posted_cookie_value(ids):
    return signing.dumps(list(ids)[:POSTED_KEEP], salt=POSTED_SALT)


def remember_posted(response, request, comment, *, proof=None):
    """Add ``comment`` to the browser's cookie, keeping ``proof`` (the approved comment that made
    its author known) so that a run of held comments never loses it."""
    ids = [comment.pk, *([proof] if proof else []), *posted_ids(request)]
    unique = list(dict.fromkeys(ids))
    response.set_cookie(
        POSTED_COOKIE,
        posted_cookie_value(unique),
        max_age=POSTED_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    response.set_cookie(
        POSTED_HINT_COOKIE, "1", max_age=POSTED_MAX_AGE, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
    )

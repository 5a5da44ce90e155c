"""What happens to comments, as signals. ``comments.lifecycle`` sends each one, once per change.

Every signal is sent with ``sender=Comment`` inside the transaction that made the change, and
carries ``comments`` (the comments as they are now) and ``article_ids`` (the articles whose
readers may see a difference). Receivers that reach outside the database (emails, caches)
defer their work with ``transaction.on_commit``. The receivers of this app are connected in
``CommentsConfig.ready()``: the articles' comment counts and the emails.
"""

from django.dispatch import Signal

# A reader posted a comment (approved or held by the moderation rules). Also: ``comment``.
comment_posted = Signal()
# Moderators approved comments. Also: ``republished``, the ids of comments that readers' reports
# had hidden and that were public before (nobody is told about those twice).
comment_approved = Signal()
# Moderators put approved comments back in the queue.
comment_unapproved = Signal()
# Readers from enough networks reported a comment to hide it until a moderator looks.
comment_hidden = Signal()
# A reader reported a comment, which stays up and waits in the reports queue for a moderator.
# Also: ``reports``, the open reports on it now (1 for the first since a moderator's approval).
comment_reported = Signal()
# Comments marked as spam, moved to the trash, or deleted. Also: ``how``: "spam", "trash" or "deleted".
comment_removed = Signal()
# A moderator changed what a comment says (name, website, text) or whom it notifies.
comment_edited = Signal()

# Every signal after which readers may see a different thread, count or feed.
ALL = (comment_posted, comment_approved, comment_unapproved, comment_hidden, comment_removed, comment_edited)

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse

from articles.models import Article

from . import conf
from .rendering import render_body, render_plain
from .validators import (
    validate_body_characters,
    validate_name_characters,
    validate_plain_email,
    validate_website,
)

MAX_BODY_LENGTH = 5000
MAX_NAME_LENGTH = 80
AVATAR_COLOURS = 12


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def visible(self):
        """Approved comments that readers can see: every comment up their thread is approved too.

        The page leaves out the replies of a comment that is held, spam or trash; so do the
        comment count, the feeds and the permalinks.
        """
        approved = Comment.Status.APPROVED
        shown, chain, path = Q(parent__isnull=True), Q(), "parent"
        for _level in range(1, conf.get("MAX_DEPTH")):
            chain &= Q(**{f"{path}__status": approved})
            shown |= chain & Q(**{f"{path}__parent__isnull": True})
            path += "__parent"
        return self.approved().filter(shown)

    def in_moderation(self):
        return self.filter(status=Comment.Status.PENDING)

    def reported(self):
        """Comments readers reported since a moderator last approved them: the reports queue."""
        return self.filter(flag_count__gt=0)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)

    def waiting(self):
        """What a moderator has to look at: held comments, and reported ones not yet settled."""
        return self.filter(Q(status=Comment.Status.PENDING) | Q(flag_count__gt=0))

    def for_display(self):
        """Oldest first, as a conversation reads."""
        return self.order_by("created_at", "id")

    def for_thread(self):
        """Oldest first, with what a thread shows of each comment (comments.thread_html)."""
        return self.for_display().only(
            "id",
            "parent_id",
            "article_id",
            "name",
            "email",
            "website",
            "body_html",
            "status",
            "created_at",
            "depth",
        )

    def for_feed(self):
        return self.visible().select_related("article").order_by("-created_at", "-id")

    def record_of(self, email, *, article, body, proven_ids=()):
        """What the site knows of a commenter's email, in one query: how many of their comments
        say ``body`` on ``article`` (the trash aside), how many of theirs were approved, and
        ``proof``: one of ``proven_ids`` (comments this browser posted) that is an approved
        comment of this email, or None."""
        approved = Q(status=Comment.Status.APPROVED)
        return self.filter(email__iexact=email.strip()).aggregate(
            duplicates=Count("pk", filter=Q(article=article, body=body) & ~Q(status=Comment.Status.TRASH)),
            approved=Count("pk", filter=approved),
            proof=Max("pk", filter=approved & Q(pk__in=list(proven_ids))),
        )

    def by_same_commenter(self, comment):
        return self.filter(email__iexact=comment.email).exclude(pk=comment.pk)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The comment this one replies to.",
    )
    depth = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="1 for a comment on the article, 2 for a reply, and so on."
    )
    # A page of threads finds its replies by this one indexed column, not by joining parents level by
    # level. Filled on save like depth; a comment never moves (the admin shows its parent read-only).
    # Its replies are deleted with it through ``parent``: nothing to do here (and no query to collect).
    root = models.ForeignKey(
        "self",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,  # comment_thread_replies starts with it
        help_text="The first comment of the thread, for a reply (empty for a first comment).",
    )
    name = models.CharField(max_length=MAX_NAME_LENGTH, validators=[validate_name_characters])
    email = models.EmailField(help_text="Never shown to readers.", validators=[validate_plain_email])
    website = models.URLField(blank=True, validators=[validate_website], help_text="http or https only.")
    body = models.TextField("comment", max_length=MAX_BODY_LENGTH, validators=[validate_body_characters])
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    notify = models.BooleanField(
        "notify me of follow-up comments",
        default=False,
        help_text="The commenter asked to be emailed about approval and replies.",
    )
    moderation_reason = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Why the rules held or rejected it."
    )
    flag_count = models.PositiveIntegerField(
        "reports", default=0, editable=False, help_text="Readers' reports since a moderator last approved it."
    )
    reviewed_at = models.DateTimeField(
        "approved by a moderator",
        null=True,
        blank=True,
        editable=False,
        help_text="When a moderator last approved it; readers' reports no longer hide it.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(
        "IP address", null=True, blank=True, help_text="Kept for moderation; anonymized after 90 days."
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            # The latest comments feeds walk it newest first and stop after a page.
            models.Index(fields=["status", "created_at", "id"], name="comment_latest_order"),
            models.Index(fields=["email"]),
            # A page's first comments, in order, and their count (the pages), read from the index alone.
            models.Index(
                fields=["article", "status", "created_at", "id"],
                condition=Q(parent__isnull=True),
                name="comment_thread_starts",
            ),
            # Their replies. With the status in it, SQLite (which has no statistics to go by) takes
            # this index over the status one for "root IN (…) AND status = …".
            models.Index(fields=["root", "status"], name="comment_thread_replies"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="comment_name_not_empty"),
            models.CheckConstraint(condition=Q(depth__gte=1), name="comment_depth_at_least_one"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=1) | Q(parent__isnull=False, depth__gt=1),
                name="comment_depth_matches_parent",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, root__isnull=True)
                | Q(parent__isnull=False, root__isnull=False),
                name="comment_root_matches_parent",
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.article}"

    def save(self, *args, **kwargs):
        """Derived fields follow what they derive from. What readers see changes only through
        ``comments.lifecycle``, which tells the rest of the site (counts, emails, caches)."""
        self.body_html = render_body(self.body)
        self.depth = self.parent.depth + 1 if self.parent_id else 1
        self.root_id = (self.parent.root_id or self.parent_id) if self.parent_id else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {"body_html"} if "body" in update_fields else set()
            if "parent" in update_fields:
                extra.update(("depth", "root"))
            kwargs["update_fields"] = {*update_fields, *extra}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A permalink that finds the comment on whichever page of the thread it is."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def validate_constraints(self, exclude=None):
        """Skipped: field validation (a name and a body that are not blank) and clean() (the depth)
        check the same in Python, and the database enforces them on save. Asking the database
        first would cost three statements per constraint on every comment posted."""

    def clean(self):
        # Before the constraints are checked, as full_clean() does them after clean().
        self.depth = self.parent.depth + 1 if self.parent_id else 1
        if not self.parent_id:
            return
        if self.article_id and self.parent.article_id != self.article_id:
            raise ValidationError({"parent": "The comment replied to must be on the same article."})
        if self.pk and any(node.pk == self.pk for node in [self.parent, *self.parent.ancestors()]):
            raise ValidationError({"parent": "A comment cannot reply to itself or to one of its replies."})
        if self.depth > conf.get("MAX_DEPTH"):
            raise ValidationError(
                {"parent": f"Replies nest at most {conf.get('MAX_DEPTH')} deep: reply higher up the thread."}
            )

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def initials(self):
        words = [word for word in self.name.split() if word[:1].isalnum()]
        return "".join(word[0] for word in words[:2]).upper() or "?"

    @property
    def avatar_colour(self):
        """One of AVATAR_COLOURS classes, chosen by the email so a commenter keeps their colour."""
        digest = hashlib.sha256(self.email.strip().lower().encode()).digest()
        return digest[0] % AVATAR_COLOURS

    def ancestors(self):
        """Parents up to the thread's first comment, nearest first (one query per level, max 2)."""
        chain, node, seen = [], self, {self.pk}
        while node.parent_id and node.parent_id not in seen:  # a loop stored by hand ends here
            node = node.parent
            seen.add(node.pk)
            chain.append(node)
        return chain

    @property
    def plain_body_html(self):
        """The body without links, for its author's view of it while it awaits moderation."""
        return render_plain(self.body)

    @property
    def website_link(self):
        """The website, when it is a web address that can safely be a link (else "")."""
        return self.website if self.website.lower().startswith(("http://", "https://")) else ""


class CommentFlag(models.Model):
    """A reader's report that a comment breaks the rules; one per reader and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reporter = models.CharField(max_length=64, help_text="A hash of the reporter's IP address.")
    network = models.CharField(
        max_length=64,
        blank=True,
        help_text="A hash of the reporter's network (an IPv4 /24, an IPv6 /48): many reports from one "
        "network count as one when deciding whether to hide a comment.",
    )

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive, hateful or harassing"
        SPOILER = "spoiler", "Spoilers without a warning"
        PERSONAL = "personal", "Shares someone's personal information"
        OTHER = "other", "Something else that breaks the rules"

    reason = models.CharField(
        max_length=20,
        choices=Reason.choices,
        blank=True,
        help_text="What the reader said is wrong with the comment (empty on reports made before readers were asked).",
    )
    reviewed = models.BooleanField(default=False, help_text="A moderator approved the comment since.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]

    def __str__(self):
        return f"Report on comment {self.comment_id}"


def new_unsubscribe_key():
    return secrets.token_urlsafe(24)


class UnsubscribeKey(models.Model):
    """A random stand-in for an email address in unsubscribe links, so a link never shows the
    address it unsubscribes (comments.notifications signs it, with an expiry)."""

    email = models.EmailField(unique=True, help_text="Lower-cased, as the comments' emails are compared.")
    key = models.CharField(max_length=64, unique=True, default=new_unsubscribe_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Unsubscribe key for {self.email}"

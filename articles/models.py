import datetime
import math
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import F, Q, Subquery
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from core.images import SafeImageField
from core.paths import path_for
from shows.models import Person, Season, Show

from .rendering import render_markdown

WORDS_PER_MINUTE = 230
RELATED_LIMIT = 4
SEO_TITLE_LENGTH = 70
SEO_DESCRIPTION_LENGTH = 160
CLOCK_SKEW = datetime.timedelta(minutes=5)
# The page-cache tag of an article's own page (and its comments feed): its comments change it.
PAGE_TAG = "article:{slug}"


class AuthorProfile(models.Model):
    """How an author appears to readers: a name and an address of their own, never their login.

    A user's login is half of what it takes to sign in to the admin; bylines, author pages,
    feeds and structured data name the author by ``display_name`` at ``/authors/<slug>/``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile"
    )
    display_name = models.CharField(
        max_length=150, help_text="The name in bylines, on the author's page and in feeds, e.g. “Mina Aouad”."
    )
    slug = models.SlugField(
        max_length=160,
        unique=True,
        help_text="The author's page is /authors/<slug>/. It must not be their login name.",
    )

    class Meta:
        verbose_name = "author profile"
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return path_for("author", slug=self.slug)

    def clean(self):
        if self.user_id and self.slug.lower() == self.user.get_username().lower():
            raise ValidationError(
                {"slug": "Choose an address other than the login name, which stays private."}
            )

    @classmethod
    def for_user(cls, user):
        """The user's profile, made from their full name the first time it is needed."""
        try:
            return user.author_profile
        except cls.DoesNotExist:
            pass
        profile, _created = cls.objects.get_or_create(
            user=user,
            defaults={"display_name": default_display_name(user), "slug": free_slug(user)},
        )
        user.author_profile = profile
        return profile


def default_display_name(user):
    return user.get_full_name() or "Staff writer"


def free_slug(user):
    """A slug from the full name that no one has and that is not the login; a random one else."""
    base = slugify(user.get_full_name())[:150] or "author"
    candidate = base
    while (
        candidate == "author"
        or candidate == user.get_username().lower()
        or AuthorProfile.objects.filter(slug=candidate).exists()
    ):
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. News, Recaps, Explainers.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the category's URL.")
    description = models.CharField(
        max_length=300, blank=True, help_text="One sentence shown on the category page and in search results."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first in menus.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_for("articles:category", slug=self.slug)


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_for("articles:tag", slug=self.slug)


class ArticleStatus(models.TextChoices):
    """What an editor decided. Whether a published article is live yet is derived (see ArticleState)."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class ArticleState(models.TextChoices):
    """An article as readers experience it: Status, with "published" split by the clock."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


def state_of(status, published_at, now):
    """The one rule (``ArticleQuerySet`` asks the database the same question): an article an editor
    published is live from its publication date, and scheduled before it. Nothing stored changes."""
    if status == ArticleStatus.PUBLISHED and published_at is not None:
        return ArticleState.PUBLISHED if published_at <= now else ArticleState.SCHEDULED
    return ArticleState(status)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Live articles (as of ``now``, by default the present). A future published_at keeps an
        article hidden until its time, with no job."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=now or timezone.now())

    def scheduled(self):
        """Published by an editor for a time still to come: hidden from readers until then."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=ArticleStatus.DRAFT)

    def next_publication(self):
        """When the next scheduled article goes live (None: nothing is scheduled)."""
        return self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()

    def unpublished(self):
        """Withdrawn after publication."""
        return self.filter(status=ArticleStatus.UNPUBLISHED)

    def in_state(self, state):
        """Articles whose ``Article.state`` is ``state`` (an ``ArticleState``), e.g. for the admin's filter."""
        return {
            ArticleState.DRAFT: self.drafts,
            ArticleState.SCHEDULED: self.scheduled,
            ArticleState.PUBLISHED: self.published,
            ArticleState.UNPUBLISHED: self.unpublished,
        }[state]()

    def for_cards(self):
        """Cards, lists and feeds: never the body (Markdown, HTML and contents), the bulk of a row."""
        return (
            self.select_related("author__author_profile", "category")
            .defer("body", "body_html", "toc")
            .order_by("-published_at", "-id")
        )

    def for_detail(self):
        """The article page's own row; what it shows around it is fetched only when the kept
        fragments that show it are out of date (articles.views.Story)."""
        return self.select_related("author__author_profile", "category")

    def for_links(self):
        """Links to other stories (related, previous and next): what they show, no more."""
        return (
            self.only("title", "slug", "published_at", "hero_image", "hero_width", "hero_height")
            .annotate(category_name=F("category__name"))
            .order_by("-published_at", "-id")
        )

    def most_commented(self):
        return self.filter(comment_count__gt=0).order_by("-comment_count", "-published_at", "-id")

    # One range on published_at (not an OR of two), so the newest-first index finds the neighbour
    # at once instead of sorting everything older or newer.
    def before(self, pk, published_at):
        return (
            self.filter(published_at__lte=published_at)
            .exclude(published_at=published_at, pk__gte=pk)
            .order_by("-published_at", "-id")
        )

    def after(self, pk, published_at):
        return (
            self.filter(published_at__gte=published_at)
            .exclude(published_at=published_at, pk__lte=pk)
            .order_by("published_at", "id")
        )

    def neighbours(self, pk, published_at):
        """The story just before the article ``pk`` (published at ``published_at``) and the one
        just after it, in one query (see ``split_neighbours``)."""
        return self.filter(
            Q(pk=Subquery(self.before(pk, published_at).values("pk")[:1]))
            | Q(pk=Subquery(self.after(pk, published_at).values("pk")[:1]))
        )


def related_stories(article_id, now, limit=RELATED_LIMIT):
    """Live articles (as ``ArticleQuerySet.published(now)`` has them) sharing shows or tags with
    the article ``article_id``, most shared first, then newest; each with what ``for_links()``
    fetches (its section as ``category_name``).

    One statement Django's ORM cannot write: it counts the shared links in the link tables alone
    (a union of the rows for the article's shows and tags, grouped by article) and only then
    reads the few hundred candidates' rows. Counting them on the candidates joined to both link
    tables, or by a subquery per candidate, read ~500 wide rows on the busiest article: 6-8 ms on
    PostgreSQL and SQLite against ~0.5-1.5 ms. CROSS JOIN keeps SQLite's join order (counts first)."""
    connection = connections[router.db_for_read(Article)]
    quote = connection.ops.quote_name
    shows, tags = Article.shows.through._meta.db_table, Article.tags.through._meta.db_table
    candidate = quote(Article._meta.db_table)
    if connection.vendor == "postgresql":
        # Each candidate's row by its key. A prepared statement's generic plan cannot know how few
        # candidates there are, and otherwise scans every live article to hash-join the handful
        # (0.7 ms on the flagship at scale 1, against 0.1); OFFSET 0 keeps the lookup per candidate.
        candidate = f"LATERAL (SELECT * FROM {candidate} WHERE id = s.article_id OFFSET 0)"
    sql = f"""
        SELECT a.id, a.title, a.slug, a.published_at, a.hero_image, a.hero_width, a.hero_height,
               c.name AS category_name
        FROM (
            SELECT linked.article_id, COUNT(*) AS shared FROM (
                SELECT article_id FROM {quote(shows)} WHERE show_id IN
                    (SELECT show_id FROM {quote(shows)} WHERE article_id = %s)
                UNION ALL
                SELECT article_id FROM {quote(tags)} WHERE tag_id IN
                    (SELECT tag_id FROM {quote(tags)} WHERE article_id = %s)
            ) linked GROUP BY linked.article_id
        ) s
        CROSS JOIN {candidate} a CROSS JOIN {quote(Category._meta.db_table)} c
        WHERE a.id = s.article_id AND c.id = a.category_id AND a.id <> %s
            AND a.status = %s AND a.published_at <= %s
        ORDER BY s.shared DESC, a.published_at DESC, a.id DESC
        LIMIT %s"""
    published_at = Article._meta.get_field("published_at").get_db_prep_value(now, connection)
    params = [article_id, article_id, article_id, ArticleStatus.PUBLISHED.value, published_at, limit]
    return list(Article.objects.db_manager(connection.alias).raw(sql, params))


def split_neighbours(article, found):
    """(previous, next) of ``article`` among ``found`` (ArticleQuerySet.neighbours), either None."""
    previous = following = None
    for other in found:
        if (other.published_at, other.pk) < (article.published_at, article.pk):
            previous = other
        else:
            following = other
    return previous, following


class Article(models.Model):
    Status = ArticleStatus
    State = ArticleState

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Used in the article's URL. If you change it, the old address redirects here.",
        error_messages={"unique": "Another article already uses this slug. Choose a different one."},
    )
    summary = models.TextField(
        max_length=500, help_text="One or two sentences shown under the title and on article cards."
    )
    body = models.TextField(
        help_text="Markdown: ## for a section heading, a blank line between paragraphs, "
        "[text](https://…) for a link, ![description](/media/…) for an image uploaded below. "
        "Unsafe HTML is removed."
    )
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField("table of contents", editable=False, default=list)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The section the article appears in.",
    )
    hero_image = SafeImageField(
        upload_to="articles/heroes/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
        help_text="Shown at the top of the article, on cards and when shared.",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Required with an image.",
    )
    hero_caption = models.CharField(
        "hero image caption",
        max_length=300,
        blank=True,
        help_text="Caption and credit, e.g. “Park Ji-hu as On-jo. Photo: Netflix”. Required with an image.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Shown in the byline.",
    )
    status = models.CharField(
        max_length=12,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        help_text="A published article goes live at its publication date: a future date schedules it.",
    )
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="When the article goes live. Required to publish; a future time keeps it hidden until then.",
    )
    significant_update_at = models.DateTimeField(
        "significant update",
        null=True,
        blank=True,
        help_text="Set this (“Now”) when you change facts readers should know about: "
        "the article then shows “Updated” with this date. Leave it for typo fixes.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    facts_checked_at = models.DateTimeField(
        "facts checked",
        null=True,
        blank=True,
        editable=False,
        help_text="When an editor last confirmed the article still matches the shows data "
        "without updating it (the “Still accurate” button).",
    )
    shows = models.ManyToManyField(Show, blank=True, related_name="articles", help_text="Shows it is about.")
    seasons = models.ManyToManyField(
        Season,
        blank=True,
        related_name="articles",
        help_text="The fact box shows the next unreleased season among these, or else the earliest.",
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="articles", help_text="People the story is about."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", help_text="Topics for tag pages.")
    seo_title = models.CharField(
        "SEO title",
        max_length=SEO_TITLE_LENGTH,
        blank=True,
        help_text="The title search engines and shares show. Leave empty to use the title.",
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=SEO_DESCRIPTION_LENGTH,
        blank=True,
        help_text="The description search engines and shares show. Leave empty to use the summary.",
    )
    comments_enabled = models.BooleanField(
        "comments open", default=True, help_text="Untick to close comments on this article"
    )
    # Kept by the comments app whenever a comment's approval changes, so cards and
    # "most commented" lists never count comments per article.
    comment_count = models.PositiveIntegerField("approved comments", default=0, editable=False)

    # Every save keeps the previous version; derived and comment-kept fields are left out
    # so that restoring a revision re-renders the body and never rewinds the comment count.
    history = HistoricalRecords(excluded_fields=["body_html", "toc", "comment_count", "facts_checked_at"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("publish_article", "Can publish, schedule and edit any article")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]
        # List pages read live articles newest first (ties by id), filtered by status and maybe a
        # category or an author: each list walks one index in its own order, whatever the archive's
        # size (EXPLAIN plans in benchmarks/RESULTS.md).
        indexes = [
            models.Index(fields=["status", "published_at", "id"], name="article_live_order"),
            models.Index(fields=["category", "status", "published_at", "id"], name="article_category_order"),
            models.Index(fields=["author", "status", "published_at", "id"], name="article_author_order"),
            models.Index(
                fields=["status", "comment_count", "published_at", "id"], name="article_most_commented"
            ),
            # The sitemap: a page of articles read from the index alone (on PostgreSQL the table,
            # wide with bodies, was scanned and sorted: 6 ms), and the section's date, the latest
            # significant update, found at an index's end rather than by reading every row.
            models.Index(
                fields=["status", "published_at", "id", "slug", "significant_update_at"],
                name="article_sitemap_rows",
            ),
            models.Index(fields=["status", "significant_update_at"], name="article_latest_update"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendering happens once here, never per request.
        self.body_html, self.toc = render_markdown(self.body)
        if self.category_id is None:
            self.category = Category.objects.get_or_create(slug="news", defaults={"name": "News"})[0]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "toc"}
        if self.pk is not None and not hasattr(self, "_loaded_slug"):
            # Built in memory rather than loaded (a restored revision): ask what slug it replaces.
            self._loaded_slug = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        self._remember_old_slug()

    def get_absolute_url(self):
        # On every card of every list: reverse() once per process (core.paths).
        return path_for("articles:detail", slug=self.slug)

    # What a feed of stories (core.feeds.StoryFeed) reads besides title, summary and dates.
    @property
    def author_profile(self):
        """The author as readers know them (a profile is made on first use, never the login)."""
        return AuthorProfile.for_user(self.author)

    @property
    def byline(self):
        return self.author_profile.display_name

    @property
    def section(self):
        return self.category.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    def _remember_old_slug(self):
        old = getattr(self, "_loaded_slug", None)
        if old and old != self.slug:
            ArticleSlugHistory.objects.update_or_create(slug=old, defaults={"article": self})
        ArticleSlugHistory.objects.filter(slug=self.slug).delete()
        self._loaded_slug = self.slug

    def clean(self):
        errors = {}
        if self.status == ArticleStatus.PUBLISHED and not self.published_at:
            errors["published_at"] = "Set a publication date to publish this article."
        # A few minutes' grace for an editor's clock ahead of the server's ("Now" is the browser's time).
        if self.significant_update_at and self.significant_update_at > timezone.now() + CLOCK_SKEW:
            errors["significant_update_at"] = (
                "A significant update cannot be in the future: readers and search engines would be "
                "told of a change that has not happened. Use “Now” when you make it."
            )
        if self.hero_image and not self.hero_alt:
            errors["hero_alt"] = "Describe the image for readers who cannot see it."
        if self.hero_image and not self.hero_caption:
            errors["hero_caption"] = "Give the image a caption with its credit, e.g. “Photo: Netflix”."
        if self.slug:
            taken = ArticleSlugHistory.objects.filter(slug=self.slug).exclude(article_id=self.pk)
            old_owner = taken.select_related("article").first()
            if old_owner is not None:
                errors["slug"] = (
                    f"This slug is the old address of “{old_owner.article.title}” and still redirects "
                    "there. Choose a different one."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def publication_state(self):
        """An ``ArticleState``: draft, scheduled, published (live) or unpublished, as of now."""
        return state_of(self.status, self.published_at, timezone.now())

    @property
    def state(self):
        """The state's label for people: Draft, Scheduled, Published or Unpublished."""
        return self.publication_state.label

    @property
    def is_published(self):
        return self.publication_state == ArticleState.PUBLISHED

    @property
    def reading_minutes(self):
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))

    @property
    def was_updated(self):
        """Whether to show readers an "Updated" date: only when an editor marked a significant update."""
        return bool(
            self.published_at
            and self.significant_update_at
            and self.significant_update_at > self.published_at
        )

    @property
    def modified_at(self):
        """The date readers and search engines are told the article last changed."""
        return self.significant_update_at if self.was_updated else self.published_at

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        if self.seo_description:
            return self.seo_description
        summary = " ".join(self.summary.split())
        if len(summary) <= SEO_DESCRIPTION_LENGTH:
            return summary
        return summary[: SEO_DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"

    @staticmethod
    def fact_season_among(seasons, today=None):
        """The next unreleased of ``seasons`` as of ``today``, or else the first (None: none)."""
        today = today or timezone.localdate()
        upcoming = [season for season in seasons if not season.released_by(today)]
        return (upcoming or seasons or [None])[0]


class FreshnessNoteQuerySet(models.QuerySet):
    def open(self):
        """Changes the article has not caught up with: made after it was written, its last
        significant update and the last time an editor said it was still accurate."""
        return self.filter(
            Q(changed_at__gt=F("article__created_at")),
            Q(article__significant_update_at__isnull=True)
            | Q(changed_at__gt=F("article__significant_update_at")),
            Q(article__facts_checked_at__isnull=True) | Q(changed_at__gt=F("article__facts_checked_at")),
        )


class ArticleFreshnessNote(models.Model):
    """A change to the shows data an article states (written by articles.freshness when shows
    announces it): the article is possibly out of date until it is updated or checked."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="freshness_notes")
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="+")
    season = models.ForeignKey(Season, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=300)
    changed_at = models.DateTimeField(db_index=True)

    objects = FreshnessNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "change to check"

    def __str__(self):
        return f"{self.article}: {self.what}"

    @property
    def subject(self):
        return str(self.season) if self.season_id else self.show.title


class ArticleSlugHistory(models.Model):
    """An article's earlier slug, so that old links redirect (301) to its current address."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old slug"

    def __str__(self):
        return self.slug


class ArticleImage(models.Model):
    """An image for the body of an article: upload it, save, then paste its Markdown into the body."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = SafeImageField(
        upload_to="articles/body/",
        width_field="width",
        height_field="height",
        help_text="Upload, save the article, then copy the Markdown shown next to it into the body.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        max_length=300, help_text="What the image shows, for readers who cannot see it."
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Caption and credit.")

    class Meta:
        verbose_name = "body image"

    def __str__(self):
        return self.alt_text

    @property
    def markdown(self):
        if not self.image:
            return ""
        alt = self.alt_text.replace("[", "(").replace("]", ")")
        title = f' "{self.caption}"' if self.caption and '"' not in self.caption else ""
        return f"![{alt}]({self.image.url}{title})"

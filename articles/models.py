import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from shows.models import Person, Season, Show

from .rendering import render_markdown

WORDS_PER_MINUTE = 230


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Live articles. A future published_at keeps an article hidden until its time."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_cards(self):
        return self.select_related("author").order_by("-published_at", "-id")

    def for_detail(self):
        seasons = Season.objects.for_fact_box()
        return self.select_related("author").prefetch_related(
            "tags",
            Prefetch("shows", queryset=Show.objects.order_by("title")),
            Prefetch("seasons", queryset=seasons.order_by("show__title", "number")),
            Prefetch("people", queryset=Person.objects.order_by("name")),
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the article's URL.")
    summary = models.TextField(
        max_length=500, help_text="One or two sentences shown under the title and on article cards."
    )
    body = models.TextField(
        help_text="Markdown: ## for a section heading, a blank line between paragraphs, "
        "[text](https://…) for a link. Unsafe HTML is removed."
    )
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField("table of contents", editable=False, default=list)
    hero_image = models.ImageField(
        upload_to="articles/heroes/", blank=True, width_field="hero_width", height_field="hero_height"
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "hero image alt text", max_length=300, blank=True, help_text="What the image shows."
    )
    hero_caption = models.CharField(
        "hero image caption", max_length=300, blank=True, help_text="Caption and credit."
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="When the article goes live. Required to publish; a future time keeps it hidden until then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    shows = models.ManyToManyField(Show, blank=True, related_name="articles")
    seasons = models.ManyToManyField(
        Season,
        blank=True,
        related_name="articles",
        help_text="The fact box shows the next unreleased season among these, or else the earliest.",
    )
    people = models.ManyToManyField(Person, blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    # Kept by the comments app whenever a comment's approval changes, so cards and
    # "most commented" lists never count comments per article.
    comment_count = models.PositiveIntegerField("approved comments", default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendering happens once here, never per request.
        self.body_html, self.toc = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "toc"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.published_at:
            errors["published_at"] = "Set a publication date to publish this article."
        if self.hero_image and not self.hero_alt:
            errors["hero_alt"] = "Describe the image for readers who cannot see it."
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def reading_minutes(self):
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))

    @property
    def was_updated(self):
        """Whether to show readers an "Updated" date: only for a real change after publication."""
        return bool(
            self.published_at
            and self.updated_at
            and timezone.localdate(self.updated_at) > timezone.localdate(self.published_at)
        )

    @property
    def fact_season(self):
        """The season whose live data fills the fact box, from prefetched seasons."""
        seasons = list(self.seasons.all())
        upcoming = [season for season in seasons if not season.is_released]
        return (upcoming or seasons or [None])[0]

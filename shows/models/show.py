from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q

from core.paths import path_for

from ..scripts import lang_of
from .people import CrewCredit
from .pictures import image_fields, require_alt
from .stamps import Stamped


class WatchProvider(models.Model):
    """A service where shows stream or air: Netflix, a broadcaster."""

    name = models.CharField(max_length=100, unique=True, help_text="e.g. Netflix.")
    slug = models.SlugField(max_length=100, unique=True)
    url = models.URLField("website", blank=True, help_text="The service's home page.")
    logo, logo_width, logo_height, logo_alt = image_fields("providers/", "logo")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        require_alt(self, "logo")


def provider_links():
    return Prefetch("provider_links", queryset=ShowProvider.objects.select_related("provider"))


class ShowQuerySet(models.QuerySet):
    def for_cards(self):
        """Shows with their providers and seasons: a list of show cards costs three queries."""
        return self.prefetch_related(provider_links(), "seasons")


class Show(Stamped):
    class Status(models.TextChoices):
        IN_DEVELOPMENT = "in_development", "In development"
        RENEWED = "renewed", "Renewed"
        IN_PRODUCTION = "in_production", "In production"
        RETURNING = "returning", "Returning series"
        ENDED = "ended", "Ended"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200, help_text="The English title readers know.")
    original_title = models.CharField(
        max_length=200, blank=True, help_text="The title in its original language and script."
    )
    original_title_romanized = models.CharField(
        "romanized original title",
        max_length=200,
        blank=True,
        help_text="The original title in Latin letters, e.g. Jigeum Uri Hakgyoneun.",
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the show's URL.")
    tagline = models.CharField(max_length=200, blank=True, help_text="One short line, no spoilers.")
    synopsis = models.TextField(blank=True, help_text="A few sentences about the show, no spoilers.")
    genres = models.CharField(
        max_length=200,
        blank=True,
        help_text="Comma-separated, most important first, e.g. Horror, Coming-of-age, Zombie.",
    )
    based_on = models.CharField(
        max_length=300, blank=True, help_text="The source work, e.g. the webtoon it adapts."
    )
    providers = models.ManyToManyField(
        WatchProvider,
        through="ShowProvider",
        related_name="shows",
        blank=True,
        help_text="Where the show streams or airs.",
    )
    country = models.CharField(max_length=100, blank=True, help_text="Country of origin.")
    language = models.CharField(max_length=100, blank=True, help_text="Original language.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.RETURNING,
        help_text="Where the show stands now.",
    )
    first_air_date = models.DateField(null=True, blank=True, help_text="When the first episode came out.")
    last_air_date = models.DateField(
        null=True, blank=True, help_text="When the latest episode came out; empty if none has yet."
    )
    official_site = models.URLField(blank=True, help_text="The show's official page.")
    trailer_url = models.URLField("trailer link", blank=True, help_text="The official trailer.")
    poster, poster_width, poster_height, poster_alt = image_fields("shows/posters/", "poster")
    backdrop, backdrop_width, backdrop_height, backdrop_alt = image_fields("shows/backdrops/", "backdrop")

    objects = ShowQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["title", "id"], name="show_title_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_air_date__isnull=True) | Q(last_air_date__gte=F("first_air_date")),
                name="show_air_dates_ordered",
                violation_error_message="The last air date cannot come before the first.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return path_for("shows:show-detail", slug=self.slug)

    def clean(self):
        require_alt(self, "poster", "backdrop")
        if self.last_air_date and not self.first_air_date:
            raise ValidationError({"first_air_date": "Enter the first air date too."})
        if self.first_air_date and self.last_air_date and self.last_air_date < self.first_air_date:
            raise ValidationError({"last_air_date": "The last air date cannot come before the first."})

    @property
    def original_title_lang(self):
        """The language of the original title's script ("ko" for Hangul), or "" when unsure."""
        return lang_of(self.original_title)

    @property
    def genre_list(self):
        return [genre.strip() for genre in self.genres.split(",") if genre.strip()]

    @property
    def platform(self):
        """The providers' names as text, e.g. "Netflix" (reads prefetched provider links)."""
        return ", ".join(link.provider.name for link in self.provider_links.all())

    @property
    def platform_url(self):
        """The show's page on its first provider, or the provider's home page."""
        for link in self.provider_links.all():
            return link.url or link.provider.url
        return ""

    @property
    def next_season(self):
        """The first season not yet released, from prefetched seasons when available."""
        for season in self.seasons.all():
            if not season.is_released:
                return season
        return None

    def crew_by_job(self):
        """[(job label, [people])] in the order director, writer, creator."""
        grouped = {}
        for credit in self.crew.all():
            grouped.setdefault(credit.job, []).append(credit.person)
        return [(label, grouped[job]) for job, label in CrewCredit.Job.choices if job in grouped]


class ShowProviderQuerySet(models.QuerySet):
    def names(self):
        """``(show id, provider name)`` pairs in the links' order, for ``platforms()``."""
        return self.order_by("order", "id").values_list("show_id", "provider__name")


def platforms(names):
    """``{show id: "Netflix, Viki"}`` from ``ShowProviderQuerySet.names()``: ``Show.platform``'s text
    for many shows without a provider instance each."""
    joined = {}
    for show_id, name in names:
        joined.setdefault(show_id, []).append(name)
    return {show_id: ", ".join(names) for show_id, names in joined.items()}


class ShowProvider(models.Model):
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="provider_links")
    provider = models.ForeignKey(WatchProvider, on_delete=models.PROTECT, related_name="show_links")
    url = models.URLField("link", blank=True, help_text="The show's own page on this service.")
    order = models.PositiveSmallIntegerField(default=0, help_text="1 is listed first.")

    objects = ShowProviderQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "where to watch"
        verbose_name_plural = "where to watch"
        constraints = [
            models.UniqueConstraint(
                fields=["show", "provider"],
                name="showprovider_unique",
                violation_error_message="This service is already listed for the show.",
            ),
        ]

    def __str__(self):
        return f"{self.show} on {self.provider}"

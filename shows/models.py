from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.dateformat import format as format_date


class ShowQuerySet(models.QuerySet):
    def for_cards(self):
        """Shows with their seasons, enough for a card that names the next release."""
        return self.prefetch_related(models.Prefetch("seasons", queryset=Season.objects.order_by("number")))


class Show(models.Model):
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
    synopsis = models.TextField(blank=True, help_text="A few sentences about the show, no spoilers.")
    genre = models.CharField(max_length=200, blank=True, help_text="e.g. Coming-of-age zombie horror.")
    based_on = models.CharField(
        max_length=300, blank=True, help_text="The source work, e.g. the webtoon it adapts."
    )
    platform = models.CharField(
        max_length=100, blank=True, help_text="Where it streams or airs, e.g. Netflix."
    )
    platform_url = models.URLField("platform link", blank=True, help_text="The show's page there.")
    country = models.CharField(max_length=100, blank=True, help_text="Country of origin.")
    language = models.CharField(max_length=100, blank=True, help_text="Original language.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.RETURNING,
        help_text="Where the show stands now.",
    )
    poster = models.ImageField(
        upload_to="shows/posters/", blank=True, width_field="poster_width", height_field="poster_height"
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_alt = models.CharField(
        "poster alt text", max_length=300, blank=True, help_text="What the poster shows, for screen readers."
    )

    objects = ShowQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("shows:show-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.poster and not self.poster_alt:
            raise ValidationError({"poster_alt": "Describe the poster for readers who cannot see it."})

    @property
    def next_season(self):
        """The first season not yet released, from prefetched seasons when available."""
        for season in self.seasons.all():
            if season.status != Season.Status.RELEASED:
                return season
        return None


class SeasonQuerySet(models.QuerySet):
    def upcoming(self):
        """Seasons not yet released, soonest known window first, undated last."""
        return self.exclude(status=Season.Status.RELEASED).order_by(
            F("release_start").asc(nulls_last=True), "show__title", "number"
        )

    def with_cast(self):
        return self.select_related("show").prefetch_related(
            models.Prefetch(
                "credits",
                queryset=CastCredit.objects.select_related("person").order_by("billing_order", "id"),
            )
        )

    def for_fact_box(self):
        """Everything Season.facts() reads, so a fact box costs no queries of its own."""
        return self.with_cast()


class Season(models.Model):
    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        RENEWED = "renewed", "Renewed"
        FILMING = "filming", "Filming"
        POST_PRODUCTION = "post_production", "Post-production"
        DATE_SET = "date_set", "Release date set"
        RELEASED = "released", "Released"

    class Precision(models.TextChoices):
        UNKNOWN = "unknown", "Not known"
        DAY = "day", "Exact day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"
        YEAR_RANGE = "year_range", "Range of years"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(help_text="1 for the first season.")
    title = models.CharField(max_length=200, blank=True, help_text="Only if the season has its own title.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ANNOUNCED)
    release_precision = models.CharField(
        max_length=12,
        choices=Precision.choices,
        default=Precision.UNKNOWN,
        help_text="How precisely the release is known. Never enter a made-up day: "
        "pick Month, Year or Range of years instead.",
    )
    release_start = models.DateField(
        null=True,
        blank=True,
        help_text="The release day, or any day in the month or first year of the window.",
    )
    release_end = models.DateField(
        null=True, blank=True, help_text="For a range of years: any day in the last year of the window."
    )
    release_confirmed = models.BooleanField(
        default=False, help_text="Tick only when the platform has confirmed the date or window."
    )
    episode_count = models.PositiveSmallIntegerField(null=True, blank=True)
    synopsis = models.TextField(blank=True)

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["show", "number"]
        constraints = [
            models.UniqueConstraint(fields=["show", "number"], name="season_unique_number_per_show"),
            models.CheckConstraint(condition=Q(number__gte=1), name="season_number_positive"),
            models.CheckConstraint(
                condition=Q(release_end__isnull=True)
                | (Q(release_start__isnull=False) & Q(release_end__gte=F("release_start"))),
                name="season_release_window_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.show.title} season {self.number}"

    def get_absolute_url(self):
        return reverse("shows:season-detail", kwargs={"slug": self.show.slug, "number": self.number})

    @property
    def name(self):
        return self.title or f"Season {self.number}"

    def clean(self):
        errors = {}
        if self.number is not None and self.number < 1:
            errors["number"] = "Season numbers start at 1."
        precision = self.release_precision
        if precision != self.Precision.UNKNOWN and not self.release_start:
            errors["release_start"] = "Enter the start of the release window for this precision."
        start, end = self.release_start, self.release_end
        if precision == self.Precision.YEAR_RANGE:
            if not end:
                errors["release_end"] = "A range of years needs its last year."
            elif start and end < start:
                errors["release_end"] = "The release window cannot end before it starts."
            elif start and end.year == start.year:
                errors["release_end"] = "A range must end in a later year; choose Year for a single year."
        elif end:
            errors["release_end"] = "Only a range of years has an end."
        if errors:
            raise ValidationError(errors)

    @property
    def release_window(self):
        """The release as precisely as it is known: never a made-up day."""
        start, end = self.release_start, self.release_end
        match self.release_precision:
            case self.Precision.DAY if start:
                return format_date(start, "j F Y")
            case self.Precision.MONTH if start:
                return format_date(start, "F Y")
            case self.Precision.YEAR if start:
                return str(start.year)
            case self.Precision.YEAR_RANGE if start and end:
                return f"{start.year}–{end.year}"
        return "Not announced"

    @property
    def release_label(self):
        """The window with how certain it is, e.g. "2024–2025 (not confirmed)"."""
        window = self.release_window
        if self.release_precision == self.Precision.UNKNOWN or self.release_confirmed:
            return window
        return f"{window} (not confirmed)"

    @property
    def is_released(self):
        return self.status == self.Status.RELEASED

    def facts(self):
        """What an article's fact box needs, from this season's live data."""
        return SeasonFacts(
            season=self,
            show=self.show,
            status=self.get_status_display(),
            release=self.release_label,
            platform=self.show.platform,
            cast=[credit for credit in self.credits.all() if credit.kind == CastCredit.Kind.MAIN],
        )


@dataclass(frozen=True)
class SeasonFacts:
    season: Season
    show: Show
    status: str
    release: str
    platform: str
    cast: list


class Person(models.Model):
    name = models.CharField(max_length=200, help_text="The name they are credited under.")
    native_name = models.CharField(
        max_length=200, blank=True, help_text="The name in its own script, e.g. Hangul."
    )
    birth_name = models.CharField(
        max_length=200, blank=True, help_text="If they are credited under another name, e.g. Park Solomon."
    )
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True)
    headshot = models.ImageField(
        upload_to="people/", blank=True, width_field="headshot_width", height_field="headshot_height"
    )
    headshot_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    headshot_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    headshot_alt = models.CharField("headshot alt text", max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("shows:person-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.headshot and not self.headshot_alt:
            raise ValidationError({"headshot_alt": "Describe the picture for readers who cannot see it."})

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.replace("-", " ").split()[:2]).upper()


class CastCreditQuerySet(models.QuerySet):
    def main(self):
        return self.filter(kind=CastCredit.Kind.MAIN)


class CastCredit(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", "Main"
        RECURRING = "recurring", "Recurring"
        GUEST = "guest", "Guest"

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    character_name = models.CharField(max_length=200, help_text="The character as credited.")
    character_note = models.CharField(
        max_length=300, blank=True, help_text="A short, spoiler-light line about the character."
    )
    billing_order = models.PositiveSmallIntegerField(default=0, help_text="1 is billed first.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MAIN)

    objects = CastCreditQuerySet.as_manager()

    class Meta:
        ordering = ["season", "billing_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "person", "character_name"], name="castcredit_unique_role_per_season"
            ),
        ]

    def __str__(self):
        return f"{self.person.name} as {self.character_name} ({self.season})"

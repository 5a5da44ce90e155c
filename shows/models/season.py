import datetime
from dataclasses import dataclass
from functools import cmp_to_key

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.utils import timezone

from core.paths import path_for

from ..releases import (
    EVENT_STATUS,
    Precision,
    describe_window,
    last_day,
    refines,
    released_by,
    still_ahead,
    window_errors,
)
from .events import ReleaseEvent
from .people import CastCredit
from .pictures import image_fields, related_or_none, require_alt
from .show import Show, ShowProvider
from .stamps import Stamped

# The fields of a season that articles state: a change to one is announced (shows.facts).
FACT_FIELDS = [
    "status",
    "release_precision",
    "release_start",
    "release_end",
    "release_confirmed",
    "episode_count",
]


def start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class SeasonQuerySet(models.QuerySet):
    def unreleased(self, today=None):
        """Seasons not out as of ``today`` (Season.released_by is the same rule in Python)."""
        return self.exclude(released_by(today or timezone.localdate()))

    def window_passed(self, today=None):
        """Seasons not out whose window or reported day is behind ``today``."""
        today = today or timezone.localdate()
        return self.unreleased(today).exclude(release_precision=Precision.UNKNOWN).exclude(still_ahead(today))

    def upcoming(self, today=None):
        """Seasons not out yet: those whose window or date is still ahead, soonest first, then those
        with no date (never announced, or a window that passed with no release)."""
        today = today or timezone.localdate()
        ahead = still_ahead(today)
        return (
            self.unreleased(today)
            .select_related("show")
            .annotate(undated=Case(When(ahead, then=Value(False)), default=Value(True)))
            .order_by(
                "undated",
                Case(When(ahead, then=F("release_start"))).asc(nulls_last=True),
                "show__title",
                "number",
            )
        )

    def next_release_change(self, now):
        """The start of the next confirmed release day still to come: the season is out from then,
        and pages that say "out on" change (None: no such day)."""
        today = timezone.localdate(now)
        day = (
            self.unreleased(today)
            .filter(release_confirmed=True, release_precision=Precision.DAY, release_start__gt=today)
            .order_by("release_start")
            .values_list("release_start", flat=True)
            .first()
        )
        return start_of(day) if day else None

    def next_window_close(self, now):
        """The moment the next unreleased season's window passes (the day after its last day):
        pages stop calling it expected then (None: no window still ahead)."""
        today = timezone.localdate(now)
        windows = self.unreleased(today).filter(still_ahead(today))
        ends = [
            last_day(*values)
            for values in windows.values_list("release_precision", "release_start", "release_end")
        ]
        return start_of(min(ends) + datetime.timedelta(days=1)) if ends else None

    def with_cast(self):
        return self.select_related("show").prefetch_related(
            Prefetch("show__provider_links", queryset=ShowProvider.objects.select_related("provider")),
            Prefetch("credits", queryset=CastCredit.objects.select_related("person", "character")),
        )

    def for_fact_box(self):
        """Everything Season.facts() reads, so a fact box costs no queries of its own."""
        return self.with_cast()


class Season(Stamped):
    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        RENEWED = "renewed", "Renewed"
        FILMING = "filming", "Filming"
        POST_PRODUCTION = "post_production", "Post-production"
        DATE_SET = "date_set", "Release date set"
        RELEASED = "released", "Released"

    Precision = Precision

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(help_text="1 for the first season.")
    title = models.CharField(max_length=200, blank=True, help_text="Only if the season has its own title.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.ANNOUNCED,
        help_text="Follows the latest confirmed release event unless you tick the override below.",
    )
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
    status_override = models.BooleanField(
        "keep status and release as entered",
        default=False,
        help_text="Tick to stop confirmed release events from updating the status and release window.",
    )
    episode_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many episodes, once known."
    )
    synopsis = models.TextField(blank=True, help_text="A few sentences, no spoilers.")
    poster, poster_width, poster_height, poster_alt = image_fields("shows/seasons/", "poster")

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["show", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "number"],
                name="season_unique_number_per_show",
                violation_error_message="This show already has a season with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="season_number_positive",
                violation_error_message="Season numbers start at 1.",
            ),
            models.CheckConstraint(
                condition=Q(release_end__isnull=True)
                | (Q(release_start__isnull=False) & Q(release_end__gte=F("release_start"))),
                name="season_release_window_ordered",
                violation_error_message="The release window cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.show.title} season {self.number}"

    def get_absolute_url(self):
        return path_for("shows:season-detail", slug=self.show.slug, number=self.number)

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the facts as loaded, so that a save can say what changed (shows.facts)."""
        instance = super().from_db(db, field_names, values)
        instance._facts_as_loaded = instance.facts_snapshot()
        return instance

    def facts_snapshot(self):
        """The fields articles state, as they are now (None when some were not loaded)."""
        values = self.__dict__
        if any(name not in values for name in FACT_FIELDS):
            return None
        return {name: values[name] for name in FACT_FIELDS}

    @property
    def name(self):
        return self.title or f"Season {self.number}"

    def clean(self):
        errors = window_errors(self.release_precision, self.release_start, self.release_end)
        if self.number is not None and self.number < 1:
            errors["number"] = "Season numbers start at 1."
        if errors:
            raise ValidationError(errors)
        require_alt(self, "poster")

    @property
    def release_window(self):
        """The release as precisely as it is known: never a made-up day."""
        return describe_window(self.release_precision, self.release_start, self.release_end)

    @property
    def release_label(self):
        """The window with how certain it is, e.g. "2024–2025 (not confirmed)"."""
        window = self.release_window
        if self.release_precision == Precision.UNKNOWN or self.release_confirmed:
            return window
        return f"{window} (not confirmed)"

    @property
    def release_date(self):
        """The exact release day, or None when only a month, year or range is known."""
        return self.release_start if self.release_precision == Precision.DAY else None

    @property
    def is_released(self):
        return self.released_by(timezone.localdate())

    def released_by(self, today):
        """Out as of ``today``: marked released, or a confirmed day that has come. A confirmed date
        releases the season on the day, with no job and nothing saved (the queryset's
        ``unreleased()`` asks the database the same question)."""
        return self.status == self.Status.RELEASED or bool(
            self.release_confirmed and self.release_date and self.release_date <= today
        )

    def release_facts(self, today=None):
        """What pages say about the release on ``today`` (default: the site's today): the one rule
        for "released", "expected", "no date yet" and countdowns. Reads no relation."""
        today = today or timezone.localdate()
        window = self.release_window
        if self.released_by(today):
            return ReleaseFacts(
                status=self.Status.RELEASED.label,
                released=True,
                heading="Released",
                text=window if self.release_precision != Precision.UNKNOWN else "Released",
                day=self.release_date,
            )
        end = last_day(self.release_precision, self.release_start, self.release_end)
        if end is not None and end < today:
            said = "announced for" if self.release_confirmed else "expected"
            verb = "recorded" if self.release_confirmed else "announced"
            return ReleaseFacts(
                status=self.get_status_display(),
                heading="Release",
                text="No date yet",
                passed_window=window,
                passed_on=end + datetime.timedelta(days=1),
                note=f"{said} {window}; that window passed with no release {verb}",
            )
        day = self.release_date
        return ReleaseFacts(
            status=self.get_status_display(),
            heading="Expected",
            text=self.release_label,
            day=day,
            ahead=end is not None,
            countdown_to=day if self.release_confirmed and day else None,
        )

    def earliest_air_date(self):
        """No episode of this season can air before this day (None: no limit known)."""
        if self.release_precision == Precision.UNKNOWN or not self.release_start:
            return None
        start = self.release_start
        if self.release_precision == Precision.DAY:
            return start
        if self.release_precision == Precision.MONTH:
            return start.replace(day=1)
        return start.replace(month=1, day=1)

    def latest_air_date(self):
        """For a year or a range of years, episodes air by the window's last day."""
        if self.release_precision == Precision.YEAR and self.release_start:
            return self.release_start.replace(month=12, day=31)
        if self.release_precision == Precision.YEAR_RANGE and self.release_end:
            return self.release_end.replace(month=12, day=31)
        return None

    def air_date_error(self, episode):
        """Why ``episode`` cannot air on its air date in this season's release window, or ""."""
        if not episode.air_date:
            return ""
        earliest, latest = self.earliest_air_date(), self.latest_air_date()
        if earliest and episode.air_date < earliest:
            return f"{episode.name} cannot air before its season's release ({self.release_window})."
        if latest and episode.air_date > latest:
            return f"{episode.name} cannot air after its season's window ({self.release_window})."
        return ""

    def follow_events(self, withdrawn=None):
        """Set status and release from the latest confirmed events unless an editor overrides them.

        ``withdrawn`` is an event as it was before it was deleted or stopped being confirmed: if the
        release window came from it and no confirmed event settles the window any more, the window
        stays as it is but is no longer called confirmed (a reported date is not a confirmed one).

        Returns the names of the fields that changed (already saved).
        """
        if self.status_override or self.pk is None:
            return []
        confirmed = sorted(
            self.events.filter(certainty=ReleaseEvent.Certainty.CONFIRMED).order_by("date", "id"),
            key=cmp_to_key(ReleaseEvent.compare),
        )
        values = {}
        for event in confirmed:
            if event.kind in EVENT_STATUS:
                values["status"] = EVENT_STATUS[event.kind]
            window = event.release_window_values()
            if window and event.kind == ReleaseEvent.Kind.RELEASED:
                # "Released in January 2022" keeps a release day typed as 28 January 2022.
                precision = values.get("release_precision", self.release_precision)
                if refines(precision, values.get("release_start", self.release_start), window):
                    window = {}
                values["release_confirmed"] = True
            if window:
                values.update(window, release_confirmed=True)
        if "release_confirmed" not in values and self.release_confirmed and withdrawn is not None:
            was = withdrawn.release_window_values() if withdrawn.is_confirmed else {}
            if was and all(getattr(self, name) == value for name, value in was.items()):
                values["release_confirmed"] = False
        changed = [name for name, value in values.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, values[name])
        if changed:
            self.save(update_fields=changed)
        return changed

    def facts(self, today=None):
        """What an article's fact box needs, from this season's live data as of ``today``."""
        release = self.release_facts(today)
        return SeasonFacts(
            season=self,
            show=self.show,
            status=release.status,
            release=release,
            platform=self.show.platform,
            cast=[credit for credit in self.credits.all() if credit.kind == CastCredit.Kind.MAIN],
        )

    def cast_by_kind(self):
        """[(kind label, [credits in billing order])], main cast first."""
        grouped = {}
        for credit in self.credits.all():
            grouped.setdefault(credit.kind, []).append(credit)
        return [(label, grouped[kind]) for kind, label in CastCredit.Kind.choices if kind in grouped]


@dataclass(frozen=True)
class ReleaseFacts:
    """A season's release as of one day. ``text`` is the release as readers see it ("28 January
    2022", "2027–2028 (not confirmed)", "No date yet"); ``note`` names a window that passed."""

    status: str
    heading: str
    text: str
    released: bool = False
    # The exact day, for a <time> element: the release day, or a day still ahead.
    day: datetime.date | None = None
    # True when a window or a day is still ahead; False when undated, released or passed.
    ahead: bool = False
    countdown_to: datetime.date | None = None
    passed_window: str = ""
    # The first day the window was behind us.
    passed_on: datetime.date | None = None
    note: str = ""

    @property
    def summary(self):
        """One sentence for feeds and descriptions: "Released 28 January 2022", "Expected 2027",
        "No date yet (expected 2024–2025; that window passed…)", "Not announced"."""
        if self.note:
            return f"{self.text} ({self.note})"
        if self.released and self.day:
            return f"Released {self.text}"
        if self.ahead:
            return f"Expected {self.text}"
        return self.text


@dataclass(frozen=True)
class SeasonFacts:
    season: Season
    show: Show
    status: str
    release: ReleaseFacts
    platform: str
    cast: list


class Episode(Stamped):
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="episodes")
    number = models.PositiveSmallIntegerField(help_text="1 for the season's first episode.")
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave empty until the title is known; never invent one."
    )
    air_date = models.DateField(null=True, blank=True, help_text="When the episode came out.")
    runtime = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True, help_text="Length in minutes."
    )
    synopsis = models.TextField(blank=True, help_text="A few sentences, spoiler-light.")

    class Meta:
        ordering = ["season", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                name="episode_unique_number_per_season",
                violation_error_message="This season already has an episode with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="episode_number_positive",
                violation_error_message="Episode numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.season} · {self.name}"

    @property
    def name(self):
        return self.title or f"Episode {self.number}"

    def clean(self):
        errors = {}
        if self.number is not None and self.number < 1:
            errors["number"] = "Episode numbers start at 1."
        season = related_or_none(self, "season")
        if season is not None and (message := season.air_date_error(self)):
            errors["air_date"] = message
        if errors:
            raise ValidationError(errors)

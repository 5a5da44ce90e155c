"""Release events: the dated steps on a season's road to release, and how certain each is."""

import calendar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from ..releases import STAGES, Precision, describe_window, window_errors
from ..validators import validate_source_url


class ReleaseEvent(models.Model):
    """A dated step on a season's road to release, with how certain it is."""

    class Kind(models.TextChoices):
        RENEWED = "renewed", "Renewed"
        PRODUCTION_STARTED = "production_started", "Production started"
        FILMING_WRAPPED = "filming_wrapped", "Filming wrapped"
        TRAILER_RELEASED = "trailer_released", "Trailer released"
        DATE_ANNOUNCED = "date_announced", "Release date announced"
        RELEASED = "released", "Released"
        UPDATE = "update", "Production update"

    class Certainty(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        REPORTED = "reported", "Reported"
        RUMOUR = "rumour", "Rumour"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Exact day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    season = models.ForeignKey("shows.Season", on_delete=models.CASCADE, related_name="events")
    date = models.DateField(help_text="When it happened; for a month or a year, any day in it.")
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How precisely we know when it happened.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What happened.")
    certainty = models.CharField(
        max_length=10,
        choices=Certainty.choices,
        default=Certainty.REPORTED,
        help_text="Confirmed: the platform or studio said so. Only confirmed events move the season's "
        "status and release window.",
    )
    summary = models.CharField(max_length=300, help_text="One sentence: what happened, in our words.")
    source_url = models.CharField(
        "source",
        max_length=500,
        blank=True,
        validators=[validate_source_url],
        help_text="A link to the source: paste one of our articles' addresses (/news/…) or an outside "
        "https:// link.",
    )
    release_precision = models.CharField(
        "announced release precision",
        max_length=12,
        choices=Precision.choices,
        default=Precision.UNKNOWN,
        help_text="For a release date announcement: how precise the announced release is.",
    )
    release_start = models.DateField(
        "announced release", null=True, blank=True, help_text="The announced day, or the window's start."
    )
    release_end = models.DateField(
        "announced release end", null=True, blank=True, help_text="For a range of years: its last year."
    )

    class Meta:
        ordering = ["season", "-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(release_end__isnull=True)
                | (Q(release_start__isnull=False) & Q(release_end__gte=F("release_start"))),
                name="releaseevent_window_ordered",
                violation_error_message="The announced window cannot end before it starts.",
            ),
            # validate_source_url in the database too: no javascript: link can reach a page.
            models.CheckConstraint(
                condition=Q(source_url="")
                | (Q(source_url__startswith="/") & ~Q(source_url__startswith="//"))
                | Q(source_url__startswith="https://")
                | Q(source_url__startswith="http://"),
                name="releaseevent_source_is_a_link",
                violation_error_message="Enter one of our addresses starting with / or a full https:// link.",
            ),
        ]

    def __str__(self):
        return f"{self.season}: {self.get_kind_display()} ({self.when})"

    def save(self, *args, **kwargs):
        before = ReleaseEvent.objects.select_related("season").filter(pk=self.pk).first() if self.pk else None
        super().save(*args, **kwargs)
        if before and before.season_id != self.season_id:
            before.season.follow_events(withdrawn=before)
            before = None
        self.season.follow_events(withdrawn=before)

    def delete(self, *args, **kwargs):
        season = self.season
        result = super().delete(*args, **kwargs)
        season.follow_events(withdrawn=self)
        return result

    def clean(self):
        errors = window_errors(self.release_precision, self.release_start, self.release_end)
        if self.release_precision != Precision.UNKNOWN and self.kind != self.Kind.DATE_ANNOUNCED:
            errors.setdefault(
                "release_precision", "Only a release date announcement announces a release window."
            )
        if self.kind == self.Kind.DATE_ANNOUNCED and self.release_precision == Precision.UNKNOWN:
            errors.setdefault(
                "release_precision", "Enter what was announced: a day, a month, a year or a range of years."
            )
        if self.kind == self.Kind.RELEASED and self.date and self.period_start > timezone.localdate():
            errors["date"] = "A release that has not happened yet is a release date announcement."
        if errors:
            raise ValidationError(errors)

    @property
    def period_start(self):
        """The first day the event may have happened on, given its precision."""
        if self.date_precision == self.DatePrecision.YEAR:
            return self.date.replace(month=1, day=1)
        if self.date_precision == self.DatePrecision.MONTH:
            return self.date.replace(day=1)
        return self.date

    @property
    def period_end(self):
        """The last day the event may have happened on, given its precision."""
        if self.date_precision == self.DatePrecision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.date_precision == self.DatePrecision.MONTH:
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date

    @staticmethod
    def compare(first, second):
        """Order events by when they happened; when their dates may overlap ("May 2024" and
        2 May 2024), the further stage on the road to release counts as the later one."""
        overlap = first.period_start <= second.period_end and second.period_start <= first.period_end
        ranks = [STAGES.index(event.kind) if event.kind in STAGES else None for event in (first, second)]
        if overlap and None not in ranks and ranks[0] != ranks[1]:
            return ranks[0] - ranks[1]
        keys = [(event.date, event.pk or 0) for event in (first, second)]
        return (keys[0] > keys[1]) - (keys[0] < keys[1])

    @property
    def when_iso(self):
        """The date as precisely as known, for a ``<time datetime>``: 2022-06-14, 2022-06 or 2022."""
        length = {self.DatePrecision.YEAR: 4, self.DatePrecision.MONTH: 7}.get(self.date_precision, 10)
        return self.date.isoformat()[:length]

    @property
    def when(self):
        return describe_window(self.date_precision, self.date, None)

    @property
    def is_confirmed(self):
        return self.certainty == self.Certainty.CONFIRMED

    @property
    def is_source_internal(self):
        return self.source_url.startswith("/")

    def release_window_values(self):
        """The season release fields this event settles, or {}."""
        if self.kind == self.Kind.RELEASED:
            # As precisely as the release is known: a month or a year, never a made-up day.
            return {"release_precision": self.date_precision, "release_start": self.date, "release_end": None}
        if self.kind == self.Kind.DATE_ANNOUNCED and self.release_precision != Precision.UNKNOWN:
            return {
                "release_precision": self.release_precision,
                "release_start": self.release_start,
                "release_end": self.release_end,
            }
        return {}

"""Release windows: how precisely a release is known, how to say it, what events settle, and
whether a window is still ahead on a given day."""

import calendar

from django.db import models
from django.db.models import Q
from django.utils.dateformat import format as format_date


class Precision(models.TextChoices):
    UNKNOWN = "unknown", "Not known"
    DAY = "day", "Exact day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    YEAR_RANGE = "year_range", "Range of years"


# The season status a confirmed event of each kind leads to (values of Season.Status).
# Trailers and production updates say nothing new about the stage.
EVENT_STATUS = {
    "renewed": "renewed",
    "production_started": "filming",
    "filming_wrapped": "post_production",
    "date_announced": "date_set",
    "released": "released",
}

# The road to release in order (ReleaseEvent kinds): of two events in the same month, the further one
# is taken to be the later.
STAGES = list(EVENT_STATUS)


def describe_window(precision, start, end):
    """The release as precisely as it is known: never a made-up day."""
    match precision:
        case Precision.DAY if start:
            return format_date(start, "j F Y")
        case Precision.MONTH if start:
            return format_date(start, "F Y")
        case Precision.YEAR if start:
            return str(start.year)
        case Precision.YEAR_RANGE if start and end:
            return f"{start.year}–{end.year}"
    return "Not announced"


def refines(precision, start, coarser):
    """True when the window (precision, start) is a more precise statement of the window ``coarser``
    (release fields as a dict): an exact day inside an announced month, a month inside a year."""
    rank = [Precision.YEAR, Precision.MONTH, Precision.DAY]
    wide = coarser["release_precision"]
    if (
        not start
        or precision not in rank
        or wide not in rank[:2]
        or rank.index(precision) <= rank.index(wide)
    ):
        return False
    if wide == Precision.MONTH:
        return (start.year, start.month) == (coarser["release_start"].year, coarser["release_start"].month)
    return start.year == coarser["release_start"].year


def window_errors(precision, start, end):
    """{field: message} for a release window that does not hold together."""
    errors = {}
    if precision != Precision.UNKNOWN and not start:
        errors["release_start"] = "Enter the start of the release window for this precision."
    if precision == Precision.YEAR_RANGE:
        if not end:
            errors["release_end"] = "A range of years needs its last year."
        elif start and end < start:
            errors["release_end"] = "The release window cannot end before it starts."
        elif start and end.year == start.year:
            errors["release_end"] = "A range must end in a later year; choose Year for a single year."
    elif end:
        errors["release_end"] = "Only a range of years has an end."
    return errors


def last_day(precision, start, end):
    """The last day a release window covers: the day, the month's end, the year's end, the last
    year's end (None: no window)."""
    match precision:
        case Precision.DAY if start:
            return start
        case Precision.MONTH if start:
            return start.replace(day=calendar.monthrange(start.year, start.month)[1])
        case Precision.YEAR if start:
            return start.replace(month=12, day=31)
        case Precision.YEAR_RANGE if end:
            return end.replace(month=12, day=31)
    return None


def still_ahead(today):
    """The database's twin of ``last_day(...) >= today``: windows that have not passed yet."""
    first_of_month, first_of_year = today.replace(day=1), today.replace(month=1, day=1)
    return (
        Q(release_precision=Precision.DAY, release_start__gte=today)
        | Q(release_precision=Precision.MONTH, release_start__gte=first_of_month)
        | Q(release_precision=Precision.YEAR, release_start__gte=first_of_year)
        | Q(release_precision=Precision.YEAR_RANGE, release_end__gte=first_of_year)
    )


def released_by(today):
    """The database's twin of ``Season.released_by(today)``: marked released, or a confirmed day
    that has come."""
    return Q(status="released") | Q(
        release_confirmed=True, release_precision=Precision.DAY, release_start__lte=today
    )

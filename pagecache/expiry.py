"""Moments when pages change with no edit at all: a scheduled article goes live, a countdown
moves to the next day. No cached page may outlive the next of them.

Apps register a function that returns the next such moment (an aware datetime) or None.
"""

import datetime

from django.utils import timezone

_sources = []


def register(source):
    if source not in _sources:
        _sources.append(source)
    return source


def next_change(now=None):
    """The earliest moment any registered source announces after ``now``, or None."""
    now = now or timezone.now()
    moments = [moment for moment in (source(now) for source in _sources) if moment and moment > now]
    return min(moments, default=None)


def next_local_midnight(now):
    """The start of tomorrow in the site's time zone (day counts change then)."""
    today = timezone.localdate(now)
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(tomorrow)

"""An iCalendar feed of a show's exact release dates, for readers to subscribe to."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def releases(show, request, today=None):
    """Only seasons with an exact day: a month, a year or a window is not a calendar date, and nor
    is a reported day that passed with no release."""
    calendar = Calendar()
    calendar.add("prodid", "-//aouad_site//Release dates//EN")
    calendar.add("version", "2.0")
    # PUBLISH: DTSTAMP is then when this copy of the calendar was made (RFC 5545, 3.8.7.2).
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{show.title}: release dates")
    calendar.add("refresh-interval", datetime.timedelta(days=1), parameters={"value": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    stamp = timezone.now()
    # The same on every host we answer on, and through renamed slugs and renumbered seasons.
    host = urlsplit(settings.SITE_URL).hostname or request.get_host().split(":")[0]
    for season in show.seasons.all():
        release = season.release_facts(today)
        day = release.day
        if day is None:
            continue
        event = Event()
        event.add("uid", f"season-{season.pk}-release@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        status = "" if season.release_confirmed or release.released else " (not confirmed)"
        event.add("summary", f"{show.title}: {season.name} released{status}")
        event.add("url", request.build_absolute_uri(season.get_absolute_url()))
        calendar.add_component(event)
    return calendar.to_ical()

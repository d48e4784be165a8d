"""Deadlines as all-day iCalendar (RFC 5545) events, written by the ``icalendar`` package.

The package does what calendar clients are tested against: escaping TEXT values (section
3.3.11), folding long lines at 75 octets without splitting a character (section 3.1), CRLF line
ends and UTC time stamps. This module only says which properties a deadline's event has.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import icalendar

PRODID = "-//DHR case manager//Deadlines//EN"


@dataclass(frozen=True)
class Event:
    """An all-day event on ``day``."""

    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""


def calendar(name: str, events: list[Event], *, stamp: datetime) -> str:
    """A VCALENDAR with the events; ``stamp`` (UTC) is every event's DTSTAMP."""
    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", event.uid)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.day)
        # The next day, exclusive: an all-day event (RFC 5545 section 3.6.1).
        entry.add("dtend", event.day + timedelta(days=1))
        entry.add("summary", event.summary)
        if event.description:
            entry.add("description", event.description)
        if event.url:
            entry.add("url", event.url)
        entry.add("transp", "TRANSPARENT")
        feed.add_component(entry)
    return feed.to_ical().decode("utf-8")

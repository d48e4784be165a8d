"""Just enough iCalendar (RFC 5545) to publish deadlines as all-day events.

Written here rather than with a library because we need three things: escaping TEXT values
(section 3.3.11), folding long lines (section 3.1) and CRLF line ends.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

CRLF = "\r\n"
FOLD_AT = 75  # octets per line, excluding the line break (RFC 5545 section 3.1)


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Splits a content line into lines of at most 75 octets, each continuation starting with
    one space; never inside a UTF-8 character."""
    parts = []
    current = b""
    limit = FOLD_AT
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = FOLD_AT - 1  # the leading space of a continuation line counts
        current += encoded
    parts.append(current.decode("utf-8"))
    return (CRLF + " ").join(parts)


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _utc_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


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
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//DHR case manager//Deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{_date(event.day)}",
            f"DTEND;VALUE=DATE:{_date(event.day + timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)

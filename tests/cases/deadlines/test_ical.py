"""The iCalendar text of the calendar feed (RFC 5545): escaping, folding, line ends, all-day
events, and that a calendar library reads back what was written."""

from datetime import UTC, date, datetime

import icalendar
import pytest

from cases.deadlines.ical import Event, calendar

CRLF = "\r\n"
STAMP = datetime(2026, 2, 1, 7, 0, tzinfo=UTC)


def one_event(**fields) -> str:
    return calendar(
        "DHR deadlines",
        [Event(uid="deadline-1@dhr", day=date(2026, 2, 28), **{"summary": "x", **fields})],
        stamp=STAMP,
    )


def unfolded_lines(text: str) -> list[str]:
    return text.replace(CRLF + " ", "").split(CRLF)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("a, b; c", "a\\, b\\; c"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("colon: stays", "colon: stays"),
    ],
)
def test_text_values_are_escaped(value, expected):
    assert f"SUMMARY:{expected}" in unfolded_lines(one_event(summary=value))


@pytest.mark.parametrize("summary", ["a, b; c", "back\\slash", "two\nlines", "é" * 60 + "€" * 30])
def test_a_calendar_library_reads_back_what_was_written(summary):
    parsed = icalendar.Calendar.from_ical(one_event(summary=summary, description=summary))
    (event,) = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]) == summary
    assert event.decoded("DTSTART") == date(2026, 2, 28)


def test_long_lines_fold_at_75_octets_never_inside_a_character():
    summary = "é" * 60 + "€" * 30 + "x" * 100  # two- and three-octet characters
    text = one_event(summary=summary)
    parts = text.split(CRLF)
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert any(part.startswith(" ") for part in parts)  # continuation lines start with a space
    assert f"SUMMARY:{summary}" in unfolded_lines(text)


def test_a_calendar_of_all_day_events():
    text = calendar(
        "DHR deadlines",
        [
            Event(
                uid="deadline-1@dhr",
                day=date(2026, 2, 28),
                summary="DHR-SWA-2026-001 (Case Diana): Partnership's decision",
                description="Decision, 1 month after the notification.",
                url="https://dhr.example.org/reviews/DHR-SWA-2026-001/decision/",
            )
        ],
        stamp=datetime(2026, 2, 1, 7, 0, tzinfo=UTC),
    )
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace(CRLF, "")  # every line ends with CRLF
    lines = text.split("\r\n")
    assert lines[:3] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//DHR case manager//Deadlines//EN",
    ]
    assert "DTSTART;VALUE=DATE:20260228" in lines
    assert "DTEND;VALUE=DATE:20260301" in lines  # the next day: an all-day event
    assert "DTSTAMP:20260201T070000Z" in lines
    assert "SUMMARY:DHR-SWA-2026-001 (Case Diana): Partnership's decision" in lines
    assert "DESCRIPTION:Decision\\, 1 month after the notification." in lines
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == 1


def test_an_empty_calendar_is_still_valid():
    text = calendar("Empty", [], stamp=datetime(2026, 1, 1, tzinfo=UTC))
    assert text == (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//DHR case manager//Deadlines//EN\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Empty\r\nEND:VCALENDAR\r\n"
    )


def test_an_event_without_description_or_address_has_neither_property():
    (event,) = icalendar.Calendar.from_ical(one_event()).walk("VEVENT")
    assert "DESCRIPTION" not in event
    assert "URL" not in event
    assert event["TRANSP"] == "TRANSPARENT"  # a deadline does not make the person look busy

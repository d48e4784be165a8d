"""The iCalendar text of the calendar feed (RFC 5545): escaping, folding, line ends."""

from datetime import UTC, date, datetime

import pytest

from cases.deadlines.ical import CRLF, Event, calendar, escape_text, fold


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("a, b; c", "a\\, b\\; c"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("windows\r\nline", "windows\\nline"),
        ("old mac\rline", "old mac\\nline"),
        ("\\,", "\\\\\\,"),  # the backslash first, so an escape is never escaped twice
        ("colon: stays", "colon: stays"),
    ],
)
def test_escape_text(value, expected):
    assert escape_text(value) == expected


def test_a_short_line_is_not_folded():
    assert fold("SUMMARY:short") == "SUMMARY:short"
    assert fold("X" * 75) == "X" * 75


def test_a_long_line_folds_at_75_octets_with_a_leading_space():
    line = "SUMMARY:" + "x" * 200
    folded = fold(line)
    parts = folded.split(CRLF)
    assert len(parts[0].encode()) == 75
    assert all(part.startswith(" ") for part in parts[1:])
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 60 + "€" * 30  # two- and three-octet characters
    parts = fold(line).split(CRLF)
    for part in parts:
        part.encode("utf-8")  # every part is whole UTF-8
        assert len(part.encode()) <= 75
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


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
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
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

"""Dates and times as people read them, in the service's time zone (GOV.UK style).

"1 December 2026, 8:51pm" rather than "2026-12-01 20:51:54.399613+00:00": the history and audit
pages, and any page that shows a moment, use ``readable_datetime`` (the ``local_datetime``
template filter of ``dhr.templatetags.dates``)."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format


def readable_time(moment: datetime) -> str:
    """The local time of day, GOV.UK style: "8:51pm", "9am", "12:30pm", "midday", "midnight"."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{suffix}"


def readable_date(day: date) -> str:
    """ "1 December 2026"."""
    return date_format(day, "j F Y")


def _local_day(day: date) -> date:
    """A moment's day where the service is (Europe/London), as Django's ``date`` filter
    gives it; a date as it is."""
    if isinstance(day, datetime) and timezone.is_aware(day):
        return timezone.localtime(day)
    return day


def numeric_date(day: date) -> str:
    """ "01/12/2026", as chronologies and the forms' examples write dates. ``strftime`` rather
    than Django's ``date`` filter: that builds a formatter for every value (about 45 µs), and a
    chronology page shows a hundred dates; these digits do not depend on the language."""
    return _local_day(day).strftime("%d/%m/%Y")


_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun")
_MONTH_ABBREVIATIONS += ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: date) -> str:
    """ "3 Dec 2026", as Django's ``date:"j M Y"`` writes it, for lists of many dates (the
    service is in English only; see ``numeric_date`` for why not the filter)."""
    day = _local_day(day)
    return f"{day.day} {_MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def clock_time(moment) -> str:
    """ "08:51", a time of day as chronologies record it (``strftime``, as ``numeric_date``)."""
    return moment.strftime("%H:%M")


def readable_datetime(value) -> str:
    """A moment as "1 December 2026, 8:51pm" in local time (Europe/London); a date as
    "1 December 2026"; anything else as it is."""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{readable_date(local)}, {readable_time(local)}"
    if isinstance(value, date):
        return readable_date(value)
    return "" if value is None else str(value)

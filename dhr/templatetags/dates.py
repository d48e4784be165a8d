"""``{% load dates %}``: moments and dates as people read them (``dhr.formats``)."""

from django import template

from dhr.formats import clock_time, numeric_date, readable_datetime, readable_time, short_date

register = template.Library()


@register.filter
def local_datetime(value) -> str:
    """ "1 December 2026, 8:51pm" (Europe/London) for a datetime; "1 December 2026" for a date."""
    return readable_datetime(value) if value not in (None, "") else ""


@register.filter
def local_time(value) -> str:
    """ "8:51pm" for a datetime, in local time."""
    return readable_time(value) if value not in (None, "") else ""


@register.filter
def dd_mm_yyyy(value) -> str:
    """ "01/12/2026" for a date."""
    return numeric_date(value) if value not in (None, "") else ""


@register.filter
def hh_mm(value) -> str:
    """ "08:51" for a time of day."""
    return clock_time(value) if value not in (None, "") else ""


@register.filter
def d_mmm_yyyy(value) -> str:
    """ "3 Dec 2026" for a date."""
    return short_date(value) if value not in (None, "") else ""

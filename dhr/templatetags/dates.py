"""``{% load dates %}``: moments and dates as people read them (``dhr.formats``)."""

from django import template

from dhr.formats import readable_datetime, readable_time

register = template.Library()


@register.filter
def local_datetime(value) -> str:
    """ "1 December 2026, 8:51pm" (Europe/London) for a datetime; "1 December 2026" for a date."""
    return readable_datetime(value) if value not in (None, "") else ""


@register.filter
def local_time(value) -> str:
    """ "8:51pm" for a datetime, in local time."""
    return readable_time(value) if value not in (None, "") else ""

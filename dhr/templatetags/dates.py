"""``{% load dates %}``: moments and dates as people read them (``dhr.formats``).

Each filter gives "" for an empty value (``None`` or ""), as Django's own ``date`` filter does:
    local_datetime  "1 December 2026, 8:51pm" (Europe/London) for a datetime; a date's day
    local_time      "8:51pm", in local time
    dd_mm_yyyy      "01/12/2026", as chronologies write dates
    d_mmm_yyyy      "3 Dec 2026", as Django's date:"j M Y" does, for long lists
    hh_mm           "08:51", a time of day as chronologies record it
The last three do not go through Django's per-value formatter (``dhr.formats.numeric_date``).
"""

from django import template

from dhr.formats import clock_time, numeric_date, readable_datetime, readable_time, short_date

register = template.Library()


def _unless_empty(format_value):
    def formatted(value) -> str:
        return format_value(value) if value not in (None, "") else ""

    return formatted


# The same filters, by name, for the Jinja2 rows of long tables (``dhr.rows``).
DATE_FILTERS = {
    name: _unless_empty(format_value)
    for name, format_value in {
        "local_datetime": readable_datetime,
        "local_time": readable_time,
        "dd_mm_yyyy": numeric_date,
        "d_mmm_yyyy": short_date,
        "hh_mm": clock_time,
    }.items()
}
for _name, _filter in DATE_FILTERS.items():
    register.filter(_name, _filter)

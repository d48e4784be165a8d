"""The combined chronology as an Excel workbook (openpyxl) and as a PDF (WeasyPrint, from a
plain printable HTML template). The views that serve these check permission; this only builds.
"""

from collections.abc import Iterable
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from dhr.files import spreadsheets
from panels.chronology import combined

HEADINGS = [
    "Date",
    "Time",
    "Agency",
    "Agency record reference",
    "Event or contact",
    "Action or outcome",
    "Comment",
    "Staff role",
    "Annotations",
]
_WIDTHS = [12, 8, 28, 20, 60, 40, 40, 18, 50]


def _annotation_text(annotations) -> str:
    return "\n".join(
        f"{note.author} ({timezone.localtime(note.created_at):%d/%m/%Y}): {note.text}"
        for note in annotations
    )


def describe_filters(filters: combined.Filters, agency_name: str = "") -> str:
    parts = []
    if agency_name:
        parts.append(f"agency: {agency_name}")
    if filters.date_from:
        parts.append(f"from {filters.date_from:%d/%m/%Y}")
    if filters.date_to:
        parts.append(f"to {filters.date_to:%d/%m/%Y}")
    return "; ".join(parts) if parts else "all agencies, all dates"


def xlsx_bytes(review, rows: Iterable[tuple], *, annotations: dict, filters_text: str) -> bytes:
    """A workbook: a title row, what was filtered, then one row per entry (dates as real
    dates), written by the project's one spreadsheet writer, which streams the rows and keeps
    agencies' text from ever running as a formula."""

    def entries():
        for pk, day, moment, agency, reference, event, action, comment, role in rows:
            notes = annotations.get(pk)
            yield (
                day,
                moment,
                agency,
                reference,
                event,
                action,
                comment,
                role,
                _annotation_text(notes) if notes else None,
            )

    sheet = spreadsheets.Sheet(
        title="Combined chronology",
        preamble=(
            f"Combined chronology: {review.reference} (Case {review.pseudonym})",
            f"Showing {filters_text}. Exported {timezone.localtime():%d/%m/%Y %H:%M}.",
        ),
        headings=HEADINGS,
        rows=entries(),
        widths=_WIDTHS,
        wrap=frozenset({4}),
    )
    return spreadsheets.xlsx_bytes([sheet])


def pdf_bytes(review, rows: Iterable[tuple], *, annotations: dict, filters_text: str) -> bytes:
    """A printable A4 landscape document, one block per entry under each month's heading."""
    import weasyprint

    html = render_to_string(
        "panels/chronology/print.html",
        {
            "review": review,
            "months": _by_month(rows, annotations),
            "filters_text": filters_text,
            "exported_at": timezone.localtime(),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()


def _by_month(rows, annotations: dict) -> list:
    months: list = []
    current = None
    for pk, day, moment, agency, reference, event, action, comment, role in rows:
        key = (day.year, day.month)
        if current is None or current["key"] != key:
            current = {
                "key": key,
                "label": datetime(day.year, day.month, 1).strftime("%B %Y"),
                "entries": [],
            }
            months.append(current)
        current["entries"].append(
            {
                "date": day,
                "time": moment,
                "agency": agency,
                "reference": reference,
                "event": event,
                "action": action,
                "comment": comment,
                "role": role,
                "annotations": annotations.get(pk, ()),
            }
        )
    return months

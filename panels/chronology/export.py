"""The combined chronology as an Excel workbook (openpyxl) and as a PDF (WeasyPrint, from a
plain printable HTML template). The views that serve these check permission; this only builds.
"""

import io
from collections.abc import Iterable
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

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
    dates). Written in openpyxl's write-only mode, which streams rows instead of holding a
    cell object for each."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Combined chronology")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    title = WriteOnlyCell(
        sheet, f"Combined chronology: {review.reference} (Case {review.pseudonym})"
    )
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([f"Showing {filters_text}. Exported {timezone.localtime():%d/%m/%Y %H:%M}."])
    sheet.append([])
    header = []
    for heading in HEADINGS:
        cell = WriteOnlyCell(sheet, heading)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for pk, day, moment, agency, reference, event, action, comment, role in rows:
        date_cell = WriteOnlyCell(sheet, day)
        date_cell.number_format = "DD/MM/YYYY"
        time_cell = WriteOnlyCell(sheet, moment)
        if moment is not None:
            time_cell.number_format = "HH:MM"
        event_cell = WriteOnlyCell(sheet, event)
        event_cell.alignment = wrap
        notes = annotations.get(pk)
        sheet.append(
            [
                date_cell,
                time_cell,
                agency,
                reference,
                event_cell,
                action,
                comment,
                role,
                _annotation_text(notes) if notes else None,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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

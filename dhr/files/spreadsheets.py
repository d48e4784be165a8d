"""The one writer of every spreadsheet and CSV file the service produces.

Agencies type the text that ends up in these files, and other agencies open them in Excel.
A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
read by Excel as a formula (``=HYPERLINK(...)`` can send the rest of the sheet away), so such
text is written with a leading apostrophe, as OWASP advises: it stays readable and is never
run. Dates, times and numbers stay real cells. Exports build ``Sheet`` objects and call
``xlsx_bytes`` or ``csv_bytes``; nothing else in the project writes a workbook or a CSV.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

# What Excel, LibreOffice and Google Sheets treat as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_FORMATS = {datetime: "DD/MM/YYYY HH:MM", date: "DD/MM/YYYY", time: "HH:MM"}


def neutralise(value):
    """``value`` as it may safely go into a cell: text that could start a formula gets a
    leading apostrophe; everything else (numbers, dates, None) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell_value(value):
    if value is None or isinstance(value, bool | int | float | Decimal | date | time):
        return value
    if isinstance(value, datetime):
        # Excel has no time zones: write the local wall-clock time the page showed.
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    return neutralise(str(value))


@dataclass
class Sheet:
    """One worksheet: optional title lines, a heading row (bold, frozen below), the rows.

    ``widths`` are column widths in characters; ``wrap`` the 0-based columns whose long text
    wraps; ``formats`` number formats for whole 0-based columns (a template's date column, so
    that what an agency types there is a date). Rows may be any iterable (a generator
    streams: the workbook is written in openpyxl's write-only mode).
    """

    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence]
    preamble: Sequence[str] = ()
    widths: Sequence[int] = ()
    wrap: frozenset = field(default_factory=frozenset)
    formats: dict = field(default_factory=dict)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of ``sheets``, every text cell neutralised, dates with UK formats."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])  # Excel's limit on sheet names
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for index, number_format in spec.formats.items():
            sheet.column_dimensions[get_column_letter(index + 1)].number_format = number_format
        for number, line in enumerate(spec.preamble):
            cell = WriteOnlyCell(sheet, neutralise(line))
            if number == 0:
                cell.font = Font(bold=True, size=14)
            sheet.append([cell])
        if spec.preamble:
            sheet.append([])
        sheet.freeze_panes = f"A{len(spec.preamble) + (2 if spec.preamble else 1) + 1}"
        header = []
        for heading in spec.headings:
            cell = WriteOnlyCell(sheet, neutralise(heading))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            cells = []
            for column, value in enumerate(row):
                cell = WriteOnlyCell(sheet, _cell_value(value))
                number_format = _FORMATS.get(type(value))
                if number_format:
                    cell.number_format = number_format
                if column in spec.wrap:
                    cell.alignment = wrap
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_text(value) -> str:
    value = _cell_value(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A CSV file in UTF-8 with a byte order mark (so that Excel reads it as UTF-8), every
    text cell neutralised, dates as dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_text(heading) for heading in headings])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

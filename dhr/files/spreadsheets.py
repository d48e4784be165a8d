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
    streams: the workbook is written in XlsxWriter's constant-memory mode).
    """

    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence]
    preamble: Sequence[str] = ()
    widths: Sequence[int] = ()
    wrap: frozenset = field(default_factory=frozenset)
    formats: dict = field(default_factory=dict)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of ``sheets``, every text cell neutralised, dates with UK formats.

    Written by XlsxWriter in constant-memory mode: each row goes to a temporary file as it is
    written, so a generator of rows streams and a large export holds one row at a time. Text
    is written with ``write_string`` (never parsed as a formula or a link) after
    ``neutralise``, so that Excel does not run it when a user edits the cell either."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    formats: dict = {}

    def cell_format(number_format=None, wrap=False, bold=False, size=None):
        key = (number_format, wrap, bold, size)
        if key not in formats:
            properties = {}
            if number_format:
                properties["num_format"] = number_format
            if wrap:
                properties.update(text_wrap=True, valign="top")
            if bold:
                properties["bold"] = True
            if size:
                properties["font_size"] = size
            formats[key] = workbook.add_format(properties)
        return formats[key]

    for spec in sheets:
        sheet = workbook.add_worksheet(spec.title[:31])  # Excel's limit on sheet names
        for index in range(max(len(spec.widths), max(spec.formats, default=-1) + 1)):
            width = spec.widths[index] if index < len(spec.widths) else None
            number_format = spec.formats.get(index)
            if width is not None or number_format:
                sheet.set_column(
                    index, index, width, cell_format(number_format) if number_format else None
                )
        number = 0
        for line, text in enumerate(spec.preamble):
            _write(sheet, number, 0, text, cell_format(bold=True, size=14) if line == 0 else None)
            number += 1
        if spec.preamble:
            number += 1
        sheet.freeze_panes(number + 1, 0)
        bold = cell_format(bold=True)
        for column, heading in enumerate(spec.headings):
            _write(sheet, number, column, heading, bold)
        # The hot loop of every export: text (most cells) is neutralised and written here;
        # other values go through ``_write`` with a style found once per type and column.
        write_string = sheet.write_string
        text_styles = {column: cell_format(wrap=True) for column in spec.wrap}
        styles: dict = {}
        for row in spec.rows:
            number += 1
            for column, value in enumerate(row):
                if value.__class__ is str:
                    if value.startswith(FORMULA_STARTS):
                        value = "'" + value
                    write_string(number, column, value, text_styles.get(column))
                elif value is not None:
                    key = (value.__class__, column)
                    if key not in styles:
                        number_format = _FORMATS.get(value.__class__)
                        in_wrap = column in spec.wrap
                        styles[key] = (
                            cell_format(number_format, in_wrap)
                            if number_format or in_wrap
                            else None
                        )
                    _write(sheet, number, column, value, styles[key])
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row: int, column: int, value, style) -> None:
    value = _cell_value(value)
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, column, value, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(
            row, column, float(value) if isinstance(value, Decimal) else value, style
        )
    else:  # a date, a time or a datetime
        sheet.write_datetime(row, column, value, style)


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

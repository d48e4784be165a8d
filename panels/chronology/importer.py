"""Reading an agency's chronology spreadsheet (XLSX or CSV) into entries, reporting every
problem by the row number the spreadsheet shows, before anything is saved.

Pure: no database and no views. ``panels.contributions.services`` runs it for the upload pages and
for ``manage.py import_chronology``, so both accept and refuse exactly the same files.

Real agency spreadsheets are messy, so this is tolerant where it can be sure and strict where
it cannot:

- title rows above the header and blank rows anywhere are skipped; extra columns are ignored;
- the header row is found by its headings (ours, common variants, or the headings the agency
  mapped last time); merged heading cells count for every column they cover;
- dates may be Excel date cells, Excel serial numbers (10000 and above, i.e. from 1927),
  dd/mm/yyyy, dd/mm/yy, d.m.yyyy, yyyy-mm-dd, "3rd March 2021", "3 Mar 21", "March 3rd 2021",
  with an optional time after them. Two-digit years follow the usual spreadsheet rule: 00 to 68
  are 2000 to 2068, 69 to 99 are 1969 to 1999. A date is never read month first: 03/04/2021
  is the 3rd of April;
- times may be Excel time cells or fractions of a day, 14:30, 14.30, 1430, 2:30pm, 2pm.

Errors stop the import (a missing or unreadable date, a date in the future, a missing event, a
value too long); warnings do not (a date outside the period under review or after the date of
death, an entry repeating an earlier one).
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dhr.files import columns as shared_columns
from dhr.files.columns import Column, normalise

# --- Our columns --------------------------------------------------------------------------------


NOT_A_SPREADSHEET = "The selected file must be an Excel (.xlsx or .xls) or CSV file"


COLUMNS = (
    Column(
        "date",
        "Date",
        required=True,
        aliases=(
            "date of contact",
            "contact date",
            "event date",
            "date of event",
            "date and time",
            "date time",
            "entry date",
        ),
    ),
    Column("time", "Time", aliases=("time of contact", "event time", "contact time")),
    Column(
        "record_reference",
        "Agency record reference",
        aliases=(
            "record reference",
            "reference",
            "ref",
            "record ref",
            "agency reference",
            "source",
            "source record",
            "record number",
            "case number",
        ),
        max_length=200,  # ChronologyEntry.record_reference
    ),
    Column(
        "event",
        "Event or contact",
        required=True,
        aliases=("event", "contact", "event contact", "details of contact", "description"),
    ),
    Column(
        "action",
        "Action or outcome",
        aliases=(
            "action",
            "outcome",
            "action outcome",
            "action taken",
            "outcome action",
            "result",
        ),
    ),
    Column("comment", "Comment", aliases=("comments", "notes", "note", "analysis")),
    Column(
        "staff_role",
        "Staff role",
        aliases=("role", "staff", "practitioner", "practitioner role", "job title", "worker"),
        max_length=150,  # ChronologyEntry.staff_role
    ),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
TEMPLATE_HEADINGS = [column.heading for column in COLUMNS]

HEADER_SEARCH_ROWS = 30  # the header row must be among the first rows
MAX_ROWS = 50_000  # a larger file is almost certainly not one agency's chronology
SERIAL_MIN, SERIAL_MAX = 10_000, 2_958_465  # 18/05/1927 .. 31/12/9999 as Excel serials
_EXCEL_EPOCH = date(1899, 12, 30)


_KNOWN_HEADINGS = shared_columns.known_headings(COLUMNS)


# --- Reading the file ---------------------------------------------------------------------------
#
# A spreadsheet is read once, when it is uploaded, and never held in memory whole: an XLSX
# archive is checked before anything is decompressed (``dhr.files.archives``), its first sheet
# is streamed row by row and reading stops as soon as there are more rows than a chronology
# may have. The cells read are kept (``Sheet.to_data``) for the preview, mapping and confirm
# steps, which never open the file again.

MAX_COLUMNS = 200  # cells further right are ignored: no chronology is that wide
MAX_MERGED = 10_000
SPREADSHEET_KINDS = ("xlsx", "xls", "csv")  # what ``read_sheet`` reads ("txt": a CSV file too)


class UnreadableFile(Exception):
    """The file is not a spreadsheet we can read; ``str(exc)`` says so for the user."""


@dataclass
class Sheet:
    """The cells of the first worksheet, row by row (row ``i`` is spreadsheet row ``i + 1``),
    with the merged ranges as (first row, first column, last row, last column), 1-based.

    ``described``: how the file was read, for the preview ("a CSV file in Windows-1252,
    separated by semicolons"); empty when built by hand."""

    rows: list
    merged: list = field(default_factory=list)
    described: str = ""

    def to_data(self) -> dict:
        """A compact JSON form: only the rows that hold something, with their numbers."""
        return {
            "rows": [
                [number, [_cell_to_data(value) for value in row]]
                for number, row in enumerate(self.rows, start=1)
                if any(value is not None and value != "" for value in row)
            ],
            "merged": [list(cells) for cells in self.merged],
            "described": self.described,
        }

    @classmethod
    def from_data(cls, data: dict) -> "Sheet":
        rows: list = []
        for number, cells in data.get("rows", []):
            while len(rows) < number - 1:
                rows.append([])
            rows.append([_cell_from_data(value) for value in cells])
        merged = [tuple(cells) for cells in data.get("merged", [])]
        return cls(rows, merged, data.get("described", ""))


def _cell_to_data(value):
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, time):
        return {"t": value.isoformat()}
    if isinstance(value, timedelta):
        return {"td": value.total_seconds()}
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)


def _cell_from_data(value):
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
        if "t" in value:
            return time.fromisoformat(value["t"])
        if "td" in value:
            return timedelta(seconds=value["td"])
    return value


def read_sheet(
    content: bytes,
    extension: str,
    *,
    max_rows: int = MAX_ROWS,
    header_rows: int = HEADER_SEARCH_ROWS,
) -> Sheet:
    """The first worksheet of an XLSX or XLS file, or the rows of a CSV file ("csv" or "txt").

    Reading stops, with ``UnreadableFile``, once the file has more than ``max_rows`` rows
    holding something beyond the first ``header_rows`` (the title and heading rows): the
    file is then refused without being read to its end. Other callers (an action-plan
    import) pass their own limits.
    """
    limit = max_rows + header_rows
    too_many = f"The file has more than {max_rows:,} entries: split it into smaller files"
    if extension == "xlsx":
        return _read_xlsx(content, limit, too_many)
    if extension == "xls":
        return _read_xls(content, limit, too_many)
    if extension in ("csv", "txt"):
        return _read_csv(content, limit, too_many)
    raise UnreadableFile(NOT_A_SPREADSHEET)


def _has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class _Rows:
    """Collects rows by their spreadsheet number, counting those that hold something, and
    refuses a file with too many (or rows numbered far beyond any real chronology)."""

    def __init__(self, limit: int, too_many: str):
        self.rows: list = []
        self.filled = 0
        self.limit = limit
        self.too_many = too_many

    def add(self, number: int, values: list) -> None:
        if number > self.limit * 4:
            raise UnreadableFile(self.too_many)
        if any(_has_value(value) for value in values):
            self.filled += 1
            if self.filled > self.limit:
                raise UnreadableFile(self.too_many)
        elif not values:
            return
        while len(self.rows) < number - 1:
            self.rows.append([])
        if len(self.rows) >= number:  # a row number repeated: keep the later cells
            self.rows[number - 1] = values
        else:
            self.rows.append(values)


def _read_xlsx(content: bytes, limit: int, too_many: str) -> Sheet:
    """The first worksheet of an XLSX workbook.

    The sheet's XML is first scanned as raw bytes (``_scan_sheet``): a file with too many rows
    is refused before a cell is parsed, and the sheet's extent (how many rows and columns its
    cells span) is bounded. A sheet of sensible extent, as every real chronology is, is read
    by python-calamine (a Rust reader, several times quicker than openpyxl, merged ranges
    included); calamine holds the sheet's rectangle in memory, so a sheet whose cells spread
    far (a cell in the last column of every row) is streamed by openpyxl's parser instead,
    which never pads a row."""
    import zipfile

    from dhr.files.archives import UnsafeArchive, check_archive

    try:
        check_archive(io.BytesIO(content))
    except UnsafeArchive as unsafe:
        raise UnreadableFile(str(unsafe)) from unsafe
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(_UNREADABLE_XLSX) from error
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            name, part = _first_worksheet(archive)
            with archive.open(part) as source:
                scan = _scan_sheet(source, stop_after=limit)
    except Exception:  # a package we cannot find our way in: openpyxl says what is wrong
        return _read_xlsx_openpyxl(content, limit, too_many)
    if scan.rows_with_values > limit:
        raise UnreadableFile(too_many)
    if scan.extent > CALAMINE_MAX_CELLS:
        return _read_xlsx_openpyxl(content, limit, too_many, counted=True)
    return _read_xlsx_calamine(content, name, limit, too_many)


_UNREADABLE_XLSX = "The selected file could not be read as an Excel workbook"
# The most cells (rows x columns spanned) a sheet may span to be read by calamine, which holds
# the whole rectangle (about 32 bytes a cell): 50,000 entries of 30 columns fit.
CALAMINE_MAX_CELLS = 3_000_000
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _first_worksheet(archive) -> tuple[str, str]:
    """The name and the package part of the workbook's first worksheet (chart sheets are not
    worksheets), as openpyxl's ``worksheets[0]`` would give."""
    import posixpath

    from defusedxml.ElementTree import fromstring

    def targets(rels_part: str, base: str) -> dict:
        found = {}
        for element in fromstring(archive.read(rels_part)).iter():
            if element.tag.endswith("Relationship"):
                target = element.get("Target", "")
                if target.startswith("/"):
                    path = target.lstrip("/")
                else:
                    path = posixpath.join(base, target)
                found[element.get("Id")] = (element.get("Type", ""), posixpath.normpath(path))
        return found

    workbook = next(
        path
        for kind, path in targets("_rels/.rels", "").values()
        if kind.endswith("/officeDocument")
    )
    folder, file_name = posixpath.split(workbook)
    sheets = targets(posixpath.join(folder, "_rels", file_name + ".rels"), folder)
    for element in fromstring(archive.read(workbook)).iter():
        if element.tag.endswith("}sheet"):
            kind, path = sheets[element.get(f"{{{_RELATIONSHIPS}}}id")]
            if kind.endswith("/worksheet"):
                return element.get("name"), path
    raise LookupError("no worksheet")


def _read_xlsx_calamine(content: bytes, name: str, limit: int, too_many: str) -> Sheet:
    from python_calamine import CalamineWorkbook

    collected = _Rows(limit, too_many)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        try:
            sheet = workbook.get_sheet_by_name(name)
            merged = [
                (first[0] + 1, first[1] + 1, last[0] + 1, last[1] + 1)
                for first, last in (sheet.merged_cell_ranges or [])[:MAX_MERGED]
            ]
            # From A1 (not from the first cell holding something), so that row and column
            # numbers are the spreadsheet's.
            for number, row in enumerate(sheet.to_python(skip_empty_area=False), start=1):
                values = [
                    None
                    if value == ""
                    else int(value)
                    if value.__class__ is float and value.is_integer()
                    else value
                    for value in row[:MAX_COLUMNS]
                ]
                while values and values[-1] is None:
                    values.pop()
                collected.add(number, values)
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except Exception as error:  # calamine raises its own kinds for a damaged file
        raise UnreadableFile(_UNREADABLE_XLSX) from error
    return Sheet(collected.rows, merged, "an Excel workbook")


def _read_xlsx_openpyxl(
    content: bytes, limit: int, too_many: str, *, counted: bool = False
) -> Sheet:
    import openpyxl  # imported here: only a sheet calamine should not hold needs it
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    unreadable = _UNREADABLE_XLSX
    try:
        # read_only: the sheet is streamed, never loaded whole; data_only: a formula's last
        # computed value, as the agency saw it. openpyxl parses with defusedxml (installed).
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(unreadable) from error
    collected = _Rows(limit, too_many)
    merged = []
    try:
        worksheet = workbook.worksheets[0]
        # Counting rows is a hundred times quicker than reading them: a file with far too
        # many is refused before a single cell is parsed.
        if not counted:
            with worksheet._get_source() as source:
                if _scan_sheet(source, stop_after=limit).rows_with_values > limit:
                    raise UnreadableFile(too_many)
        # The parser itself (not ``iter_rows``), so that a row is never padded out to the
        # sheet's declared width or to its right-most cell: columns beyond MAX_COLUMNS are
        # dropped as they are read.
        with worksheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                worksheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, cells in parser.parse():
                values: list = []
                for cell in cells:
                    column = cell["column"]
                    if column > MAX_COLUMNS:
                        continue
                    while len(values) < column - 1:
                        values.append(None)
                    values.append(cell["value"])
                collected.add(number, values)
            for cells in (parser.merged_cells.mergeCell if parser.merged_cells else [])[
                :MAX_MERGED
            ]:
                min_col, min_row, max_col, max_row = range_boundaries(cells.ref)
                merged.append((min_row, min_col, max_row, max_col))
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(unreadable) from error
    finally:
        workbook.close()
    return Sheet(collected.rows, merged, "an Excel workbook")


_CELL_START = re.compile(rb"<(?:\w+:)?c[\s>/]")
CELLS_PER_ROW = 30  # on average: a chronology has seven columns, some sheets a few dozen
_ROW_START = re.compile(rb"<(?:\w+:)?row[\s>/]")
_VALUE_START = re.compile(rb"<(?:\w+:)?(?:v|is)[\s>]")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d{1,9})\"")
_CELL_REFERENCE = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Za-z]{1,4})(\d{1,9})\"")


@dataclass
class SheetScan:
    """What ``_scan_sheet`` learnt from a sheet's raw XML. ``extent``: an upper bound of the
    cells of the rectangle from A1 to the sheet's last row and column."""

    rows_with_values: int = 0
    last_row: int = 0
    last_column: int = 0
    rows: int = 0
    widest_row: int = 0

    @property
    def extent(self) -> int:
        # A cell without a reference follows the one before it: the rows and cells counted
        # bound how far such cells reach beyond the last numbered ones.
        return (self.last_row + self.rows) * (self.last_column + self.widest_row)


def _by_column(letters: bytes) -> tuple:
    return len(letters), letters


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _scan_sheet(source, *, stop_after: int) -> SheetScan:
    """How many ``<row>`` elements of the sheet's XML hold a value, and how far its cells
    reach (counted on the raw bytes, a megabyte at a time; stops once past ``stop_after``
    rows with a value). A row of empty strings counts too: this is an upper bound, used only
    to refuse early. A sheet of millions of empty cells (slow to parse, though it holds
    nothing) counts as too many rows.

    The XML that Excel, LibreOffice and the usual libraries write (no namespace prefixes,
    every row and cell numbered by its first attribute) is counted with plain byte searches;
    any other XML with regular expressions."""
    scan = SheetScan()
    counts = {"cells": 0, "referenced": 0}
    pending = b""
    while True:
        chunk = source.read(1024 * 1024)
        text = pending + chunk
        plain = _scan_plain(text, chunk, pending, scan, counts)
        if not plain:
            _scan_references(text, chunk, pending, scan, counts)
        if counts["cells"] > stop_after * CELLS_PER_ROW:
            scan.rows_with_values = stop_after + 1
            return scan
        parts = text.split(b"<row ") if plain else _ROW_START.split(text)
        # parts[0] precedes the first row; parts[i] is the inside of the i-th row. The last
        # one may go on in the next chunk: it is kept, marked again as a row.
        if chunk:
            if len(parts) == 1:
                pending = parts[0][-64:]
                continue
            pending = b"<row " + parts.pop()
        complete = parts[1:]
        scan.rows += len(complete)
        if plain:
            scan.rows_with_values += sum(
                1
                for part in complete
                if b"<v>" in part or b"<is>" in part or b"<v " in part or b"<is " in part
            )
        else:
            scan.rows_with_values += sum(1 for part in complete if _VALUE_START.search(part))
        if counts["referenced"] < counts["cells"]:  # unnumbered cells: a row's count matters
            for part in complete:
                scan.widest_row = max(scan.widest_row, len(_CELL_START.findall(part)))
        if not chunk or scan.rows_with_values > stop_after:
            return scan


def _scan_references(text: bytes, chunk: bytes, pending: bytes, scan: SheetScan, counts) -> None:
    counts["cells"] += len(_CELL_START.findall(chunk))
    # References already seen in ``pending`` are seen again: a maximum does not mind.
    for found in _ROW_NUMBER.findall(text):
        scan.last_row = max(scan.last_row, int(found))
    references = _CELL_REFERENCE.findall(text)
    counts["referenced"] += len(references) - len(_CELL_REFERENCE.findall(pending))
    if references:
        scan.last_row = max(scan.last_row, *(int(row) for _, row in references))
        letters = max((letters.upper() for letters, _ in references), key=_by_column)
        scan.last_column = max(scan.last_column, _column_number(letters))


_PLAIN_ROW_NUMBER = re.compile(rb'<row r="(\d{1,9})"')
_PLAIN_LONG_COLUMN = re.compile(rb'<c r="([A-Z]{2,4})\d')
_LOWER_CASE_REFERENCE = re.compile(rb'<c r="[a-z]')


def _scan_plain(text: bytes, chunk: bytes, pending: bytes, scan: SheetScan, counts) -> bool:
    """``_scan_references`` done with byte counts, for plain XML only: False (and nothing
    counted) for any other."""
    if b":c " in text or b":row" in text or b"<row>" in text or b"<c>" in text:
        return False  # namespace prefixes, or unnumbered rows or cells
    cells = chunk.count(b"<c ") + chunk.count(b"<c/")
    referenced = text.count(b'<c r="') - pending.count(b'<c r="')
    rows = _PLAIN_ROW_NUMBER.findall(text)
    if (
        cells != referenced
        or len(rows) != text.count(b"<row ")
        or _LOWER_CASE_REFERENCE.search(text)
    ):
        return False
    last_row = max(scan.last_row, *(int(row) for row in rows)) if rows else scan.last_row
    # A cell numbered in a row beyond the last row's number: the thorough count finds it.
    if re.search(rb'<c r="[A-Z]{1,4}\d{%d}' % (len(str(last_row)) + 1), text):
        return False
    counts["cells"] += cells
    counts["referenced"] += referenced
    # Cells are numbered within their rows' numbers' digits: a bound, not the exact row.
    scan.last_row = max(last_row, 10 ** len(str(last_row)) - 1) if last_row else 0
    long_columns = _PLAIN_LONG_COLUMN.findall(text)
    # Single letters only: column Z at most (a bound, cheaper than finding the last letter).
    last_column = _column_number(max(long_columns, key=_by_column)) if long_columns else 26
    scan.last_column = max(scan.last_column, last_column)
    return True


def _read_xls(content: bytes, limit: int, too_many: str) -> Sheet:
    """A workbook saved by Excel 97-2003 (read by xlrd, which reads only this old format)."""
    import xlrd

    unreadable = "The selected file could not be read as an Excel 97-2003 workbook (.xls)"
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True, formatting_info=True)
    except Exception as error:  # xlrd raises XLRDError, struct and assertion errors
        raise UnreadableFile(unreadable) from error
    collected = _Rows(limit, too_many)
    try:
        sheet = book.sheet_by_index(0)
        for index in range(sheet.nrows):
            values = [_xls_value(book, cell, xlrd) for cell in sheet.row(index)[:MAX_COLUMNS]]
            while values and values[-1] is None:
                values.pop()
            collected.add(index + 1, values)
        merged = [
            (first_row + 1, first_col + 1, last_row, last_col)
            for first_row, last_row, first_col, last_col in sheet.merged_cells[:MAX_MERGED]
        ]
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(unreadable) from error
    finally:
        book.release_resources()
    return Sheet(collected.rows, merged, "an Excel 97-2003 workbook (.xls)")


def _xls_value(book, cell, xlrd):
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_DATE:
        moment = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        if cell.value < 1:  # a time on its own
            return moment.time()
        return moment
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    return cell.value


# How the preview names the encodings a CSV file may come in.
ENCODING_NAMES = {
    "utf_8_sig": "UTF-8 (with a byte order mark)",
    "utf_8": "UTF-8",
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1 (ISO-8859-1)",
}
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def decode_text(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding (a key of ``ENCODING_NAMES``).

    UTF-8 with or without a byte order mark is taken as it is; otherwise charset-normalizer
    chooses between Windows-1252 (Excel's "CSV" on a UK Windows computer) and Latin-1. A file
    with none of the bytes where the two differ (0x80 to 0x9F) reads the same in both, and is
    named Latin-1.
    """
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8"), "utf_8_sig"
        except UnicodeDecodeError as error:
            raise UnreadableFile(_UNKNOWN_ENCODING) from error
    try:
        return content.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        raise UnreadableFile(_UNKNOWN_ENCODING)
    encoding = best.encoding
    if encoding == "cp1252" and not any(0x80 <= byte <= 0x9F for byte in content):
        encoding = "latin_1"
    if encoding not in ENCODING_NAMES:
        raise UnreadableFile(_UNKNOWN_ENCODING)
    return content.decode(encoding), encoding


_UNKNOWN_ENCODING = (
    "The CSV file's characters could not be read: save it from Excel as “CSV UTF-8” and "
    "upload it again"
)


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first_lines = "\n".join(sample.splitlines()[:5])
        return max(",;\t", key=first_lines.count)


def _read_csv(content: bytes, limit: int, too_many: str) -> Sheet:
    text, encoding = decode_text(content)
    delimiter = _delimiter(text)
    collected = _Rows(limit, too_many)
    # One record is one spreadsheet row, even when a quoted cell holds line breaks.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, doublequote=True)
    try:
        for number, record in enumerate(reader, start=1):
            collected.add(number, record[:MAX_COLUMNS])
    except csv.Error as error:
        raise UnreadableFile("The selected file could not be read as a CSV file") from error
    described = (
        f"a CSV file in {ENCODING_NAMES[encoding]}, separated by "
        f"{_DELIMITER_NAMES.get(delimiter, repr(delimiter))}"
    )
    return Sheet(collected.rows, [], described)


# --- Finding the header row and the columns -----------------------------------------------------


@dataclass
class Header:
    """The row of column headings: its number and each column's label (the heading, or
    "Column F" when the cell is empty)."""

    row_number: int
    labels: list

    def index_of(self, label: str) -> int | None:
        return shared_columns.index_of(self.labels, label)


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _clean(value):
    """A cell's value with surrounding spaces removed; empty text is None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _fill_merged(rows: list, merged: list, *, up_to_row: int, whole: bool) -> list:
    """Copies each merged range's value into the cells it covers.

    ``whole``: into every cell (headings: a heading merged over two columns names both).
    Otherwise only down the range's first column (a date merged over several entries' rows
    belongs to each of them; text merged across columns is not copied into the next field).
    Only ranges starting at or above ``up_to_row`` are filled.
    """
    if not merged:
        return rows  # nothing to fill: the rows as they are (never changed by the callers)
    rows = [list(row) for row in rows]
    for first_row, first_col, last_row, last_col in merged:
        if first_row > up_to_row or first_row > len(rows):
            continue
        row = rows[first_row - 1]
        value = row[first_col - 1] if first_col - 1 < len(row) else None
        for row_number in range(first_row, min(last_row, len(rows)) + 1):
            target = rows[row_number - 1]
            columns = range(first_col, last_col + 1) if whole else (first_col,)
            for column in columns:
                while len(target) < column:
                    target.append(None)
                target[column - 1] = value
    return rows


def find_header(sheet: Sheet, known_headings: Iterable[str] = ()) -> Header | None:
    """The header row: among the first rows, the one with most headings we know (ours, their
    variants, ``known_headings`` such as the agency's mapped ones), at least two; failing
    that, the row with most distinct text cells (at least two). None for a file with none."""
    known = set(_KNOWN_HEADINGS) | {normalise(heading) for heading in known_headings}
    rows = _fill_merged(
        sheet.rows[:HEADER_SEARCH_ROWS], sheet.merged, up_to_row=HEADER_SEARCH_ROWS, whole=True
    )
    best_known, best_text = (1, None), (1, None)
    for number, row in enumerate(rows, start=1):
        texts = {normalise(cell) for cell in row if isinstance(_clean(cell), str)}
        texts.discard("")
        known_count = len(texts & known)
        if known_count > best_known[0]:
            best_known = (known_count, number)
        if len(texts) > best_text[0] and not any(_is_dateish(cell) for cell in row):
            best_text = (len(texts), number)
    number = best_known[1] or best_text[1]
    if number is None:
        return None
    row = rows[number - 1]
    labels = []
    for index, cell in enumerate(row):
        cell = _clean(cell)
        labels.append(str(cell) if cell is not None else f"Column {column_letter(index)}")
    # Trailing untitled columns are not columns of the table.
    while labels and labels[-1].startswith("Column ") and _clean(row[len(labels) - 1]) is None:
        labels.pop()
    return Header(number, labels)


def _is_dateish(cell) -> bool:
    """A cell that holds a date or a time: its row holds an entry, not headings."""
    if isinstance(cell, str):
        return bool(_NUMERIC_DATE.match(cell.strip().lower()))
    return isinstance(cell, datetime | date | time)


def match_columns(header: Header, chosen: dict | None = None) -> dict:
    """Which column (0-based index) holds each of our fields (``dhr.files.columns``).

    ``chosen`` maps our field names to the agency's headings (a mapping made on the mapping
    page, or remembered from last time); a heading not in this file is ignored. Fields it
    does not place are found by our headings and their usual variants. A column is used once.
    """
    return shared_columns.match_columns(header.labels, COLUMNS, chosen)


def missing_columns(placed: dict) -> list:
    """Our required columns that ``placed`` does not place."""
    return shared_columns.missing_columns(placed, COLUMNS)


# --- Reading values -----------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_TIME_PART = r"(?:[\sT,]+(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?))?"
_NUMERIC_DATE = re.compile(
    r"^(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{4}|\d{2})" + _TIME_PART + "$"
)
_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME_PART + "$")
_WORDS_DATE = re.compile(
    r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+(?P<month>[a-z]+)\.?,?[\s\-]+"
    r"(?P<year>\d{4}|\d{2})" + _TIME_PART + "$"
)
_MONTH_FIRST_WORDS = re.compile(
    r"^(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    + _TIME_PART
    + "$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_CLOCK = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?:[:.]\d{2})?)?\s*(?P<half>[ap])?\.?(?:m\.?)?"
    r"(?:\s*(?:hrs|hours|h))?$"
)
_DIGITS_TIME = re.compile(r"^(?P<hour>\d{1,2})(?P<minute>\d{2})(?:\s*(?:hrs|hours|h))?$")


class _Invalid(Exception):
    """A value that is not what its column needs; ``str(exc)`` is the message."""


def _shown(value) -> str:
    """A cell's value as the agency sees it in its spreadsheet (numbers without ".0")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _full_year(year: str) -> int:
    number = int(year)
    if len(year) == 2:
        return 2000 + number if number <= 68 else 1900 + number
    return number


def _from_serial(value: float, raw) -> tuple:
    if not SERIAL_MIN <= value <= SERIAL_MAX:
        raise _Invalid(
            f"The date “{_shown(raw)}” is not a date in a form we can read: use dd/mm/yyyy"
        )
    whole = int(value)
    day = _EXCEL_EPOCH + timedelta(days=whole)
    fraction = value - whole
    return day, (_time_from_fraction(fraction) if fraction else None)


def _time_from_fraction(fraction: float) -> time:
    minutes = round(fraction * 24 * 60)
    if minutes >= 24 * 60:
        minutes = 24 * 60 - 1
    return time(minutes // 60, minutes % 60)


def parse_date(value) -> tuple:
    """``(date, time or None)`` from a date cell; raises ``_Invalid`` with the message."""
    value = _clean(value)
    if value is None:
        raise _Invalid("The date is missing")
    if isinstance(value, datetime):
        moment = value.time().replace(second=0, microsecond=0)
        return value.date(), (moment if moment != time(0) else None)
    if isinstance(value, date):
        return value, None
    if isinstance(value, bool):
        raise _Invalid(f"The date “{value}” is not a date in a form we can read: use dd/mm/yyyy")
    if isinstance(value, int | float):
        return _from_serial(float(value), value)
    if isinstance(value, time):
        raise _Invalid("The date is missing: the cell holds only a time")
    text = " ".join(str(value).split())
    lowered = text.lower()
    if _SERIAL.match(lowered):
        return _from_serial(float(lowered), text)
    for pattern in (_NUMERIC_DATE, _ISO_DATE, _WORDS_DATE, _MONTH_FIRST_WORDS):
        found = pattern.match(lowered)
        if found:
            return _date_from_parts(found, text)
    raise _Invalid(f"The date “{text}” is not a date in a form we can read: use dd/mm/yyyy")


def _date_from_parts(found, text: str) -> tuple:
    month = found.group("month")
    if month.isdigit():
        month_number = int(month)
    else:
        month_number = _MONTHS.get(month)
        if month_number is None:
            raise _Invalid(f"The date “{text}” is not a date in a form we can read: use dd/mm/yyyy")
    try:
        day = date(_full_year(found.group("year")), month_number, int(found.group("day")))
    except ValueError as error:
        raise _Invalid(f"The date “{text}” is not a real date") from error
    moment = None
    if found.group("time"):
        try:
            moment = parse_time(found.group("time"))
        except _Invalid as error:
            raise _Invalid(f"The date “{text}” has a time that is not real") from error
    return day, moment


def parse_time(value) -> time | None:
    """The time in a time cell (None when empty); raises ``_Invalid`` with the message."""
    value = _clean(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        return _time_from_fraction(float(value))
    text = " ".join(_shown(value).split())
    lowered = text.lower()
    found = _DIGITS_TIME.match(lowered) or _CLOCK.match(lowered)
    if found:
        hour = int(found.group("hour"))
        minute = int(found.group("minute") or 0)
        half = found.groupdict().get("half")
        if half:
            if not 1 <= hour <= 12:
                hour = 99  # "13pm": not a time
            elif half == "p" and hour != 12:
                hour += 12
            elif half == "a" and hour == 12:
                hour = 0
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise _Invalid(f"The time “{text}” is not a real time: use hh:mm, for example 14:30")


def _text(value) -> str:
    """A text cell as the agency typed it. Only trailing spaces and line breaks go: leading
    ones stay, so that a tab or a space before ``=`` is never stripped into a bare formula
    (the exports neutralise such text; the pages escape it)."""
    if isinstance(value, str):
        return value.rstrip() if value.strip() else ""
    value = _clean(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return _shown(value).strip()


# --- The result ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """An error or a warning, about one row (``row`` as the spreadsheet numbers it) or about
    the whole file (``row`` None)."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row else self.message


@dataclass(frozen=True)
class ParsedEntry:
    row: int
    date: date
    time: time | None
    record_reference: str
    event: str
    action: str
    comment: str
    staff_role: str


@dataclass
class ImportResult:
    """What reading a file gave: its header, the columns used, the entries, and the problems.

    ``needs_mapping``: the required columns could not all be found; nothing else was read.
    """

    header: Header | None = None
    columns: dict = field(default_factory=dict)
    entries: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    needs_mapping: bool = False
    ignored_columns: list = field(default_factory=list)
    described: str = ""  # how the file was read (``Sheet.described``)

    @property
    def can_import(self) -> bool:
        return not self.errors and not self.needs_mapping and bool(self.entries)

    @property
    def chosen_labels(self) -> dict:
        """Our field name -> the agency's heading, for the columns used (to remember them)."""
        if self.header is None:
            return {}
        return shared_columns.chosen_labels(self.columns, self.header.labels)


def read_chronology(
    sheet: Sheet,
    *,
    chosen: dict | None = None,
    period: tuple | None = None,
    date_of_death: date | None = None,
    today: date | None = None,
) -> ImportResult:
    """Reads the entries of ``sheet``.

    ``chosen``: the agency's headings for our fields (see ``match_columns``). ``period``: the
    period under review as ``(start, end)``, both included; dates outside it are warnings.
    ``date_of_death``: the subject's; a later date is a warning (an agency may record what
    it did afterwards), said instead of "after the period". ``today`` (the caller's local
    date; ``date.today()`` if not given): a later date is an error, no history is in the future.
    """
    checks = _DateChecks(period, date_of_death, today or date.today())
    result = ImportResult(described=sheet.described)
    header = find_header(sheet, (chosen or {}).values())
    if header is None:
        result.errors.append(
            Issue(None, "The file has no row of column headings: use the chronology template")
        )
        return result
    result.header = header
    result.columns = match_columns(header, chosen)
    if missing_columns(result.columns):
        result.needs_mapping = True
        return result
    used = set(result.columns.values())
    result.ignored_columns = [
        label for index, label in enumerate(header.labels) if index not in used
    ]
    rows = _fill_merged(sheet.rows, sheet.merged, up_to_row=header.row_number, whole=True)
    rows = _fill_merged(
        rows,
        [m for m in sheet.merged if m[0] > header.row_number],
        up_to_row=len(rows),
        whole=False,
    )
    data_rows = rows[header.row_number :]
    if (
        len(data_rows) > MAX_ROWS
        and sum(1 for row in data_rows if any(_clean(cell) is not None for cell in row)) > MAX_ROWS
    ):
        result.errors.append(
            Issue(None, f"The file has more than {MAX_ROWS:,} entries: split it into smaller files")
        )
        return result
    seen: dict = {}
    parsed: dict = {}
    for number, row in enumerate(data_rows, start=header.row_number + 1):
        _read_row(number, row, result, checks, seen, parsed)
    if not result.entries and not result.errors:
        result.errors.append(
            Issue(None, f"There are no entries below the column headings (row {header.row_number})")
        )
    return result


_TEXT_FIELDS = ("record_reference", "event", "action", "comment", "staff_role")
_LIMITED_FIELDS = tuple(
    (name, COLUMNS_BY_NAME[name].max_length)
    for name in _TEXT_FIELDS
    if COLUMNS_BY_NAME[name].max_length
)


@dataclass(frozen=True)
class _DateChecks:
    period: tuple | None
    date_of_death: date | None
    today: date


def _parsed(parse, value, memo: dict):
    """``parse(value)``, remembered for text: a chronology has many entries a day and the same
    times again and again. A value that does not parse raises each time, so every row with it
    reports its own error."""
    if value.__class__ is not str:
        return parse(value)
    key = (parse, value)
    try:
        return memo[key]
    except KeyError:
        memo[key] = outcome = parse(value)
        return outcome


def _read_row(
    number: int,
    row: list,
    result: ImportResult,
    checks: _DateChecks,
    seen: dict,
    parsed: dict,
):
    width = len(row)
    raw = {name: row[index] if index < width else None for name, index in result.columns.items()}
    if not any(_has_value(value) for value in raw.values()):
        return  # a blank row (or one with text only in columns we do not import)
    errors = []
    day = moment = None
    try:
        day, moment = _parsed(parse_date, raw.get("date"), parsed)
    except _Invalid as invalid:
        errors.append(str(invalid))
    if day is not None and day > checks.today:
        errors.append(f"The date {day:%d/%m/%Y} is in the future")
    try:
        moment = _parsed(parse_time, raw.get("time"), parsed) or moment
    except _Invalid as invalid:
        errors.append(str(invalid))
    texts = {}
    for name in _TEXT_FIELDS:
        value = raw.get(name)
        # Text, as most cells are, read here; anything else by ``_text``.
        texts[name] = (
            (value.rstrip() if value.strip() else "") if value.__class__ is str else _text(value)
        )
    if not texts["event"]:
        errors.append("The event or contact is missing")
    for name, limit in _LIMITED_FIELDS:
        if len(texts[name]) > limit:
            errors.append(
                f"The {COLUMNS_BY_NAME[name].heading.lower()} is longer than {limit} characters"
            )
    if errors:
        result.errors.extend(Issue(number, message) for message in errors)
        return
    entry = ParsedEntry(row=number, date=day, time=moment, **texts)
    result.entries.append(entry)
    _check_period(entry, checks, result)
    key = (
        entry.date,
        entry.time,
        normalise(entry.record_reference),
        normalise(entry.event),
    )
    if key in seen:
        result.warnings.append(
            Issue(
                number,
                f"This entry repeats row {seen[key]} (same date, time, reference and event)",
            )
        )
    else:
        seen[key] = number


def _check_period(entry: ParsedEntry, checks: _DateChecks, result: ImportResult) -> None:
    died = checks.date_of_death
    if died and entry.date > died:
        result.warnings.append(
            Issue(
                entry.row,
                f"The date {entry.date:%d/%m/%Y} is after the date of death ({died:%d/%m/%Y})",
            )
        )
        return
    if not checks.period:
        return
    start, end = checks.period
    if start <= entry.date <= end:
        return
    described = f"{start:%d/%m/%Y} to {end:%d/%m/%Y}"
    if entry.date < start:
        result.warnings.append(
            Issue(
                entry.row,
                f"The date {entry.date:%d/%m/%Y} is before the period under review ({described})",
            )
        )
    elif entry.date > end:
        result.warnings.append(
            Issue(
                entry.row,
                f"The date {entry.date:%d/%m/%Y} is after the period under review ({described})",
            )
        )

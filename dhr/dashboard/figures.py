"""A figure: a table of numbers with a title and a summary in words, drawn as a chart.

Sections build ``Figure`` objects from aggregate queries; the page draws each as an inline SVG
chart (``charts``) followed by its table view, and the same table is its CSV and its sheet of the
annual report, so the numbers can never differ between them. A table of people (``people=True``)
is suppressed (``suppression``) before anything reads it.
"""

from dataclasses import dataclass, field

FEWER_THAN_5 = "fewer than 5"


@dataclass
class Cell:
    """One number. ``link``: where a review manager drills down to the reviews behind it."""

    value: int | float | None
    link: str = ""
    suppressed: bool = False
    text: str = ""  # shown instead of the number (a pseudonym, a stage name, a dash)

    @property
    def display(self) -> str:
        if self.suppressed:
            return FEWER_THAN_5
        if self.text:
            return self.text
        if self.value is None:
            return "\u2013"
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return str(self.value)

    @property
    def export_value(self):
        """What a CSV or a spreadsheet cell holds: the number, or the words in its place."""
        if self.suppressed:
            return FEWER_THAN_5
        if self.text:
            return self.text
        return self.value

    @property
    def is_numeric(self) -> bool:
        return not self.text and not self.suppressed and self.value is not None


@dataclass
class Row:
    label: str
    cells: list[Cell]
    link: str = ""  # the row's own drill-down (a review's page, for its manager)
    is_total: bool = False


@dataclass
class Figure:
    """A titled table; ``chart`` says how it is drawn: "bar" (one bar per row, the first
    column, or the columns stacked when ``stacked``), "range" (median with shortest and
    longest), or "" for a table only."""

    key: str
    title: str
    summary: str
    row_heading: str
    columns: list[str]
    rows: list[Row]
    chart: str = "bar"
    stacked: bool = False
    people: bool = False  # a breakdown of people: counts of 1 to 4 are suppressed
    unit: str = ""  # "days", "reviews": read after the numbers in the chart
    chart_columns: tuple[int, ...] | None = None  # the columns drawn (default: all but totals)
    empty_text: str = "Nothing to show for this selection."
    notes: list[str] = field(default_factory=list)
    # The page shows at most this many rows (the worst first); the CSV and the annual report
    # hold them all. None: every row.
    page_rows: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def shown_rows(self) -> list[Row]:
        return self.rows if self.page_rows is None else self.rows[: self.page_rows]

    @property
    def rows_left_out(self) -> int:
        return len(self.rows) - len(self.shown_rows)

    def headings(self) -> list[str]:
        return [self.row_heading, *self.columns]

    def export_rows(self) -> list[list]:
        return [[row.label, *(cell.export_value for cell in row.cells)] for row in self.rows]


def count_rows(labels_and_counts, *, links=None) -> list[Row]:
    """Rows of one count each: ``[(label, count), ...]``; ``links`` by label."""
    links = links or {}
    return [
        Row(label, [Cell(count, link=links.get(label, ""))]) for label, count in labels_and_counts
    ]


def with_totals(rows: list[Row], *, column_total: bool = True, row_total: bool = True):
    """Adds a "Total" column (each row's sum) and a "Total" row (each column's sum)."""
    if row_total:
        for row in rows:
            row.cells.append(Cell(sum(c.value or 0 for c in row.cells)))
    if column_total and rows:
        width = len(rows[0].cells)
        totals = [Cell(sum(row.cells[i].value or 0 for row in rows)) for i in range(width)]
        rows.append(Row("Total", totals, is_total=True))
    return rows


def plural(count, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"

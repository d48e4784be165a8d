"""Charts drawn on the server as inline SVG, without JavaScript (STYLE.md 18).

The geometry is computed here from a ``Figure``'s table; ``templates/dhr/dashboard/chart.svg``
only writes it out. Series differ by pattern as well as by colour (solid, stripes, dots,
cross-hatching...), every bar carries its number as text, and the legend names each pattern,
so no reading depends on colour alone. Suppressed counts are not drawn (a bar's length would
give them away): the words "fewer than 5" stand in their place.
"""

from dataclasses import dataclass, field

from dhr.dashboard.figures import FEWER_THAN_5, Figure

# GOV.UK colours, each with a pattern; the n-th series gets the n-th.
PALETTE = [
    ("#1d70b8", "solid"),
    ("#f47738", "stripes"),
    ("#00703c", "dots"),
    ("#4c2c92", "crosshatch"),
    ("#d4351c", "horizontal"),
    ("#28a197", "vertical"),
    ("#505a5f", "stripes-reverse"),
    ("#d53880", "grid-dots"),
]
PATTERN_NAMES = {
    "solid": "solid",
    "stripes": "diagonal stripes",
    "dots": "dots",
    "crosshatch": "cross-hatching",
    "horizontal": "horizontal stripes",
    "vertical": "vertical stripes",
    "stripes-reverse": "reverse diagonal stripes",
    "grid-dots": "large dots",
}

WIDTH = 720
LABEL_WIDTH = 300
BAR_AREA = 300
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 16
LEGEND_ROW = 24
MAX_BARS = 25  # more bars than this cannot be read; the table view has every row
# A range chart: the line in a narrower area, its numbers in a column to the right.
RANGE_AREA = 250
RANGE_TEXT_X = LABEL_WIDTH + RANGE_AREA + 16
RANGE_LEGEND = "Median days (diamond), shortest to longest (line); numbers: median (range)"


@dataclass
class Segment:
    x: float
    width: float
    fill: str


@dataclass
class Bar:
    label: str
    y: float
    segments: list[Segment]
    value_text: str
    value_x: float
    # A range chart's line and its median mark
    line: tuple | None = None
    mark_x: float | None = None


@dataclass
class Chart:
    id: str
    title: str
    summary: str
    width: int
    height: int
    bars: list[Bar]
    patterns: list[dict]
    legend: list[dict] = field(default_factory=list)
    axis_y: float = 0
    label_width: int = LABEL_WIDTH
    note: str = ""


def _drawn_columns(figure: Figure) -> list[int]:
    if figure.chart_columns is not None:
        return list(figure.chart_columns)
    columns = [i for i, name in enumerate(figure.columns) if name != "Total"]
    return columns if figure.stacked else columns[:1]


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _patterns(prefix: str, count: int) -> list[dict]:
    return [
        {"id": f"{prefix}-p{i}", "colour": colour, "kind": kind, "name": PATTERN_NAMES[kind]}
        for i, (colour, kind) in enumerate(PALETTE[:count])
    ]


def build(figure: Figure) -> Chart | None:
    """The chart of ``figure``, or None when it is a table only or has no rows."""
    if not figure.chart or figure.is_empty:
        return None
    if figure.chart == "range":
        return _range_chart(figure)
    columns = _drawn_columns(figure)
    rows = _charted_rows(figure, columns)
    patterns = _patterns(f"chart-{figure.key}", max(len(columns), 1))
    legend_rows = len(columns) if figure.stacked and len(columns) > 1 else 0
    top = TOP + legend_rows * LEGEND_ROW
    totals = [
        sum(_number(row.cells[c].value) for c in columns if not row.cells[c].suppressed)
        for row in rows
    ]
    biggest = max([*totals, 0]) or 1
    scale = BAR_AREA / biggest
    bars = []
    for index, row in enumerate(rows):
        y = top + index * ROW_HEIGHT
        x = LABEL_WIDTH
        segments = []
        hidden = False
        for position, column in enumerate(columns):
            cell = row.cells[column]
            if cell.suppressed:
                hidden = True
                continue
            width = _number(cell.value) * scale
            if width <= 0:
                continue
            segments.append(Segment(x, width, f"url(#{patterns[position]['id']})"))
            x += width
        if len(columns) == 1:
            value_text = row.cells[columns[0]].display
        else:
            total = row.cells[-1] if figure.columns and figure.columns[-1] == "Total" else None
            value_text = total.display if total is not None else _plain(totals[index])
            if hidden and (total is None or not total.suppressed):
                value_text += f" (some {FEWER_THAN_5})"
        if figure.unit and value_text not in ("\u2013", FEWER_THAN_5) and not hidden:
            value_text += f" {figure.unit}"
        bars.append(Bar(row.label, y, segments, value_text, x + 6))
    legend = []
    if legend_rows:
        legend = [
            {"y": TOP + i * LEGEND_ROW - 12, "pattern": patterns[i], "label": figure.columns[c]}
            for i, c in enumerate(columns)
        ]
    height = top + len(rows) * ROW_HEIGHT + 10
    return Chart(
        f"chart-{figure.key}",
        figure.title,
        figure.summary,
        WIDTH,
        height,
        bars,
        patterns,
        legend,
        axis_y=height - 10,
        note=chart_note(figure),
    )


def _charted_rows(figure: Figure, columns: list[int]) -> list:
    """The rows drawn: all of them up to ``MAX_BARS``; beyond, the ``MAX_BARS`` largest, in
    the table's order (the table view holds every row)."""
    rows = [row for row in figure.rows if not row.is_total]
    if len(rows) <= MAX_BARS:
        return rows

    def size(row):
        return sum(_number(row.cells[c].value) for c in columns if not row.cells[c].suppressed)

    keep = {id(row) for row in sorted(rows, key=size, reverse=True)[:MAX_BARS]}
    return [row for row in rows if id(row) in keep]


def chart_note(figure: Figure) -> str:
    """A line under a chart that leaves rows out, saying so."""
    rows = [row for row in figure.rows if not row.is_total]
    if figure.chart and figure.chart != "range" and len(rows) > MAX_BARS:
        return f"The chart shows the {MAX_BARS} largest of {len(rows)}; the table has them all."
    return ""


def _plain(value: float) -> str:
    return f"{value:g}"


def _range_chart(figure: Figure) -> Chart:
    """Columns: count, median, shortest, longest. A line from shortest to longest, a mark
    at the median, and the three numbers beside it in a column of their own."""
    rows = [row for row in figure.rows if not row.is_total]
    longest = max([*(_number(row.cells[3].value) for row in rows), 0]) or 1
    scale = RANGE_AREA / longest
    patterns = _patterns(f"chart-{figure.key}", 1)
    top = TOP + LEGEND_ROW
    bars = []
    for index, row in enumerate(rows):
        y = top + index * ROW_HEIGHT
        count, median, low, high = (cell.value for cell in row.cells[:4])
        if not count:
            bars.append(Bar(row.label, y, [], "no reviews", RANGE_TEXT_X))
            continue
        x1, x2 = LABEL_WIDTH + _number(low) * scale, LABEL_WIDTH + _number(high) * scale
        mark = LABEL_WIDTH + _number(median) * scale
        low_text, high_text = _plain(_number(low)), _plain(_number(high))
        text = f"{_plain(_number(median))} ({low_text} to {high_text})"
        bars.append(Bar(row.label, y, [], text, RANGE_TEXT_X, line=(x1, x2), mark_x=mark))
    height = top + len(rows) * ROW_HEIGHT + 10
    legend = [{"y": TOP - 12, "range": True, "label": RANGE_LEGEND}]
    return Chart(
        f"chart-{figure.key}",
        figure.title,
        figure.summary,
        WIDTH,
        height,
        bars,
        patterns,
        legend,
        axis_y=height - 10,
    )

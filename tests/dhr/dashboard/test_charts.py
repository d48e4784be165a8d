"""The SVG charts: a title and summary, patterns as well as colours, nothing drawn that a
suppressed count would give away."""

from django.template.loader import render_to_string

from dhr.dashboard import charts
from dhr.dashboard.figures import Cell, Figure, Row
from dhr.dashboard.suppression import suppress


def stacked() -> Figure:
    rows = [
        Row("Panel", [Cell(6), Cell(2), Cell(8)]),
        Row("Scoping", [Cell(9), Cell(0), Cell(9)]),
    ]
    return Figure(
        "x-stacked",
        "Reviews by stage",
        "Most are at the panel.",
        "Stage",
        ["Running", "On hold", "Total"],
        rows,
        stacked=True,
    )


def test_stacked_bars_have_a_segment_per_nonzero_count_and_a_legend_by_pattern():
    chart = charts.build(stacked())
    assert [len(bar.segments) for bar in chart.bars] == [2, 1]
    assert [item["label"] for item in chart.legend] == ["Running", "On hold"]
    assert {item["pattern"]["kind"] for item in chart.legend} == {"solid", "stripes"}
    # The longest bar fills the drawing area; the others are in proportion.
    assert round(sum(s.width for s in chart.bars[1].segments)) == charts.BAR_AREA
    svg = render_to_string("dhr/dashboard/chart.svg", {"chart": chart})
    assert 'role="img"' in svg
    assert '<title id="chart-x-stacked-title">Reviews by stage</title>' in svg
    assert "Most are at the panel." in svg
    assert "On hold (diagonal stripes)" in svg
    assert svg.count("<pattern ") == 2


def test_a_suppressed_count_is_not_drawn():
    figure = stacked()
    figure.people = True
    suppress(figure, row_totals=True, column_totals=False)
    chart = charts.build(figure)
    panel = chart.bars[0]
    # 2 is hidden and so is the 6 beside it (the total 8 would give it away).
    assert panel.segments == []
    assert panel.value_text == "8 (some fewer than 5)"


def test_a_range_chart_marks_the_median_between_shortest_and_longest():
    rows = [
        Row("Panel", [Cell(3), Cell(40), Cell(10), Cell(100)]),
        Row("QA", [Cell(0), Cell(None), Cell(None), Cell(None)]),
    ]
    chart = charts.build(
        Figure("x-range", "Time", "S", "Stage", ["n", "m", "lo", "hi"], rows, chart="range")
    )
    panel, qa = chart.bars
    low, high = panel.line
    assert low < panel.mark_x < high
    assert panel.value_text == "40 (10 to 100)"
    assert chart.legend[0]["label"].startswith("Median days (diamond)")
    assert qa.value_text == "no reviews"


def test_no_chart_for_an_empty_figure_or_a_table_only():
    assert charts.build(Figure("x-e", "T", "S", "R", ["n"], [])) is None
    assert (
        charts.build(Figure("x-t", "T", "S", "R", ["n"], [Row("a", [Cell(1)])], chart="")) is None
    )


def test_a_long_table_is_charted_by_its_largest_rows_and_shown_in_part():
    rows = [Row(f"Area {n:03d}", [Cell(n)]) for n in range(40)]
    figure = Figure("x-long", "By area", "S", "Area", ["Reviews"], rows, page_rows=30)
    chart = charts.build(figure)
    assert len(chart.bars) == charts.MAX_BARS
    assert chart.bars[0].label == "Area 015"  # the 25 largest, in the table's order
    assert chart.note == "The chart shows the 25 largest of 40; the table has them all."
    assert len(figure.shown_rows) == 30
    assert figure.rows_left_out == 10
    assert len(figure.export_rows()) == 40

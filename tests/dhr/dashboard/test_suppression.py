"""Small-number suppression: 1 to 4 hidden, zero kept, and no total that gives a count away."""

from dhr.dashboard.figures import FEWER_THAN_5, Cell, Figure, Row, with_totals
from dhr.dashboard.suppression import suppress


def grid_figure(grid) -> Figure:
    rows = [Row(f"row {i}", [Cell(v) for v in values]) for i, values in enumerate(grid)]
    with_totals(rows)
    return Figure("t-x", "T", "S", "Row", [*(f"c{i}" for i in range(len(grid[0]))), "Total"], rows)


def shown(figure) -> list[list]:
    return [[cell.export_value for cell in row.cells] for row in figure.rows]


def test_counts_of_five_and_more_and_zero_are_shown():
    figure = suppress(grid_figure([[5, 0], [7, 12]]))
    assert shown(figure) == [[5, 0, 5], [7, 12, 19], [12, 12, 24]]
    assert figure.notes == []


def test_one_to_four_are_fewer_than_5_and_their_neighbours_hidden():
    figure = suppress(grid_figure([[3, 10, 0], [8, 9, 6]]))
    hidden = FEWER_THAN_5
    # The 3 is hidden; its row's total (13) would tell it, so the 10 goes too; the column of
    # 3 and 8 (total 11) would tell it, so the 8 goes too; then the 9 (column of 10) and so on
    # until no row or column has a single hidden count.
    table = shown(figure)
    assert table[0][0] == hidden
    assert table[0][2] == 0  # a true zero stays
    assert table[0][3] == 13  # totals themselves stay when two or more cells are hidden
    for line in [*table, *zip(*table, strict=True)]:
        assert list(line).count(hidden) != 1, line
    assert figure.notes


def test_a_small_total_is_hidden_too():
    figure = suppress(grid_figure([[2, 0], [6, 7]]))
    table = shown(figure)
    assert table[0] == [FEWER_THAN_5, 0, FEWER_THAN_5]
    # The column of the 2 (2 + 6 = 8) would tell it: the 6 is hidden as well.
    assert table[1][0] == FEWER_THAN_5


def test_suppressed_cells_lose_their_links():
    figure = grid_figure([[1, 9]])
    figure.rows[0].cells[0].link = "/reviews/?stage=panel"
    suppress(figure)
    assert figure.rows[0].cells[0].link == ""

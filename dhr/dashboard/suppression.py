"""Small-number suppression of tables of people (DESIGN.md 5, STYLE.md 19).

Primary: a count from 1 to 4 shows as "fewer than 5"; a true zero stays 0. Secondary: a row or
a column with a total that holds exactly one suppressed count would give it away (the total
minus the others), so the smallest other non-zero count of that line is suppressed too, and
again until no line of the table can be solved. A total that is itself 1 to 4 is suppressed
by the primary rule. Works on a ``Figure`` whose last column and last row are totals.
"""

from dhr.dashboard.figures import Figure

SMALLEST_SHOWN = 5


def is_small(value) -> bool:
    return isinstance(value, int) and 0 < value < SMALLEST_SHOWN


def suppress(figure: Figure, *, row_totals: bool = True, column_totals: bool = True) -> Figure:
    """Suppresses ``figure`` in place (and returns it). The last cell of each row is its total
    when ``row_totals``; the last row is the column totals when ``column_totals``. Links of
    suppressed cells are dropped (they would count the reviews behind them)."""
    grid = [row.cells for row in figure.rows]
    if not grid:
        return figure
    for cells in grid:
        for cell in cells:
            if is_small(cell.value):
                cell.suppressed = True
    body_rows = range(len(grid) - (1 if column_totals else 0))
    body_cols = range(len(grid[0]) - (1 if row_totals else 0))

    def lines():
        if row_totals:
            for r in range(len(grid)):
                yield [grid[r][c] for c in body_cols]
        if column_totals:
            for c in range(len(grid[0])):
                yield [grid[r][c] for r in body_rows]

    changed = True
    while changed:
        changed = False
        for line in lines():
            hidden = [cell for cell in line if cell.suppressed]
            if len(hidden) != 1:
                continue
            candidates = [cell for cell in line if not cell.suppressed and (cell.value or 0) > 0]
            if candidates:
                min(candidates, key=lambda cell: cell.value).suppressed = True
                changed = True
    for cells in grid:
        for cell in cells:
            if cell.suppressed:
                cell.link = ""
    if any(cell.suppressed for cells in grid for cell in cells):
        figure.notes.append(
            "Counts from 1 to 4 show as “fewer than 5”, and so does one more count in their "
            "row or column where the total would give them away."
        )
    return figure

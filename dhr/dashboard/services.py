"""Building the dashboard: every registered section for a scope, each figure suppressed where
it is a breakdown of people and drill-down links removed for those who may not follow them."""

from dataclasses import dataclass

from dhr.dashboard import charts, registry
from dhr.dashboard.figures import Figure
from dhr.dashboard.scope import Scope
from dhr.dashboard.suppression import suppress


@dataclass
class BuiltSection:
    key: str
    title: str
    description: str
    figures: list[Figure]


def finish(figure: Figure, scope: Scope) -> Figure:
    """Suppression first (it drops the links of hidden counts), then no links at all for
    anyone but a review manager: the steering group sees no way to a record (DESIGN.md 5)."""
    if figure.people:
        has_totals = bool(figure.columns) and figure.columns[-1] == "Total"
        has_total_row = bool(figure.rows) and figure.rows[-1].is_total
        suppress(figure, row_totals=has_totals, column_totals=has_total_row)
    if not scope.drill_down:
        for row in figure.rows:
            row.link = ""
            for cell in row.cells:
                cell.link = ""
    return figure


def build_section(section, scope: Scope) -> BuiltSection:
    figures = [finish(figure, scope) for figure in section.build(scope)]
    return BuiltSection(section.key, section.title, section.description, figures)


def build_all(scope: Scope) -> list[BuiltSection]:
    return [build_section(section, scope) for section in registry.sections()]


def find_figure(scope: Scope, key: str) -> Figure | None:
    """One figure by key (the section whose key starts it is built alone)."""
    for section in registry.sections():
        if key.startswith(section.key):
            for figure in build_section(section, scope).figures:
                if figure.key == key:
                    return figure
    return None


def with_charts(built: list[BuiltSection]) -> list[dict]:
    return [
        {
            "section": section,
            "figures": [{"figure": f, "chart": charts.build(f)} for f in section.figures],
        }
        for section in built
    ]

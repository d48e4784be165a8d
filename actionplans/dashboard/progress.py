"""Action plans on the dashboard: actions by RAG and lead agency, completion over time,
overdue actions, recommendation themes by year, confirmed and suggested repeats.

The records (``actionplans/recommendations``) are built in a separate piece of work, so this
module reads them through a small interface instead of their models. Whoever adds the models
provides a ``Source``: an object with the two methods below, each answering in ONE query for
the reviews given (a queryset of ``Review``, to be used as a subquery: ``review__in=reviews``),
and registers it in ``actionplans/recommendations/dashboard_source.py`` as ``SOURCE``::

    class Source:
        def actions(self, reviews) -> Iterable[ActionRow]: ...
        def recommendations(self, reviews) -> Iterable[RecommendationRow]: ...

    SOURCE = Source()

``register_if_available()`` (from ``ActionplansConfig.ready()``) registers the section only
when that module exists, so the dashboard never shows an empty section for missing records.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from typing import Protocol

from cases.dashboard.scope import reviews_in
from dhr.dashboard.figures import Cell, Figure, Row, plural, with_totals

RAG = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("complete", "Complete"),
    # Closed without completion: not completed (with a reason) or superseded. Counted apart,
    # so that an action plan's total is every action and none of these looks overdue.
    ("closed", "Closed, not completed"),
]


@dataclass(frozen=True)
class ActionRow:
    """One action of an action plan, as the dashboard needs it."""

    review_id: int
    lead_agency: str  # the agency's name
    rag: str  # "red", "amber", "green", "complete" or "closed" (the derived status)
    due_on: date | None
    completed_on: date | None


@dataclass(frozen=True)
class RecommendationRow:
    """One recommendation of a review."""

    review_id: int
    year: int  # the year it was made (the review's report)
    themes: tuple[str, ...]  # theme names
    repeat: str  # "confirmed", "suggested" or "" (not a repeat of an earlier one)


class Source(Protocol):
    def actions(self, reviews) -> Iterable[ActionRow]: ...

    def recommendations(self, reviews) -> Iterable[RecommendationRow]: ...


SOURCE_MODULE = "actionplans.recommendations.dashboard_source"


def figures(scope, source: Source) -> list[Figure]:
    """The action-plan figures of ``scope`` from ``source``."""
    reviews = reviews_in(scope)
    actions = list(source.actions(reviews))
    recommendations = list(source.recommendations(reviews))

    by_rag = defaultdict(int)
    by_agency = defaultdict(lambda: defaultdict(int))
    overdue = defaultdict(int)
    completed = defaultdict(int)
    for action in actions:
        by_rag[action.rag] += 1
        by_agency[action.lead_agency][action.rag] += 1
        # Overdue is red: an open action past its date (a hold stops its clock, as on the
        # action plan's own page), so the two figures always agree.
        if action.rag == "red":
            overdue[action.lead_agency] += 1
        if action.completed_on:
            completed[(action.completed_on.year, action.completed_on.month)] += 1
    rag_rows = [Row(label, [Cell(by_rag[key])]) for key, label in RAG]
    agency_rows = [
        Row(agency, [Cell(counts[key]) for key, _ in RAG])
        for agency, counts in sorted(by_agency.items())
    ]
    with_totals(agency_rows)
    month_rows = [
        Row(date(year, month, 1).strftime("%B %Y"), [Cell(n)])
        for (year, month), n in sorted(completed.items())
    ]
    overdue_rows = [
        Row(agency, [Cell(n)]) for agency, n in sorted(overdue.items(), key=lambda i: (-i[1], i[0]))
    ]

    years = sorted({rec.year for rec in recommendations})
    themes = defaultdict(lambda: defaultdict(int))
    repeats = defaultdict(int)
    for rec in recommendations:
        for theme in rec.themes or ("No theme recorded",):
            themes[theme][rec.year] += 1
        if rec.repeat:
            repeats[rec.repeat] += 1
    theme_rows = [
        Row(theme, [Cell(counts[year]) for year in years])
        for theme, counts in sorted(themes.items())
    ]
    with_totals(theme_rows, column_total=False)
    repeat_rows = [
        Row("Confirmed repeats", [Cell(repeats["confirmed"])]),
        Row("Suggested repeats, not yet confirmed", [Cell(repeats["suggested"])]),
        Row("Not a repeat", [Cell(len(recommendations) - sum(repeats.values()))]),
    ]
    done = by_rag["complete"]
    return [
        Figure(
            key="actions-rag",
            title="Actions by RAG status",
            summary=f"{plural(len(actions), 'action')}, {done} complete, {by_rag['red']} red.",
            row_heading="Status",
            columns=["Actions"],
            rows=rag_rows if actions else [],
            empty_text="No action plans in this selection.",
        ),
        Figure(
            key="actions-agency",
            title="Actions by lead agency and status",
            summary="Each lead agency's actions, by RAG status.",
            row_heading="Lead agency",
            columns=[*(label for _, label in RAG), "Total"],
            rows=agency_rows if actions else [],
            stacked=True,
            empty_text="No action plans in this selection.",
        ),
        Figure(
            key="actions-completed",
            title="Actions completed by month",
            summary=f"{plural(done, 'action')} completed"
            + (f" since {month_rows[0].label}." if month_rows else "."),
            row_heading="Month",
            columns=["Completed"],
            rows=month_rows,
            empty_text="No action has been completed yet.",
        ),
        Figure(
            key="actions-overdue",
            title="Overdue actions by lead agency",
            summary=f"{plural(sum(overdue.values()), 'action')} past their due date.",
            row_heading="Lead agency",
            columns=["Overdue"],
            rows=overdue_rows,
            empty_text="No action is overdue.",
        ),
        Figure(
            key="actions-themes",
            title="Recommendation themes by year",
            summary=f"{plural(len(recommendations), 'recommendation')} across "
            f"{plural(len(themes), 'theme')}.",
            row_heading="Theme",
            columns=[*(str(year) for year in years), "Total"],
            rows=theme_rows,
            chart_columns=(len(years),),
            empty_text="No recommendations in this selection.",
        ),
        Figure(
            key="actions-repeats",
            title="Recommendations that repeat earlier ones",
            summary=f"{plural(repeats['confirmed'], 'recommendation')} confirmed as repeating "
            f"an earlier one; {repeats['suggested']} suggested.",
            row_heading="Repeat",
            columns=["Recommendations"],
            rows=repeat_rows if recommendations else [],
            empty_text="No recommendations in this selection.",
        ),
    ]


def section_for(source: Source):
    from dhr.dashboard.registry import Section

    return Section(
        "actions",
        "Action plans and recommendations",
        lambda scope: figures(scope, source),
        order=60,
    )


def register_if_available() -> bool:
    """Registers the section when ``SOURCE_MODULE`` exists; True when it did."""
    from dhr.dashboard.registry import register_section

    try:
        module = import_module(SOURCE_MODULE)
    except ModuleNotFoundError as missing:
        if missing.name not in (SOURCE_MODULE, SOURCE_MODULE.rsplit(".", 1)[0]):
            raise  # the module exists but something it imports does not
        return False
    register_section(section_for(module.SOURCE))
    return True

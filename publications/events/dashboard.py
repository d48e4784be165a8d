"""The dashboard's "Learning events" section (``dhr.dashboard.registry``): practitioners
reached per review and per theme, for the steering group and the other dashboard readers.

Per review: the reviews of the scope (``reviews_in``), with every event that covered them. Per
theme: the events of the scope's partnerships, held in its year when one is chosen. The counts
are of practitioners (staff of agencies), not of the people of a review, so they are not
suppressed. Two queries, whatever the number of events.
"""

from cases.dashboard.scope import reviews_in
from dhr.dashboard.figures import Cell, Figure, Row, plural
from publications.events import services
from publications.events.models import LearningEvent

COLUMNS = ["Practitioners reached", "Registered", "Events"]


def _rows(reach_rows) -> list[Row]:
    return [
        Row(row.label, [Cell(row.attended), Cell(row.registered), Cell(row.events)])
        for row in reach_rows
    ]


def learning(scope) -> list[Figure]:
    events = LearningEvent.objects.filter(partnership__in=list(scope.partnership_ids))
    if scope.year:
        events = events.filter(held_on__year=scope.year)
    by_review = services.reach_by_review(reviews_in(scope))
    by_theme = services.reach_by_theme(events)
    reached = sum(row.attended for row in by_review)
    return [
        Figure(
            key="learning-reviews",
            title="Practitioners reached per review",
            summary=(
                f"{plural(len(by_review), 'review')} covered by learning events, "
                f"{plural(reached, 'attendance')} in all."
            ),
            row_heading="Review",
            columns=COLUMNS,
            rows=_rows(by_review),
            chart_columns=(0,),
            unit="practitioners",
            empty_text="No learning event has covered a review in this selection.",
            notes=["An event that covers several reviews counts its attendees for each."],
        ),
        Figure(
            key="learning-themes",
            title="Practitioners reached per theme",
            summary=f"{plural(len(by_theme), 'theme')} covered by learning events.",
            row_heading="Theme",
            columns=COLUMNS,
            rows=_rows(by_theme),
            chart_columns=(0,),
            unit="practitioners",
            empty_text="No learning event has covered a theme in this selection.",
        ),
    ]


def register() -> None:
    from dhr.dashboard.registry import Section, register_section

    register_section(
        Section(
            "learning",
            "Learning events",
            learning,
            order=90,
            description="Practitioners who attended the events that covered each review and theme.",
        )
    )

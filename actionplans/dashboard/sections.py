"""The Domestic Abuse Commissioner's recommendations on the dashboard: responses within the
56 days of the Domestic Abuse Act 2021 s.16, late, and still awaited.

Read from each recommendation's response deadline (``cases.Deadline``, kind
``commissioner_response``): met on or before its due date is on time, after it late; open is
awaited, overdue once past its due date. Withdrawn (cancelled) deadlines do not count.
"""

from collections import defaultdict

from django.db.models import Count, F, Q

from cases.dashboard.scope import deadlines_in
from cases.models import DeadlineKind
from dhr.dashboard.figures import Cell, Figure, Row, plural, with_totals

STATUSES = [
    "Responded within 56 days",
    "Responded late",
    "Awaited, not yet due",
    "Awaited, overdue",
]


def commissioner(scope) -> list[Figure]:
    today = scope.today
    responses = deadlines_in(scope).filter(
        kind=DeadlineKind.COMMISSIONER_RESPONSE, cancelled_on__isnull=True
    )
    counted = responses.values("owner_agency__name").annotate(
        on_time=Count("pk", filter=Q(met_on__isnull=False, met_on__lte=F("due_on"))),
        late=Count("pk", filter=Q(met_on__isnull=False, met_on__gt=F("due_on"))),
        waiting=Count("pk", filter=Q(met_on__isnull=True, due_on__gte=today)),
        overdue=Count("pk", filter=Q(met_on__isnull=True, due_on__lt=today)),
    )
    by_agency = defaultdict(lambda: [0, 0, 0, 0])
    for row in counted.order_by():
        numbers = by_agency[row["owner_agency__name"] or "Not recorded"]
        for index, key in enumerate(("on_time", "late", "waiting", "overdue")):
            numbers[index] += row[key]
    totals = [sum(numbers[i] for numbers in by_agency.values()) for i in range(4)]
    status_rows = [Row(label, [Cell(totals[i])]) for i, label in enumerate(STATUSES)]
    agency_rows = [
        Row(name, [Cell(n) for n in numbers]) for name, numbers in sorted(by_agency.items())
    ]
    with_totals(agency_rows)
    answered = totals[0] + totals[1]
    summary = (
        f"{plural(sum(totals), 'recommendation')}: {answered} answered "
        f"({totals[0]} within 56 days), {totals[2] + totals[3]} awaited, {totals[3]} overdue."
    )
    return [
        Figure(
            key="commissioner-status",
            title="Responses to the Commissioner's recommendations",
            summary=summary,
            row_heading="Response",
            columns=["Recommendations"],
            rows=status_rows,
            notes=["A public body must respond within 56 days (Domestic Abuse Act 2021, s.16)."],
        ),
        Figure(
            key="commissioner-agency",
            title="Responses to the Commissioner by public body",
            summary="Which public bodies have answered the Commissioner, and on time.",
            row_heading="Public body",
            columns=[*STATUSES, "Total"],
            rows=agency_rows if by_agency else [],
            stacked=True,
            empty_text="No recommendations from the Commissioner in this selection.",
        ),
    ]


def register() -> None:
    from actionplans.dashboard import progress
    from dhr.dashboard.registry import Section, register_section

    register_section(
        Section("commissioner", "The Commissioner's recommendations", commissioner, order=50)
    )
    progress.register_if_available()

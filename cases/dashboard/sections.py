"""The dashboard sections of ``cases``: the pipeline, slippage against the statutory clocks,
time in stage, overdue deadlines and the committee's statistics (DESIGN.md 5, issue 11).

Each ``build`` takes a ``dhr.dashboard.scope.Scope`` and returns ``Figure`` objects built from
a fixed number of aggregate queries. Labels name reviews by reference and pseudonym only.
"""

from collections import defaultdict
from datetime import date
from statistics import median

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from cases.dashboard import slippage
from cases.dashboard.scope import deadlines_in, review_list_link, reviews_in
from cases.lifecycle import clocks
from cases.models import (
    DeadlineKind,
    Hold,
    InformationRequest,
    QARound,
    Review,
    Stage,
    StageChange,
    Subject,
)
from dhr.dashboard.figures import Cell, Figure, Row, plural, with_totals
from dhr.models import Partnership

STAGE_LABELS = dict(Stage.choices)
PAGE_ROWS = 50  # rows of a list of reviews on the page (the CSV has all)


def _partnerships(scope) -> list:
    return list(Partnership.objects.filter(pk__in=list(scope.partnership_ids)).order_by("name"))


def _label(review) -> str:
    return f"{review.reference} (Case {review.pseudonym})"


# --- The pipeline ------------------------------------------------------------------------------


def pipeline(scope) -> list[Figure]:
    reviews = reviews_in(scope)
    by_stage = defaultdict(lambda: [0, 0])
    by_area = defaultdict(lambda: [0, 0, 0])
    for row in reviews.values("stage", "is_on_hold", "partnership").annotate(n=Count("pk")):
        by_stage[row["stage"]][1 if row["is_on_hold"] else 0] += row["n"]
        area = by_area[row["partnership"]]
        if row["stage"] == Stage.CLOSED:
            area[2] += row["n"]
        else:
            area[1 if row["is_on_hold"] else 0] += row["n"]
    stage_rows = []
    for stage in Stage:
        running, held = by_stage[stage.value]
        stage_rows.append(
            Row(
                stage.label,
                [
                    Cell(
                        running, link=review_list_link(scope, stage=stage.value) if running else ""
                    ),
                    Cell(
                        held,
                        link=review_list_link(scope, stage=stage.value, on_hold="true")
                        if held
                        else "",
                    ),
                ],
            )
        )
    with_totals(stage_rows)
    total = stage_rows[-1].cells[-1].value
    held_total = stage_rows[-1].cells[1].value
    open_total = total - by_stage[Stage.CLOSED][0] - by_stage[Stage.CLOSED][1]
    area_rows = []
    for partnership in _partnerships(scope):
        running, held, closed = by_area[partnership.pk]

        def link(pk=partnership.pk, **filters):
            return review_list_link(scope, partnership=pk, **filters)

        area_rows.append(
            Row(
                partnership.name,
                [
                    Cell(running),
                    Cell(held, link=link(on_hold="true") if held else ""),
                    Cell(closed, link=link(stage=Stage.CLOSED) if closed else ""),
                ],
                link=link() if running + held + closed else "",
            )
        )
    with_totals(area_rows)
    busiest = max(area_rows[:-1], key=lambda r: r.cells[-1].value, default=None)
    return [
        Figure(
            key="pipeline-stage",
            title="Reviews by stage",
            summary=(
                f"{plural(total, 'review')} in this selection: {open_total} open, "
                f"{held_total} of them on hold."
            ),
            row_heading="Stage",
            columns=["Running", "On hold", "Total"],
            rows=stage_rows,
            stacked=True,
            unit="",
        ),
        Figure(
            key="pipeline-area",
            title="Reviews by partnership area",
            summary=(
                f"{busiest.label} has the most reviews ({busiest.cells[-1].value})."
                if busiest and busiest.cells[-1].value
                else "No reviews in this selection."
            ),
            row_heading="Partnership area",
            columns=["Open, running", "Open, on hold", "Closed", "Total"],
            rows=area_rows,
            stacked=True,
        ),
    ]


# --- Slippage ---------------------------------------------------------------------------------


def _days_on_hold(holds, today: date) -> dict:
    """{review_id: {reason: days}} from Hold rows (an open hold counts to today)."""
    found = defaultdict(lambda: defaultdict(int))
    for review_id, reason, started_at, ended_at in holds:
        end = timezone.localdate(ended_at) if ended_at else today
        found[review_id][reason] += (end - timezone.localdate(started_at)).days
    return found


def _clock_days(review, today: date):
    """The clock that matters now and its days against it: positive when late (or met late),
    negative when there is time to spare."""
    decision, completion = clocks.review_clocks(review, today)
    for clock in (decision, completion) if not decision.met_on else (completion,):
        if not clock.started:
            continue
        if clock.met_on:
            return clock.name, (clock.met_on - clock.due_on).days, "met"
        return clock.name, -clock.days_left, "paused" if clock.paused else "running"
    return "", None, ""


def slippage_figures(scope) -> list[Figure]:
    today = scope.today
    reviews = reviews_in(scope).exclude(stage=Stage.CLOSED)
    open_reviews = list(
        reviews.select_related("partnership")
        .annotate(qa_rounds_count=Count("qa_rounds"))
        .order_by("reference")
    )
    holds = _days_on_hold(
        Hold.objects.filter(review__in=reviews).values_list(
            "review_id", "reason", "started_at", "ended_at"
        ),
        today,
    )
    info_waits = defaultdict(int)
    for review_id, sent_on, answered_at in InformationRequest.objects.filter(
        review__in=reviews, withdrawn=False
    ).values_list("review_id", "sent_on", "answered_at"):
        end = timezone.localdate(answered_at) if answered_at else today
        info_waits[review_id] = max(info_waits[review_id], (end - sent_on).days)
    extra = [(column.title, column.compute(reviews, today)) for column in slippage.columns()]
    reasons = list(Hold.Reason)
    rows, late = [], []
    for review in open_reviews:
        clock, days, state = _clock_days(review, today)
        link = reverse("cases:detail", args=[review.reference])
        cells = [
            Cell(
                None, text=review.get_stage_display() + (" (on hold)" if review.is_on_hold else "")
            ),
            Cell(None, text=f"{clock} ({state})" if clock else "Not started"),
            Cell(days),
            *(Cell(holds[review.pk][reason.value]) for reason in reasons),
            Cell(review.qa_rounds_count),
            Cell(info_waits.get(review.pk, 0)),
            *(Cell(values.get(review.pk, 0)) for _, values in extra),
        ]
        rows.append(Row(_label(review), cells, link=link))
        if days is not None and days > 0:
            late.append(Row(_label(review), [Cell(days)], link=link))
    late.sort(key=lambda row: -row.cells[0].value)
    # The latest first: the page shows the first rows, the CSV all of them.
    rows.sort(key=lambda row: -(row.cells[2].value if row.cells[2].value is not None else -99999))
    columns = [
        "Stage",
        "Statutory clock",
        "Days late (negative: days to spare)",
        *(f"Days on hold: {reason.label.lower()}" for reason in reasons),
        "Home Office QA rounds",
        "Longest wait for an information return (days)",
        *(title for title, _ in extra),
    ]
    hold_rows = _hold_reasons(reviews_in(scope), today)
    qa_rows = _qa_rounds(reviews_in(scope))
    total_hold = sum(row.cells[1].value for row in hold_rows)
    return [
        Figure(
            key="slippage-late",
            title="Open reviews past a statutory due date",
            summary=(
                f"{plural(len(late), 'open review')} of {len(open_reviews)} "
                f"{'is' if len(late) == 1 else 'are'} past the due date of a statutory clock"
                + (f"; the latest by {late[0].cells[0].value} days." if late else ".")
            ),
            row_heading="Review",
            columns=["Days late"],
            rows=late,
            unit="days",
            page_rows=PAGE_ROWS,
            empty_text="No open review is past a statutory due date.",
        ),
        Figure(
            key="slippage-reviews",
            title="Open reviews against their statutory clocks, and why",
            summary=(
                "For each open review: the clock that matters now, the days late or to spare, "
                "and where time went (holds by reason, QA rounds, waits for agencies)."
            ),
            row_heading="Review",
            columns=columns,
            rows=rows,
            chart="",
            page_rows=PAGE_ROWS,
            empty_text="No open reviews in this selection.",
        ),
        Figure(
            key="slippage-holds",
            title="Time on hold by reason",
            summary=f"Reviews in this selection spent {plural(total_hold, 'day')} on hold.",
            row_heading="Reason",
            columns=["Days on hold", "Holds"],
            rows=hold_rows,
            chart_columns=(0,),
            unit="days",
        ),
        Figure(
            key="slippage-qa",
            title="Reviews by number of Home Office QA rounds",
            summary=(
                f"{plural(sum(r.cells[0].value for r in qa_rows[1:]), 'review')} needed more "
                "than one QA round."
            ),
            row_heading="QA rounds",
            columns=["Reviews"],
            rows=qa_rows,
        ),
    ]


def _hold_reasons(reviews, today) -> list[Row]:
    days = defaultdict(int)
    counts = defaultdict(int)
    for reason, started_at, ended_at in Hold.objects.filter(review__in=reviews).values_list(
        "reason", "started_at", "ended_at"
    ):
        end = timezone.localdate(ended_at) if ended_at else today
        days[reason] += (end - timezone.localdate(started_at)).days
        counts[reason] += 1
    return [
        Row(reason.label, [Cell(days[reason.value]), Cell(counts[reason.value])])
        for reason in Hold.Reason
    ]


def _qa_rounds(reviews) -> list[Row]:
    counted = defaultdict(int)
    rounds = QARound.objects.filter(review__in=reviews).values("review").annotate(n=Count("pk"))
    for row in rounds.order_by():
        counted[min(row["n"], 3)] += 1
    return [
        Row("1 round", [Cell(counted[1])]),
        Row("2 rounds", [Cell(counted[2])]),
        Row("3 or more rounds", [Cell(counted[3])]),
    ]


# --- Time in stage -------------------------------------------------------------------------------


def stage_durations(changes, today: date) -> dict:
    """{stage: [days per review]} from StageChange rows ``(review_id, from, to, at)`` in
    order: a review's days in a stage run from the change into it to the change out of it
    (to today while it is still there), summed over its visits. Holds and resumptions, which
    keep the stage, do not end a visit. Closed is the end, not a stage one waits in."""
    per_review = defaultdict(lambda: defaultdict(int))
    current = {}
    for review_id, from_stage, to_stage, at in changes:
        if from_stage == to_stage and from_stage:
            continue
        day = timezone.localdate(at)
        if review_id in current:
            stage, since = current[review_id]
            per_review[review_id][stage] += (day - since).days
        current[review_id] = (to_stage, day)
    for review_id, (stage, since) in current.items():
        if stage != Stage.CLOSED:
            per_review[review_id][stage] += (today - since).days
    durations = defaultdict(list)
    for stages in per_review.values():
        for stage, days in stages.items():
            durations[stage].append(days)
    return durations


def time_in_stage(scope) -> list[Figure]:
    changes = (
        StageChange.objects.filter(review__in=reviews_in(scope))
        .order_by("review_id", "at", "pk")
        .values_list("review_id", "from_stage", "to_stage", "at")
    )
    durations = stage_durations(changes, scope.today)
    rows = []
    for stage in Stage:
        if stage == Stage.CLOSED:
            continue
        days = durations.get(stage.value, [])
        if days:
            middle = median(days)
            middle = int(middle) if float(middle).is_integer() else round(middle, 1)
            rows.append(
                Row(stage.label, [Cell(len(days)), Cell(middle), Cell(min(days)), Cell(max(days))])
            )
        else:
            rows.append(Row(stage.label, [Cell(0), Cell(None), Cell(None), Cell(None)]))
    slowest = max(
        (r for r in rows if r.cells[0].value), key=lambda r: r.cells[1].value, default=None
    )
    return [
        Figure(
            key="stage-time",
            title="Time in stage",
            summary=(
                f"Reviews spend longest at “{slowest.label}”: "
                f"a median of {slowest.cells[1].value} days."
                if slowest
                else "No stage changes in this selection."
            ),
            row_heading="Stage",
            columns=["Reviews", "Median days", "Shortest (days)", "Longest (days)"],
            rows=rows,
            chart="range",
            notes=[
                "Counted from the stage-change records of open and closed reviews, in calendar "
                "days, including any time on hold; a review still in a stage counts to today."
            ],
        )
    ]


# --- Overdue deadlines ---------------------------------------------------------------------------


def overdue_deadlines(scope) -> list[Figure]:
    overdue = deadlines_in(scope).overdue(scope.today)
    kinds = dict(DeadlineKind.choices)
    by_kind = defaultdict(int)
    by_agency = defaultdict(int)
    for row in overdue.values("kind", "owner_agency__name").annotate(n=Count("pk")):
        by_kind[row["kind"]] += row["n"]
        by_agency[row["owner_agency__name"] or "Review manager or chair (a person)"] += row["n"]
    kind_rows = [Row(kinds[k], [Cell(n)]) for k, n in sorted(by_kind.items(), key=lambda i: -i[1])]
    agency_rows = [
        Row(a, [Cell(n)]) for a, n in sorted(by_agency.items(), key=lambda i: (-i[1], i[0]))
    ]
    total = sum(by_kind.values())
    summary = f"{plural(total, 'deadline')} overdue (not counting reviews on hold)" + (
        f"; most are “{kind_rows[0].label}”." if kind_rows else "."
    )
    return [
        Figure(
            key="overdue-kind",
            title="Overdue deadlines by kind",
            summary=summary,
            row_heading="Kind of deadline",
            columns=["Overdue"],
            rows=kind_rows,
            empty_text="No deadline is overdue.",
        ),
        Figure(
            key="overdue-agency",
            title="Overdue deadlines by agency",
            summary=(
                f"{agency_rows[0].label} has the most overdue ({agency_rows[0].cells[0].value})."
                if agency_rows
                else "No deadline is overdue."
            ),
            row_heading="Owner",
            columns=["Overdue"],
            rows=agency_rows,
            empty_text="No deadline is overdue.",
        ),
    ]


# --- The committee's statistics ----------------------------------------------------------------


def statistics(scope) -> list[Figure]:
    reviews = reviews_in(scope)
    commissioned = (
        reviews.filter(decision__in=[Review.Decision.COMMISSION, Review.Decision.JOINT])
        .annotate(year_decided=ExtractYear("decision_on"))
        .values("partnership", "year_decided")
        .annotate(n=Count("pk"))
    )
    counts = {(r["partnership"], r["year_decided"]): r["n"] for r in commissioned}
    years = sorted({year for _, year in counts})
    area_rows = [
        Row(p.name, [Cell(counts.get((p.pk, year), 0)) for year in years])
        for p in _partnerships(scope)
    ]
    with_totals(area_rows)
    total_commissioned = sum(counts.values())

    victims = (
        Subject.objects.filter(review__in=reviews, role=Subject.Role.VICTIM)
        .values("age_band", "sex")
        .annotate(n=Count("pk"))
    )
    grid = {(v["age_band"] or "", v["sex"] or ""): v["n"] for v in victims}
    sexes = [*Subject.Sex.choices, ("", "Not recorded")]
    bands = [*Subject.AgeBand.choices, ("", "Not recorded")]
    victim_rows = [
        Row(label, [Cell(grid.get((band, sex), 0)) for sex, _ in sexes]) for band, label in bands
    ]
    with_totals(victim_rows)
    victim_total = victim_rows[-1].cells[-1].value

    relationships = {
        r["relationship_category"]: r["n"]
        for r in reviews.values("relationship_category").annotate(n=Count("pk"))
    }
    relationship_rows = [
        Row(label, [Cell(relationships.get(value, 0))])
        for value, label in [*Review.Relationship.choices, ("", "Not recorded")]
    ]
    with_totals(relationship_rows, row_total=False)
    return [
        Figure(
            key="stats-commissioned",
            title="Reviews commissioned per year and area",
            summary=f"{plural(total_commissioned, 'review')} commissioned"
            + (
                f", {years[0]} to {years[-1]}."
                if len(years) > 1
                else (f" in {years[0]}." if years else ".")
            ),
            row_heading="Partnership area",
            columns=[*(str(year) for year in years), "Total"],
            rows=area_rows,
            chart_columns=(len(years),),
            notes=["By the year of the decision to commission."],
        ),
        Figure(
            key="stats-victims",
            title="Victims by sex and age band",
            summary=f"{victim_total if victim_total >= 5 or not victim_total else 'Fewer than 5'} "
            "victims in this selection, by age band and sex.",
            row_heading="Age band",
            columns=[*(label for _, label in sexes), "Total"],
            rows=victim_rows,
            stacked=True,
            people=True,
        ),
        Figure(
            key="stats-relationship",
            title="Reviews by relationship category",
            summary="Which relationship the deaths in this selection arose from.",
            row_heading="Relationship category",
            columns=["Reviews"],
            rows=relationship_rows,
            people=True,
        ),
    ]


def register() -> None:
    """The sections of ``cases``, registered from ``CasesConfig.ready()``."""
    from dhr.dashboard.registry import Section, register_review_types, register_section

    register_review_types(Review.ReviewType.choices)
    register_section(Section("pipeline", "Where the reviews are", pipeline, order=10))
    register_section(
        Section(
            "slippage",
            "Slippage against the statutory clocks",
            slippage_figures,
            order=20,
            description=(
                "The decision is due a month after notification, and the review six months "
                "after the decision to commission; holds stop both clocks."
            ),
        )
    )
    register_section(Section("stage", "Time in stage", time_in_stage, order=30))
    register_section(Section("overdue", "Overdue deadlines", overdue_deadlines, order=40))
    register_section(
        Section(
            "stats",
            "Statistics for the committee",
            statistics,
            order=80,
            description="As a partnership reports them: small numbers of people are suppressed.",
        )
    )

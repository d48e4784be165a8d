"""The panels of the national data set (see ``dhr.national``): the chair pool, panel seats (and
the agencies' grants they imply), chronology requests, submitted versions and 2,000,000
chronology entries at scale 1.0 (the large reviews: 20 agencies x 2,000 entries), one meeting per
panel, and the agencies' chronology deadlines. Entries are made by one set-based INSERT from
``generate_series``, deterministic in the version's id and row number."""

from datetime import timedelta

from django.urls import reverse

from cases.deadlines.models import DeadlineKind as K
from cases.models import Stage
from dhr import national
from dhr.national import Context, copy_history, copy_rows, execute, reserve_ids
from panels.models import (
    ChairProfile,
    ContributionRequest,
    ContributionVersion,
    MeetingAttendance,
    PanelMeeting,
    PanelMember,
)

PANEL_SIZE = 5
EVENTS = [
    "Call from a neighbour reporting shouting at the address",
    "Victim disclosed controlling behaviour",
    "Perpetrator arrested for criminal damage",
    "Victim declined to support a prosecution",
    "Welfare check after a missed appointment",
    "Referral from the GP for low mood",
    "Assessment: victim mentioned arguments at home",
    "Missed appointment; letter sent",
    "Housing repair request after a broken door",
    "Referral to the specialist domestic abuse service",
    "Risk assessment completed: medium risk",
    "MARAC referral discussed and not made",
]
ACTIONS = [
    "Officers attended",
    "Assessment booked",
    "Letter sent",
    "No further action",
    "Referred on",
    "Advice given",
    "Safety plan agreed",
]
ROLES = ["PC", "DS", "Triage nurse", "CPN", "Social worker", "Housing officer", "IDVA", "GP"]


def _sql_array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def seed_panels(ctx: Context) -> None:
    rng = ctx.rng
    data = ctx.data
    plans = data["reviews"]
    agency_ids = data["agency_ids"]
    members_of = data["members_of"]
    agency_group = data["agency_group"]

    # The chair pool: every chair user has a profile.
    chairs = data["by_role"]["chair"]
    first = reserve_ids(ChairProfile, len(chairs))
    copy_rows(
        ChairProfile,
        ["id", "user_id", "background"],
        (
            (first + k, uid, "Independent chair; former senior manager in public services.")
            for k, uid in enumerate(chairs)
        ),
        ctx,
    )
    copy_history(ChairProfile, first_id=first, last_id=first + len(chairs) - 1)

    seats, requests, versions, meetings = [], [], [], []
    panel_reviews = [
        p for p in plans if p.reached(Stage.CHAIR_APPOINTED) and not p.not_commissioned
    ]
    for plan in panel_reviews:
        pool = data["pools"][plan.partnership_index]
        size = national.LARGE_PANEL if plan.large else PANEL_SIZE
        chosen = list(dict.fromkeys(plan.requested + pool))
        if len(chosen) < size:
            chosen += [a for a in agency_ids if a not in chosen][: size - len(chosen)]
        plan.panel = chosen[:size]
        seat_day = plan.dates["commissioned"] + timedelta(days=2)
        for agency in plan.panel:
            seats.append((plan.id, agency, "agency", seat_day, ctx.at(seat_day)))
            data["grants"].add((agency_group[agency], plan.id))

    first = reserve_ids(PanelMember, len(seats))
    copy_rows(
        PanelMember,
        ["review_id", "agency_id", "role", "added_on", "created_at", "id"],
        ((*row, first + k) for k, row in enumerate(seats)),
        ctx,
    )
    copy_history(PanelMember, first_id=first, last_id=first + len(seats) - 1)

    # Chronologies: every panel agency of a review at the panel stage or later was asked for one
    # and submitted it; the entries are shared out to reach the national total.
    chronology_reviews = [p for p in panel_reviews if p.reached(Stage.PANEL)]
    large_each = max(
        10, min(national.LARGE_CHRONOLOGY, round(national.LARGE_CHRONOLOGY * ctx.scale * 10))
    )
    total = ctx.count("chronology_entries", minimum=100)
    large_total = sum(len(p.panel) * large_each for p in chronology_reviews if p.large)
    ordinary = sum(len(p.panel) for p in chronology_reviews if not p.large)
    # Ordinary chronologies vary in length (half to one and a half times the mean), scaled so
    # that all entries add up to the total exactly.
    budget = max(ordinary, total - large_total)
    weights = [rng.uniform(0.5, 1.5) for _ in range(ordinary)]
    scale = budget / sum(weights) if weights else 0
    lengths = [max(1, int(w * scale)) for w in weights]
    for k in range(budget - sum(lengths)):
        lengths[k % len(lengths)] += 1
    lengths.reverse()  # taken from the end with pop()
    first_request = reserve_ids(ContributionRequest, sum(len(p.panel) for p in chronology_reviews))
    rid = first_request
    for plan in chronology_reviews:
        asked = plan.dates["panel"]
        for agency in plan.panel:
            count = large_each if plan.large else lengths.pop()
            member = members_of[agency][0] if members_of[agency] else None
            submitted = asked + timedelta(days=rng.randint(10, 40))
            requests.append(
                (
                    rid,
                    plan.id,
                    agency,
                    "chronology",
                    asked,
                    asked + timedelta(days=28),
                    plan.manager_id,
                    "submitted",
                    ctx.at(submitted),
                    member,
                    ctx.at(asked),
                    "All contacts with the victim and the perpetrator in the period.",
                )
            )
            versions.append(
                (
                    rid,
                    1,
                    f"national/chronology-{rid}.csv",
                    f"chronology-{rid}.csv",
                    "text/csv",
                    1000 + count * 80,
                    f"{rid:064x}",
                    count,
                    member,
                    ctx.at(submitted),
                    ctx.at(submitted),
                )
            )
            data["deadlines"].append(
                (
                    plan.id,
                    plan.partnership_id,
                    K.AGENCY_CHRONOLOGY,
                    K.AGENCY_CHRONOLOGY.label,
                    agency,
                    None,
                    asked + timedelta(days=28),
                    "Due date set by the review manager",
                    f"panels.contributionrequest:{rid}",
                    reverse("cases:detail", args=[plan.reference]),
                    asked,
                    submitted,
                )
            )
            rid += 1
        meeting_day = asked + timedelta(days=30)
        meetings.append(
            (
                plan.id,
                meeting_day,
                "Council offices, committee room 2",
                "1. Chronologies\n2. Terms of reference",
                plan.chair_id or plan.manager_id,
                ctx.at(meeting_day),
                plan.panel,
            )
        )
    copy_rows(
        ContributionRequest,
        [
            "id",
            "review_id",
            "agency_id",
            "kind",
            "requested_on",
            "due_on",
            "requested_by_id",
            "status",
            "submitted_at",
            "submitted_by_id",
            "created_at",
            "details",
        ],
        requests,
        ctx,
    )
    copy_history(
        ContributionRequest, first_id=first_request, last_id=rid - 1, user_sql="t.requested_by_id"
    )
    first_version = reserve_ids(ContributionVersion, len(versions))
    copy_rows(
        ContributionVersion,
        [
            "request_id",
            "number",
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "entry_count",
            "uploaded_by_id",
            "uploaded_at",
            "submitted_at",
            "id",
        ],
        ((*row, first_version + k) for k, row in enumerate(versions)),
        ctx,
    )
    copy_history(
        ContributionVersion,
        first_id=first_version,
        last_id=first_version + len(versions) - 1,
        date_sql="t.uploaded_at",
        user_sql="t.uploaded_by_id",
    )
    data["version_range"] = (first_version, first_version + len(versions) - 1)

    first_meeting = reserve_ids(PanelMeeting, len(meetings))
    copy_rows(
        PanelMeeting,
        ["id", "review_id", "held_on", "location", "agenda", "created_by_id", "created_at"],
        ((first_meeting + k, *row[:6]) for k, row in enumerate(meetings)),
        ctx,
    )
    copy_history(
        PanelMeeting,
        first_id=first_meeting,
        last_id=first_meeting + len(meetings) - 1,
        user_sql="t.created_by_id",
    )
    attendance = [
        (first_meeting + k, agency, "attended" if (k + j) % 7 else "apologies")
        for k, row in enumerate(meetings)
        for j, agency in enumerate(row[6])
    ]
    first = reserve_ids(MeetingAttendance, len(attendance))
    copy_rows(
        MeetingAttendance,
        ["id", "meeting_id", "agency_id", "status"],
        ((first + k, *row) for k, row in enumerate(attendance)),
        ctx,
    )
    copy_history(MeetingAttendance, first_id=first, last_id=first + len(attendance) - 1)


def seed_chronology_entries(ctx: Context) -> None:
    """Every submitted version's entries, in one statement: dates spread over the five years
    before the death, texts from short invented lists."""
    first, last = ctx.data["version_range"]
    if last < first:
        return
    # Texts chosen by the version's place in this data set, not its id: the same on every run.
    first_agency = ctx.data["agency_ids"][0]
    execute(
        "INSERT INTO panels_chronologyentry (review_id, agency_id, version_id, row_number, date, "  # noqa: S608
        "time, record_reference, event, action, comment, staff_role) "
        "SELECT cr.review_id, cr.agency_id, v.id, g, "
        "r.date_of_death - 1826 + ((g::bigint * 1820) / v.entry_count)::int, "
        f"make_time(8 + (g + v.id - {first})::int %% 11, ((g * 7) %% 60)::int, 0), "
        f"'REF-' || (v.id - {first} + 1) || '-' || g, "
        f"({_sql_array(EVENTS)})[1 + (g + v.id - {first}) %% {len(EVENTS)}], "
        f"({_sql_array(ACTIONS)})[1 + (g * 3 + v.id - {first}) %% {len(ACTIONS)}], "
        "CASE WHEN g %% 5 = 0 THEN 'Information shared with the panel' ELSE '' END, "
        f"({_sql_array(ROLES)})[1 + (g + cr.agency_id - {first_agency}) %% {len(ROLES)}] "
        "FROM panels_contributionversion v "
        "JOIN panels_contributionrequest cr ON cr.id = v.request_id "
        "JOIN cases_review r ON r.id = cr.review_id "
        "CROSS JOIN LATERAL generate_series(1, v.entry_count) AS g "
        "WHERE v.id BETWEEN %s AND %s ORDER BY v.id, g",
        [first, last],
    )


national.register_part(30, "chairs, panels, chronology requests, meetings", seed_panels)
national.register_part(31, "chronology entries", seed_chronology_entries)

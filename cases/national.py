"""The reviews of the national data set (see ``dhr.national``): 5,000 at scale 1.0 over 15 years and
every stage, with their subjects, information requests, decisions, terms of reference, QA rounds,
holds, deadlines, stage changes, the agencies' grants and the review's history, in the shapes the
lifecycle's domain functions (``cases.lifecycle.workflow``) leave, written set-based."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.urls import reverse

from cases.deadlines.models import DeadlineKind as K
from cases.deadlines.timescales import timescale_of
from cases.models import (
    Deadline,
    Hold,
    InformationRequest,
    QARound,
    ReferenceCounter,
    Review,
    ReviewGroupObjectPermission,
    ReviewUserObjectPermission,
    Stage,
    StageChange,
    Subject,
    TermsOfReference,
)
from dhr import national
from dhr.national import Context, copy_history, copy_rows, execute, reserve_ids

STAGES = list(Stage)
S = {stage: index for index, stage in enumerate(STAGES)}
# How the national reviews are spread over the stages (most of 15 years' reviews are closed).
STAGE_WEIGHTS = {
    Stage.NOTIFIED: 2,
    Stage.SCOPING: 3,
    Stage.DECISION: 2,
    Stage.COMMISSIONED: 2,
    Stage.CHAIR_APPOINTED: 3,
    Stage.PANEL: 12,
    Stage.QA_SUBMITTED: 4,
    Stage.AMENDMENTS_REQUESTED: 2,
    Stage.QA_APPROVED: 2,
    Stage.SENT_TO_COMMISSIONER: 3,
    Stage.PUBLISHED: 5,
    Stage.MONITORING: 15,
    Stage.CLOSED: 45,
}
PSEUDONYMS = [
    "Aurora",
    "Bryn",
    "Celandine",
    "Dahlia",
    "Elowen",
    "Fern",
    "Greer",
    "Hazel",
    "Iona",
    "Juniper",
    "Kestrel",
    "Linnea",
    "Marigold",
    "Nerys",
    "Odette",
    "Primrose",
    "Rowan",
    "Saffron",
    "Tansy",
    "Wren",
]
REQUESTS_PER_REVIEW = 6


@dataclass
class Plan:
    """One national review: what happened to it and when (the demo's ``advance`` timeline,
    stretched at random)."""

    index: int
    id: int
    partnership_id: int
    partnership_index: int
    stage: Stage
    large: bool
    manager_id: int
    chair_id: int | None
    dates: dict = field(default_factory=dict)
    requested: list = field(default_factory=list)
    not_commissioned: bool = False
    resubmitted: bool = False
    on_hold: bool = False
    past_hold: bool = False
    reference: str = ""

    def reached(self, stage: Stage) -> bool:
        if self.not_commissioned:
            return S[stage] <= S[Stage.DECISION] or stage == Stage.CLOSED
        return S[self.stage] >= S[stage]


def _timeline(rng, stretch: float, resubmitted: bool) -> list[tuple[str, int]]:
    """(event, days after notification), in order; gaps as in ``panels.demo.advance``."""
    gaps = [
        ("scoping", 2),
        ("decision", 20),
        ("commissioned", 3),
        ("chair_appointed", 15),
        ("panel", 14),
        ("qa_submitted", 120),
    ]
    if resubmitted:
        gaps += [("amendments_requested", 45), ("resubmitted", 60)]
    gaps += [
        ("qa_approved", 40),
        ("sent_to_commissioner", 7),
        ("published", 30),
        ("monitoring", 1),
        ("closed", rng.randint(200, 900)),
    ]
    day, out = 0, []
    for name, gap in gaps:
        day += max(1, round(gap * stretch))
        out.append((name, day))
    return out


def plan_reviews(ctx: Context) -> list[Plan]:
    rng = ctx.rng
    data = ctx.data
    # At least one review in every stage (and a large one), at any scale.
    n = ctx.count("reviews", minimum=len(STAGES) + 1)
    n_large = min(n, max(1, round(national.LARGE_REVIEWS * ctx.scale)))
    first_id = reserve_ids(Review, n)
    chairs = data["by_role"]["chair"]
    weights = list(STAGE_WEIGHTS.values())
    plans = []
    earliest = ctx.today - timedelta(days=national.YEARS * 365)
    for k in range(n):
        # The first reviews cover every stage; the large ones are at the panel or later.
        if k < len(STAGES):
            stage = STAGES[k]
        elif k < len(STAGES) + n_large:
            stage = Stage.PANEL if k % 2 else Stage.MONITORING
        else:
            stage = rng.choices(STAGES, weights)[0]
        p_index = rng.randrange(len(data["partnership_ids"]))
        pid = data["partnership_ids"][p_index]
        plan = Plan(
            index=k,
            id=first_id + k,
            partnership_id=pid,
            partnership_index=p_index,
            stage=stage,
            large=len(STAGES) <= k < len(STAGES) + n_large,
            manager_id=rng.choice(data["managers_of"][pid]),
            chair_id=rng.choice(chairs),
        )
        plan.not_commissioned = stage == Stage.CLOSED and rng.random() < 0.1
        plan.resubmitted = stage == Stage.AMENDMENTS_REQUESTED or (
            S[stage] > S[Stage.AMENDMENTS_REQUESTED] and rng.random() < 0.4
        )
        events = _timeline(rng, rng.uniform(1.0, 2.5), plan.resubmitted)
        if plan.not_commissioned:
            events = [(name, day) for name, day in events if name in ("scoping", "decision")]
            events.append(("closed", events[-1][1]))
        if stage != Stage.NOTIFIED:
            last = stage.value if not plan.not_commissioned else "closed"
            cut = [name for name, _ in events].index(last)
            events = events[: cut + 1]
        else:
            events = []
        span = events[-1][1] if events else 0
        # Open reviews are recent (their last step at most a few months ago); closed ones are
        # anywhere in the 15 years.
        latest = ctx.today - timedelta(days=span + 1)
        if stage == Stage.CLOSED or stage == Stage.MONITORING:
            room = max(0, (latest - earliest).days)
            notified = earliest + timedelta(days=rng.randrange(room + 1))
        else:
            notified = latest - timedelta(days=rng.randrange(120))
        plan.dates = {"notified": notified, "death": notified - timedelta(days=rng.randint(3, 20))}
        plan.dates.update({name: notified + timedelta(days=day) for name, day in events})
        if not plan.reached(Stage.CHAIR_APPOINTED) or plan.not_commissioned:
            plan.chair_id = None  # drawn anyway, so that the draws do not depend on the stage
        plan.on_hold = stage != Stage.CLOSED and S[stage] >= S[Stage.SCOPING] and rng.random() < 0.1
        plan.past_hold = (
            not plan.not_commissioned and S[stage] >= S[Stage.PANEL] and rng.random() < 0.15
        )
        pool = data["pools"][p_index]
        if plan.reached(Stage.SCOPING):
            plan.requested = rng.sample(pool, min(REQUESTS_PER_REVIEW, len(pool)))
        plans.append(plan)
    return plans


def _references(ctx: Context, plans: list[Plan]) -> list[tuple]:
    """DHR-<code>-<year>-<nnn> per partnership and year of notification, and the counters that
    ``next_reference`` continues from."""
    from dhr.models import Partnership

    codes = dict(
        Partnership.objects.filter(pk__in=ctx.data["partnership_ids"]).values_list("pk", "code")
    )
    counters: dict[tuple[int, int], int] = {}
    for plan in sorted(plans, key=lambda p: (p.dates["notified"], p.index)):
        key = (plan.partnership_id, plan.dates["notified"].year)
        counters[key] = counters.get(key, 0) + 1
        plan.reference = f"DHR-{codes[plan.partnership_id].upper()}-{key[1]}-{counters[key]:03d}"
    return [(pid, year, number) for (pid, year), number in counters.items()]


def seed_reviews(ctx: Context) -> None:
    rng = ctx.rng
    plans = plan_reviews(ctx)
    ctx.data["reviews"] = plans
    counters = _references(ctx, plans)
    copy_rows(ReferenceCounter, ["partnership_id", "year", "last_number"], counters, ctx)
    decision_rule = timescale_of(None, K.DECISION)
    completion_rule = timescale_of(None, K.COMPLETION)
    agency_ids = ctx.data["agency_ids"]

    rows = []
    for plan in plans:
        d = plan.dates
        decided = plan.reached(Stage.COMMISSIONED) or plan.not_commissioned
        decision_on = d["decision"] if decided else None
        completion_due = (
            completion_rule.due_after(decision_on)
            if decided and not plan.not_commissioned
            else None
        )
        hold_since = ctx.today - timedelta(days=rng.randint(5, 200)) if plan.on_hold else None
        if hold_since and hold_since < max(d.values()):
            hold_since = max(d.values())
        plan.dates["hold_since"] = hold_since
        rows.append(
            (
                plan.id,
                ctx.at(d["notified"]),
                ctx.at(max(v for v in d.values() if v)),
                plan.reference,
                plan.partnership_id,
                f"{PSEUDONYMS[plan.index % len(PSEUDONYMS)]} {plan.index + 1:05d}",
                "dhr",
                rng.choice(Review.Relationship.values),
                plan.stage.value,
                d["death"],
                d["notified"],
                rng.choice(agency_ids),
                "Invented national test case: found dead at home; agencies had contact.",
                rng.choice(Review.Criterion.values),
                (
                    Review.Decision.NOT_COMMISSION
                    if plan.not_commissioned
                    else Review.Decision.COMMISSION
                )
                if decided
                else "",
                decision_on,
                "The criteria are met and agencies had contact." if decided else "",
                "Community Safety Partnership board" if decided else "",
                decision_on + timedelta(days=3) if decided else None,
                decision_rule.due_after(d["notified"]),
                completion_due,
                d.get("qa_submitted"),
                plan.on_hold,
                hold_since,
                plan.chair_id,
                d.get("chair_appointed") if plan.chair_id else None,
                d.get("sent_to_commissioner"),
                d.get("published"),
                d.get("closed"),
                "All actions completed." if plan.stage == Stage.CLOSED else "",
            )
        )
    copy_rows(
        Review,
        [
            "id",
            "created_at",
            "updated_at",
            "reference",
            "partnership_id",
            "pseudonym",
            "review_type",
            "relationship_category",
            "stage",
            "date_of_death",
            "notified_on",
            "notifying_agency_id",
            "circumstances",
            "criterion",
            "decision",
            "decision_on",
            "decision_rationale",
            "decided_by",
            "home_office_informed_on",
            "decision_due_on",
            "completion_due_on",
            "first_qa_submitted_on",
            "is_on_hold",
            "on_hold_since",
            "chair_id",
            "chair_appointed_on",
            "commissioner_sent_on",
            "published_on",
            "closed_on",
            "closure_reason",
        ],
        rows,
        ctx,
    )
    ctx.data["review_range"] = (plans[0].id, plans[-1].id) if plans else (0, -1)
    # For the sign-ins printed at the end: the manager of the partnership with most reviews, and
    # the chair of the first large review.
    per_partnership: dict[int, int] = {}
    for plan in plans:
        per_partnership[plan.partnership_id] = per_partnership.get(plan.partnership_id, 0) + 1
    busiest = max(per_partnership, key=lambda pid: (per_partnership[pid], -pid))
    ctx.data["busiest_manager"] = ctx.data["managers_of"][busiest][0]
    large = next((plan for plan in plans if plan.large), None)
    if large:
        ctx.data["large_review"] = large.reference
        ctx.data["large_chair"] = large.chair_id


def seed_subjects(ctx: Context) -> None:
    from dhr.national import person_name

    rng = ctx.rng
    rows = []
    for plan in ctx.data["reviews"]:
        victim = f"{PSEUDONYMS[plan.index % len(PSEUDONYMS)]} {plan.index + 1:05d}"
        born = plan.dates["death"].year - rng.randint(18, 80)
        rows.append(
            (
                plan.id,
                "victim",
                victim,
                person_name(rng),
                date(born, rng.randint(1, 12), 14),
                f"{rng.randint(1, 200)} Invented Road",
                rng.choice(Subject.AgeBand.values),
                "female",
                "",
                ["alcohol"] if rng.random() < 0.3 else [],
            )
        )
        rows.append(
            (
                plan.id,
                "perpetrator",
                f"Other {plan.index + 1:05d}",
                person_name(rng),
                None,
                "",
                rng.choice(Subject.AgeBand.values),
                "male",
                "spouse",
                [],
            )
        )
    first = reserve_ids(Subject, len(rows))
    copy_rows(
        Subject,
        [
            "id",
            "review_id",
            "role",
            "pseudonym",
            "real_name",
            "date_of_birth",
            "address",
            "age_band",
            "sex",
            "relationship_to_other",
            "vulnerabilities",
        ],
        ((first + k, *row) for k, row in enumerate(rows)),
        ctx,
    )
    copy_history(Subject, first_id=first, last_id=first + len(rows) - 1)


def seed_lifecycle(ctx: Context) -> None:
    """Information requests (and the agencies' grants), terms of reference, QA rounds, holds,
    stage changes and deadlines."""
    rng = ctx.rng
    plans = ctx.data["reviews"]
    members_of = ctx.data["members_of"]
    agency_group = ctx.data["agency_group"]
    agency_names = ctx.data["agency_names"]
    view = Permission.objects.get(codename="view_review", content_type__app_label="cases")
    ctx.data["view_review_permission"] = view.pk

    requests, grants, chair_grants = [], set(), []
    n_requests = sum(len(p.requested) for p in plans)
    first_request = reserve_ids(InformationRequest, n_requests)
    next_request = first_request
    # (review, partnership, kind, title, owner agency, owner user, due, rule, source, link,
    #  opened, met)
    deadlines = []
    terms, qa_rounds, holds, changes = [], [], [], []
    decision_rule = timescale_of(None, K.DECISION)
    home_office_rule = timescale_of(None, K.HOME_OFFICE)
    completion_rule = timescale_of(None, K.COMPLETION)
    for plan in plans:
        d = plan.dates
        link_base = reverse("cases:detail", args=[plan.reference])
        by = plan.manager_id

        def change(action, from_stage, to_stage, on, who=by, reason="", plan=plan):
            changes.append(
                (
                    plan.id,
                    action,
                    from_stage,
                    to_stage,
                    who,
                    ctx.at(on, 10 + len(changes) % 6),
                    reason,
                )
            )

        change("record_notification", "", "notified", d["notified"])
        deadlines.append(
            (
                plan.id,
                plan.partnership_id,
                K.DECISION,
                K.DECISION.label,
                None,
                by,
                decision_rule.due_after(d["notified"]),
                decision_rule.describe(),
                f"cases.review:{plan.id}",
                reverse("cases:decision", args=[plan.reference]),
                d["notified"],
                d.get("decision")
                if (plan.reached(Stage.COMMISSIONED) or plan.not_commissioned)
                else None,
            )
        )
        if plan.reached(Stage.SCOPING):
            change("start_scoping", "notified", "scoping", d["scoping"])
            sent = d["scoping"]
            for i, agency in enumerate(plan.requested):
                answered = plan.reached(Stage.DECISION) or (
                    plan.stage == Stage.SCOPING and i % 2 == 0
                )
                answered_on = min(sent + timedelta(days=10 + i), d.get("decision", ctx.today))
                answered_at = ctx.at(answered_on) if answered else None
                answerer = (
                    rng.choice(members_of[agency]) if answered and members_of[agency] else None
                )
                requests.append(
                    (
                        next_request,
                        ctx.at(sent),
                        ctx.at(answered_on if answered else sent),
                        plan.id,
                        agency,
                        sent,
                        sent + timedelta(days=21),
                        (i % 3 != 2) if answered else None,
                        ("Contact recorded with the victim." if i % 3 != 2 else "No contact found.")
                        if answered
                        else "",
                        answered_at,
                        answerer,
                    )
                )
                deadlines.append(
                    (
                        plan.id,
                        plan.partnership_id,
                        K.INFORMATION_REQUEST,
                        f"Answer to the information request sent to {agency_names[agency]}",
                        agency,
                        None,
                        sent + timedelta(days=21),
                        "Due date set by the review manager",
                        f"cases.informationrequest:{next_request}",
                        f"{link_base}requests/{next_request}/answer/",
                        sent,
                        answered_on if answered else None,
                    )
                )
                grants.add((agency_group[agency], plan.id))
                next_request += 1
        if plan.reached(Stage.DECISION):
            change("finish_scoping", "scoping", "decision", d["decision"] - timedelta(days=1))
        if plan.not_commissioned:
            change(
                "record_decision",
                "decision",
                "closed",
                d["decision"],
                reason="Not commissioned: the criteria are not met.",
            )
        if plan.not_commissioned or plan.reached(Stage.COMMISSIONED):
            informed = d["decision"] + timedelta(days=3)
            deadlines.append(
                (
                    plan.id,
                    plan.partnership_id,
                    K.HOME_OFFICE,
                    K.HOME_OFFICE.label,
                    None,
                    by,
                    home_office_rule.due_after(d["decision"]),
                    home_office_rule.describe(),
                    f"cases.review:{plan.id}",
                    f"{link_base}home-office/",
                    d["decision"],
                    informed,
                )
            )
        if plan.reached(Stage.COMMISSIONED) and not plan.not_commissioned:
            change(
                "record_decision",
                "decision",
                "commissioned",
                d["decision"],
                reason="The criteria are met.",
            )
            due = completion_rule.due_after(d["decision"])
            deadlines.append(
                (
                    plan.id,
                    plan.partnership_id,
                    K.COMPLETION,
                    K.COMPLETION.label,
                    None,
                    by,
                    due,
                    completion_rule.describe(),
                    f"cases.review:{plan.id}",
                    f"{link_base}qa/",
                    d["decision"],
                    d.get("qa_submitted"),
                )
            )
        if plan.chair_id:
            change("appoint_chair", "commissioned", "chair_appointed", d["chair_appointed"])
            chair_grants.append((plan.chair_id, plan.id))
        if plan.reached(Stage.PANEL) and not plan.not_commissioned:
            change("convene_panel", "chair_appointed", "panel", d["panel"])
            death = d["death"]
            terms.append(
                (
                    plan.id,
                    1,
                    death - timedelta(days=5 * 365),
                    death,
                    "How did agencies identify and respond to the risk of domestic abuse?",
                    "The family will be invited to meet the chair.",
                    d["panel"],
                    plan.chair_id or by,
                    ctx.at(d["panel"]),
                )
            )
        if plan.reached(Stage.QA_SUBMITTED) and not plan.not_commissioned:
            change("submit_to_qa", "panel", "qa_submitted", d["qa_submitted"])
            if plan.resubmitted:
                qa_rounds.append(
                    (
                        plan.id,
                        1,
                        d["qa_submitted"],
                        d["amendments_requested"],
                        QARound.Outcome.RESUBMIT,
                        "Strengthen the analysis; make the recommendations measurable.",
                        d["amendments_requested"],
                    )
                )
                change(
                    "record_qa_outcome",
                    "qa_submitted",
                    "amendments_requested",
                    d["amendments_requested"],
                )
                if "resubmitted" in d:
                    change(
                        "resubmit_to_qa", "amendments_requested", "qa_submitted", d["resubmitted"]
                    )
                    approved = d.get("qa_approved")
                    qa_rounds.append(
                        (
                            plan.id,
                            2,
                            d["resubmitted"],
                            approved,
                            QARound.Outcome.APPROVED if approved else "",
                            "",
                            approved,
                        )
                    )
            else:
                approved = d.get("qa_approved")
                qa_rounds.append(
                    (
                        plan.id,
                        1,
                        d["qa_submitted"],
                        approved,
                        QARound.Outcome.APPROVED if approved else "",
                        "",
                        approved,
                    )
                )
            if "qa_approved" in d:
                change("record_qa_outcome", "qa_submitted", "qa_approved", d["qa_approved"])
        for name, before, action in (
            ("sent_to_commissioner", "qa_approved", "send_to_commissioner"),
            ("published", "sent_to_commissioner", "publish"),
            ("monitoring", "published", "start_monitoring"),
        ):
            if name in d and not plan.not_commissioned:
                change(action, before, name, d[name])
        if plan.stage == Stage.CLOSED and not plan.not_commissioned:
            change("close", "monitoring", "closed", d["closed"], reason="All actions completed.")
        if plan.past_hold:
            start = d["panel"] + timedelta(days=3)
            end = start + timedelta(days=rng.randint(20, 120))
            holds.append(
                (
                    plan.id,
                    "criminal",
                    "Trial listed; the panel paused until the verdict.",
                    ctx.at(start),
                    by,
                    ctx.at(end),
                    by,
                    "Verdict given; the panel resumes.",
                )
            )
            change(
                "put_on_hold",
                plan.stage.value,
                plan.stage.value,
                start,
                reason="Criminal proceedings",
            )
            change("resume", plan.stage.value, plan.stage.value, end)
        if plan.on_hold:
            reason = rng.choice(Hold.Reason.values)
            holds.append(
                (
                    plan.id,
                    reason,
                    "Paused at the request of the coroner or the police.",
                    ctx.at(d["hold_since"]),
                    by,
                    None,
                    None,
                    "",
                )
            )
            change(
                "put_on_hold",
                plan.stage.value,
                plan.stage.value,
                d["hold_since"],
                reason=Hold.Reason(reason).label,
            )

    copy_rows(
        InformationRequest,
        [
            "id",
            "created_at",
            "updated_at",
            "review_id",
            "agency_id",
            "sent_on",
            "due_on",
            "had_contact",
            "summary",
            "answered_at",
            "answered_by_id",
        ],
        requests,
        ctx,
    )
    ctx.data["grants"] = grants
    copy_rows(
        ReviewUserObjectPermission,
        ["permission_id", "user_id", "content_object_id"],
        ((view.pk, user, review) for user, review in chair_grants),
        ctx,
    )
    ctx.data["deadlines"] = deadlines  # later parts add theirs; written by write_deadlines
    first = reserve_ids(TermsOfReference, len(terms))
    copy_rows(
        TermsOfReference,
        [
            "id",
            "review_id",
            "version",
            "period_start",
            "period_end",
            "key_lines_of_enquiry",
            "family_involvement",
            "agreed_on",
            "created_by_id",
            "created_at",
        ],
        ((first + k, *row) for k, row in enumerate(terms)),
        ctx,
    )
    copy_history(
        TermsOfReference, first_id=first, last_id=first + len(terms) - 1, user_sql="t.created_by_id"
    )
    first = reserve_ids(QARound, len(qa_rounds))
    copy_rows(
        QARound,
        [
            "id",
            "review_id",
            "number",
            "submitted_on",
            "panel_date",
            "outcome",
            "changes_required",
            "outcome_recorded_on",
        ],
        ((first + k, *row) for k, row in enumerate(qa_rounds)),
        ctx,
    )
    copy_history(QARound, first_id=first, last_id=first + len(qa_rounds) - 1)
    first = reserve_ids(Hold, len(holds))
    copy_rows(
        Hold,
        [
            "id",
            "review_id",
            "reason",
            "details",
            "started_at",
            "started_by_id",
            "ended_at",
            "ended_by_id",
            "resume_note",
        ],
        ((first + k, *row) for k, row in enumerate(holds)),
        ctx,
    )
    copy_history(
        Hold,
        first_id=first,
        last_id=first + len(holds) - 1,
        date_sql="t.started_at",
        user_sql="t.started_by_id",
    )
    first = reserve_ids(StageChange, len(changes))
    copy_rows(
        StageChange,
        ["id", "review_id", "action", "from_stage", "to_stage", "by_id", "at", "reason"],
        ((first + k, *row) for k, row in enumerate(changes)),
        ctx,
    )
    copy_history(
        StageChange,
        first_id=first,
        last_id=first + len(changes) - 1,
        date_sql="t.at",
        user_sql="t.by_id",
    )
    ctx.data["stage_change_range"] = (first, first + len(changes) - 1)
    # The requests were sent by the review's manager (who recorded the notification).
    copy_history(
        InformationRequest,
        first_id=first_request,
        last_id=next_request - 1,
        user_sql="(SELECT sc.by_id FROM cases_stagechange sc WHERE sc.review_id = t.review_id "
        "AND sc.action = 'record_notification' LIMIT 1)",
    )


def write_grants_and_deadlines(ctx: Context) -> None:
    """Runs after the later apps' parts: every agency grant (requests, panel seats) once, and
    every deadline, each with its history row."""
    view = ctx.data["view_review_permission"]
    copy_rows(
        ReviewGroupObjectPermission,
        ["permission_id", "group_id", "content_object_id"],
        ((view, group, review) for group, review in sorted(ctx.data["grants"])),
        ctx,
    )
    rows = ctx.data["deadlines"]
    first = reserve_ids(Deadline, len(rows))
    copy_rows(
        Deadline,
        [
            "id",
            "review_id",
            "partnership_id",
            "kind",
            "title",
            "owner_agency_id",
            "owner_user_id",
            "due_on",
            "rule",
            "source",
            "link",
            "opened_on",
            "met_on",
            "created_at",
        ],
        ((first + k, *row, ctx.at(row[10])) for k, row in enumerate(rows)),
        ctx,
    )
    copy_history(
        Deadline, first_id=first, last_id=first + len(rows) - 1, user_sql="t.owner_user_id"
    )
    ctx.data["deadline_ids"] = {row[8]: first + k for k, row in enumerate(rows)}


def write_review_history(ctx: Context) -> None:
    """The review's own history: one row per stage change, with its acting user, as
    ``_transition`` saves the review (set-based from the stage changes)."""
    history = Review.history.model
    base = {f.attname for f in Review._meta.concrete_fields}
    tracked = [
        f.attname
        for f in history._meta.concrete_fields
        if f.attname in base and not f.attname.startswith("history_")
    ]
    select = ", ".join("sc.to_stage" if name == "stage" else f"r.{name}" for name in tracked)
    first, last = ctx.data["stage_change_range"]
    execute(
        f"INSERT INTO {history._meta.db_table} ({', '.join(tracked)}, history_date, "  # noqa: S608
        "history_change_reason, history_type, history_user_id) "
        f"SELECT {select}, sc.at, sc.action, CASE WHEN sc.action = 'record_notification' "
        "THEN '+' ELSE '~' END, sc.by_id FROM cases_stagechange sc JOIN cases_review r "
        "ON r.id = sc.review_id WHERE sc.id BETWEEN %s AND %s ORDER BY sc.id",
        [first, last],
    )


national.register_part(20, "reviews", seed_reviews)
national.register_part(21, "subjects", seed_subjects)
national.register_part(22, "requests, terms, QA, holds, stage changes", seed_lifecycle)
national.register_part(80, "grants and deadlines", write_grants_and_deadlines)
national.register_part(81, "review history", write_review_history)

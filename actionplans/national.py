"""The action plans of the national data set (see ``dhr.national``): 40,000 recommendations and
60,000 actions at scale 1.0 (100,000 in all) on the reviews that reached Home Office QA, with the
partnerships' themes, each action's deadline (``plan_action``, as ``add_action`` opens it) and
the history rows."""

import io
from datetime import timedelta

from django.db import connection
from django.urls import reverse

from actionplans.models import PlanAction, Recommendation, Theme
from cases.deadlines.models import DeadlineKind as K
from cases.models import Stage
from dhr import national
from dhr.national import Context, copy_history, copy_rows, execute, reserve_ids

THEMES = [
    "Risk assessment",
    "Information sharing",
    "Professional curiosity",
    "Housing",
    "Mental health",
    "Substance misuse",
    "Coercive control",
]
TEXTS = [
    "Agencies should ask routinely about domestic abuse at every assessment.",
    "The partnership should review how risk information is shared before MARAC.",
    "Staff should be trained to recognise coercive and controlling behaviour.",
    "Housing providers should record and act on repeated repair requests after damage.",
    "Health services should follow up missed appointments where abuse is suspected.",
]
ACTION_TEXTS = [
    "Deliver training to front-line staff and report attendance to the partnership.",
    "Audit a sample of cases and report the findings.",
    "Revise the policy and circulate it to all teams.",
    "Add a prompt to the case-recording system.",
]


def seed_action_plans(ctx: Context) -> None:
    rng = ctx.rng
    data = ctx.data
    plans = [p for p in data["reviews"] if p.reached(Stage.QA_SUBMITTED) and not p.not_commissioned]
    if not plans:
        return
    # Themes: the same short list in every partnership.
    themes, theme_ids = [], {}
    first = reserve_ids(Theme, len(data["partnership_ids"]) * len(THEMES))
    for pid in data["partnership_ids"]:
        for name in THEMES:
            theme_ids.setdefault(pid, []).append(first + len(themes))
            themes.append((first + len(themes), pid, name))
    copy_rows(Theme, ["id", "partnership_id", "name"], themes, ctx)
    copy_history(Theme, first_id=first, last_id=first + len(themes) - 1)

    n_recs = ctx.count("recommendations")
    n_actions = ctx.count("actions")
    per_review = max(1, n_recs // len(plans))
    recs, actions, addressed, themed = [], [], [], []
    first_rec = reserve_ids(Recommendation, n_recs)
    first_action = reserve_ids(PlanAction, n_actions)
    rec_id, action_id = first_rec, first_action
    for k, plan in enumerate(plans):
        count = per_review + (1 if k < n_recs - per_review * len(plans) else 0)
        agreed = plan.dates["qa_submitted"] - timedelta(days=5)
        panel = getattr(plan, "panel", None) or plan.requested or data["agency_ids"][:1]
        for number in range(1, count + 1):
            if rec_id >= first_rec + n_recs:
                break
            recs.append(
                (
                    rec_id,
                    plan.id,
                    number,
                    TEXTS[(rec_id - first_rec + number) % len(TEXTS)],
                    "single_agency" if number % 3 else "multi_agency",
                    "agreed",
                    agreed,
                    plan.chair_id or plan.manager_id,
                    ctx.at(agreed),
                )
            )
            agency = panel[(number - 1) % len(panel)]
            addressed.append((rec_id, agency))
            themed.append(
                (rec_id, theme_ids[plan.partnership_id][(rec_id - first_rec) % len(THEMES)])
            )
            rec_id += 1
    # Actions: shared over the recommendations, the first ones getting the extra ones.
    per_rec = n_actions // len(recs)
    extra = n_actions - per_rec * len(recs)
    by_review = {p.id: p for p in plans}
    for index, rec in enumerate(recs):
        plan = by_review[rec[1]]
        panel = getattr(plan, "panel", None) or plan.requested or data["agency_ids"][:1]
        for number in range(1, per_rec + (1 if index < extra else 0) + 1):
            target = rec[6] + timedelta(days=rng.randint(90, 540))
            if plan.stage == Stage.CLOSED:
                status, done = "completed", target - timedelta(days=rng.randint(0, 60))
            elif plan.stage == Stage.MONITORING:
                status = rng.choice(["completed", "in_progress", "in_progress", "not_started"])
                done = min(target, national_today(ctx)) if status == "completed" else None
            else:
                status, done = rng.choice(["not_started", "in_progress"]), None
            if done and done < rec[6]:
                done = rec[6]
            agency = panel[(rec[2] + number) % len(panel)]
            actions.append(
                (
                    action_id,
                    rec[0],
                    plan.id,
                    number,
                    ACTION_TEXTS[(action_id - first_action) % len(ACTION_TEXTS)],
                    agency,
                    target,
                    status,
                    done,
                    rec[8],
                )
            )
            data["deadlines"].append(
                (
                    plan.id,
                    plan.partnership_id,
                    K.PLAN_ACTION,
                    f"Action {rec[2]}.{number} of the action plan",
                    agency,
                    None,
                    target,
                    "Target date set in the action plan",
                    f"actionplans.planaction:{action_id}",
                    reverse("actionplans:plan_action_update", args=[plan.reference, action_id]),
                    rec[6],
                    done,
                )
            )
            action_id += 1
    copy_rows(
        Recommendation,
        [
            "id",
            "review_id",
            "number",
            "text",
            "level",
            "status",
            "agreed_on",
            "drafted_by_id",
            "created_at",
        ],
        recs,
        ctx,
    )
    copy_history(
        Recommendation,
        first_id=first_rec,
        last_id=first_rec + len(recs) - 1,
        user_sql="t.drafted_by_id",
    )
    copy_rows(
        Recommendation.addressed_agencies.through,
        ["recommendation_id", "agency_id"],
        addressed,
        ctx,
    )
    copy_rows(Recommendation.themes.through, ["recommendation_id", "theme_id"], themed, ctx)
    copy_rows(
        PlanAction,
        [
            "id",
            "recommendation_id",
            "review_id",
            "number",
            "description",
            "lead_agency_id",
            "target_date",
            "status",
            "completed_on",
            "created_at",
        ],
        actions,
        ctx,
    )
    copy_history(PlanAction, first_id=first_action, last_id=action_id - 1)
    data["action_range"] = (first_action, action_id - 1)
    # Ids reserved but not used (rounding) are simply skipped by the sequence.


def national_today(ctx: Context):
    return ctx.today


def link_action_deadlines(ctx: Context) -> None:
    """Each action points at its deadline, as ``add_action`` leaves it (after the deadlines
    are written): the pairs go through a temporary table, then one UPDATE per table."""
    first, last = ctx.data.get("action_range", (0, -1))
    if last < first:
        return
    ids = ctx.data["deadline_ids"]
    pairs = [(aid, ids[f"actionplans.planaction:{aid}"]) for aid in range(first, last + 1)]
    execute("CREATE TEMPORARY TABLE national_action_deadline (id bigint, deadline_id bigint)")
    with connection.cursor() as cursor:
        buffer = io.StringIO("".join(f"{aid}\t{did}\n" for aid, did in pairs))
        cursor.cursor.copy_expert("COPY national_action_deadline FROM STDIN", buffer)
    execute(
        "UPDATE actionplans_planaction pa SET deadline_id = x.deadline_id "
        "FROM national_action_deadline x WHERE pa.id = x.id"
    )
    execute(
        "UPDATE actionplans_historicalplanaction h SET deadline_id = x.deadline_id "
        "FROM national_action_deadline x WHERE h.id = x.id"
    )
    execute("DROP TABLE national_action_deadline")


national.register_part(40, "recommendations and actions", seed_action_plans)
national.register_part(85, "action deadlines linked", link_action_deadlines)

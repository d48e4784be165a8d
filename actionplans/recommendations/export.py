"""The action plan as an Excel workbook (through ``dhr.files.spreadsheets``, which neutralises
formulas) and as a PDF (WeasyPrint, from a printable template). One row per action; a
recommendation without actions has a row of its own. The views check permission and log the
export; the Home Office QA submission pack calls ``action_plan_xlsx(review)`` for the whole plan.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.models import PlanAction, ProgressUpdate
from actionplans.recommendations import services
from dhr.files import spreadsheets

HEADINGS = [
    "Recommendation",
    "Recommendation text",
    "Level",
    "Addressed to",
    "Themes",
    "Recommendation status",
    "Action",
    "What will be done",
    "Lead agency",
    "Named owner",
    "Target date",
    "Status",
    "RAG",
    "Latest progress",
    "Completed on",
]
_WIDTHS = [8, 60, 14, 30, 30, 14, 8, 60, 30, 20, 12, 16, 16, 60, 12]


def _plan(review, user=None) -> list:
    """The recommendations with their actions: everything, or what ``user`` may read."""
    if user is None:
        recommendations = review.recommendations.all()
        actions = PlanAction.objects.filter(review=review)
    else:
        recommendations = services.recommendations_for(user, review)
        actions = services.actions_for(user, review)
    latest = ProgressUpdate.objects.exclude(decision=ProgressUpdate.Decision.REFUSED).order_by(
        "-created_at", "-pk"
    )
    actions = (
        actions.select_related("lead_agency", "deadline", "review")
        .prefetch_related(Prefetch("updates", latest, to_attr="latest_updates"))
        .order_by("number")
    )
    records = list(
        recommendations.prefetch_related(
            "themes", "addressed_agencies", Prefetch("actions", actions, to_attr="plan_actions")
        ).order_by("number")
    )
    today = timezone.localdate()
    for recommendation in records:
        for action in recommendation.plan_actions:
            action.rag = services.rag(action, today)
            action.latest = action.latest_updates[0] if action.latest_updates else None
    return records


def _rows(records):
    for rec in records:
        first = [
            rec.number,
            rec.text,
            rec.get_level_display(),
            rec.addressees,
            ", ".join(theme.name for theme in rec.themes.all()),
            rec.get_status_display(),
        ]
        if not rec.plan_actions:
            yield [*first, None, "", "", "", None, "", "", "", None]
        for action in rec.plan_actions:
            yield [
                *first,
                action.label,
                action.description,
                action.lead_agency.name,
                action.owner_name,
                services.due_on(action),
                action.get_status_display()
                + (f": {action.status_reason}" if action.status_reason else ""),
                action.rag.label,
                action.latest.note if action.latest else "",
                action.completed_on,
            ]


def action_plan_xlsx(review, user=None) -> bytes:
    """The review's action plan as XLSX bytes, one row per action (``user``: only what they
    may read; None: the whole plan, for the review manager's packs)."""
    records = _plan(review, user)
    sheet = spreadsheets.Sheet(
        title="Action plan",
        headings=HEADINGS,
        rows=_rows(records),
        preamble=[
            f"Action plan of {review.reference} (case {review.pseudonym})",
            f"Exported {timezone.localtime():%d/%m/%Y %H:%M}",
        ],
        widths=_WIDTHS,
        wrap=frozenset({1, 3, 7, 13}),
    )
    return spreadsheets.xlsx_bytes([sheet])


def action_plan_pdf(review, user=None) -> bytes:
    """The review's action plan as a printable A4 landscape PDF."""
    import weasyprint

    html = render_to_string(
        "actionplans/recommendations/print.html",
        {
            "review": review,
            "recommendations": _plan(review, user),
            "exported_at": timezone.localtime(),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()

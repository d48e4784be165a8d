"""Reviews at any stage, built only through the domain functions (never by setting ``stage``).

``walk_review(cast, Stage.X)`` records a notification and takes every step of the lifecycle up
to stage X, as the people in ``cast`` would: the manager sends one information request to the
cast's agency, its member answers, the partnership commissions the review, the chair is
appointed, the agency joins the panel, and so on. Dates are fixed, in 2026, before today.
"""

import itertools
from dataclasses import dataclass
from datetime import date

from cases import workflow
from cases.models import QARound, Review, Stage
from panels import workflow as panel_workflow
from panels.models import ChairProfile, PanelMember

DATE_OF_DEATH = date(2026, 1, 10)
NOTIFIED_ON = date(2026, 1, 15)
REQUEST_SENT_ON = date(2026, 1, 16)
REQUEST_DUE_ON = date(2026, 2, 13)
DECISION_ON = date(2026, 2, 20)
CHAIR_APPOINTED_ON = date(2026, 3, 2)
PANEL_JOINED_ON = date(2026, 3, 5)
TERMS_AGREED_ON = date(2026, 3, 20)
QA_SUBMITTED_ON = date(2026, 6, 1)
QA_PANEL_ON = date(2026, 7, 1)
COMMISSIONER_SENT_ON = date(2026, 7, 15)
PUBLISHED_ON = date(2026, 8, 1)
CLOSED_ON = date(2026, 10, 1)

_pseudonyms = itertools.count(1)


@dataclass(frozen=True)
class Cast:
    """The people a review needs to move: the manager, one agency and its member, a chair."""

    manager: object
    agency: object
    agency_member: object
    chair: object


def notify(cast: Cast, pseudonym: str = "") -> Review:
    return workflow.record_notification(
        by=cast.manager,
        partnership=cast.manager.partnerships.get(),
        pseudonym=pseudonym or f"Walker {next(_pseudonyms)}",
        date_of_death=DATE_OF_DEATH,
        notified_on=NOTIFIED_ON,
        notifying_agency=cast.agency,
        circumstances="Found at home by a neighbour.",
        criterion=Review.Criterion.RELATIVE_OR_PARTNER,
        relationship_category=Review.Relationship.INTIMATE_PARTNER,
    )


def _start_scoping(review, cast):
    workflow.start_scoping(review, by=cast.manager)


def _gather_information(review, cast):
    request = workflow.send_information_request(
        review, by=cast.manager, agency=cast.agency, sent_on=REQUEST_SENT_ON, due_on=REQUEST_DUE_ON
    )
    workflow.answer_information_request(
        request, by=cast.agency_member, had_contact=True, summary="Two call-outs in 2025."
    )
    workflow.finish_scoping(review, by=cast.manager)


def _commission(review, cast):
    workflow.record_decision(
        review,
        by=cast.manager,
        decision=Review.Decision.COMMISSION,
        decision_on=DECISION_ON,
        rationale="The criteria are met.",
        decided_by="CSP board",
        home_office_informed_on=DECISION_ON,
    )


def _appoint_chair(review, cast):
    profile, _ = ChairProfile.objects.get_or_create(user=cast.chair)
    panel_workflow.appoint_chair(
        review, by=cast.manager, chair=profile, appointed_on=CHAIR_APPOINTED_ON
    )


def _convene_panel(review, cast):
    panel_workflow.add_panel_member(
        review,
        by=cast.manager,
        agency=cast.agency,
        role=PanelMember.PanelRole.AGENCY,
        added_on=PANEL_JOINED_ON,
    )
    panel_workflow.convene_panel(review, by=cast.manager)


def _submit_to_qa(review, cast):
    terms = workflow.save_terms_of_reference(
        review,
        by=cast.chair,
        period_start=date(2021, 1, 1),
        period_end=DATE_OF_DEATH,
        key_lines_of_enquiry="How agencies shared information.",
    )
    workflow.agree_terms_of_reference(terms, by=cast.manager, agreed_on=TERMS_AGREED_ON)
    workflow.submit_to_qa(review, by=cast.manager, submitted_on=QA_SUBMITTED_ON)


def _approve(review, cast):
    workflow.record_qa_outcome(
        review, by=cast.manager, outcome=QARound.Outcome.APPROVED, panel_date=QA_PANEL_ON
    )


def _send_to_commissioner(review, cast):
    workflow.send_to_commissioner(review, by=cast.manager, sent_on=COMMISSIONER_SENT_ON)


def _publish(review, cast):
    workflow.add_publication_link(
        review, by=cast.manager, title="Overview report", url="https://example.org/diana.pdf"
    )
    workflow.publish(review, by=cast.manager, published_on=PUBLISHED_ON)


def _start_monitoring(review, cast):
    workflow.start_monitoring(review, by=cast.manager)


def _close(review, cast):
    workflow.close(review, by=cast.manager, closed_on=CLOSED_ON, reason="All actions complete.")


# Each step takes a review to the stage named beside it, from the stage of the step before.
STEPS = [
    (Stage.SCOPING, _start_scoping),
    (Stage.DECISION, _gather_information),
    (Stage.COMMISSIONED, _commission),
    (Stage.CHAIR_APPOINTED, _appoint_chair),
    (Stage.PANEL, _convene_panel),
    (Stage.QA_SUBMITTED, _submit_to_qa),
    (Stage.QA_APPROVED, _approve),
    (Stage.SENT_TO_COMMISSIONER, _send_to_commissioner),
    (Stage.PUBLISHED, _publish),
    (Stage.MONITORING, _start_monitoring),
    (Stage.CLOSED, _close),
]


def walk_review(cast: Cast, stage: Stage, pseudonym: str = "") -> Review:
    """A new review taken through the lifecycle, one domain call at a time, up to ``stage``."""
    review = notify(cast, pseudonym)
    for reached, step in STEPS:
        if review.stage == stage:
            break
        step(review, cast)
        review.refresh_from_db()
        assert review.stage == reached, f"{step.__name__} left the review at {review.stage}"
    assert review.stage == stage
    return review

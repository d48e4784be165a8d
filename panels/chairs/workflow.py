"""The chair and the panel: appointing the independent chair and forming the panel.

These actions join the review lifecycle through ``cases.lifecycle.workflow.register`` (DESIGN.md 2),
and grant and revoke access to the review as they go (DESIGN.md 5).
"""

from datetime import date

from django.db import transaction

from cases.lifecycle.workflow import Action, TransitionRefused, _transition, register
from cases.models import Review, Stage
from cases.reviews import access
from panels.models import ChairProfile, PanelMember

# Agencies may join or leave the panel from commissioning until the report goes to QA.
PANEL_STAGES = frozenset({Stage.COMMISSIONED, Stage.CHAIR_APPOINTED, Stage.PANEL})


def _has_panel_agency(review: Review) -> str | None:
    if not review.panel_members.exists():
        return "Add at least one agency to the panel first."
    return None


register(
    Action(
        "appoint_chair",
        "Appoint the independent chair",
        frozenset({Stage.COMMISSIONED}),
        url_name="panels:appoint_chair",
    )
)
# Once appointed, a chair can stand down and be replaced at any stage until the review closes.
CHAIR_CHANGE_STAGES = frozenset(
    {
        Stage.CHAIR_APPOINTED,
        Stage.PANEL,
        Stage.QA_SUBMITTED,
        Stage.AMENDMENTS_REQUESTED,
        Stage.QA_APPROVED,
        Stage.SENT_TO_COMMISSIONER,
        Stage.PUBLISHED,
        Stage.MONITORING,
    }
)
register(
    Action(
        "change_chair",
        "Change the independent chair",
        CHAIR_CHANGE_STAGES,
        url_name="panels:appoint_chair",
    )
)
register(
    Action(
        "convene_panel",
        "Start the panel's work",
        frozenset({Stage.CHAIR_APPOINTED}),
        guards=(_has_panel_agency,),
    )
)


def chair_conflicts(profile: ChairProfile, review: Review) -> list[str]:
    """The chair's declared conflicts with agencies on this review's panel, as sentences."""
    panel_agencies = review.panel_members.values("agency")
    return [
        f"{conflict.agency}: {conflict.details}"
        for conflict in profile.conflicts.filter(agency__in=panel_agencies).select_related("agency")
    ]


def _check_chair_may_sit(chair: ChairProfile, review: Review) -> None:
    """Refuses a chair who is out of the pool or declared a conflict with this review's panel."""
    if not chair.is_available or not chair.user.is_active:
        raise TransitionRefused(f"{chair} is not available for new reviews.")
    conflicts = chair_conflicts(chair, review)
    if conflicts:
        raise TransitionRefused(
            f"{chair} has declared a conflict of interest with an agency on this panel: "
            + "; ".join(conflicts)
        )


def appoint_chair(review: Review, *, by, chair: ChairProfile, appointed_on: date) -> Review:
    """Appoints a chair from the pool; refused when they declared a conflict with the panel.

    The checks run on the locked review, after the role check, so a panel seat added at the
    same moment cannot slip past the conflict check (``add_panel_member`` takes the same lock).
    """

    def apply(locked):
        _check_chair_may_sit(chair, locked)
        if appointed_on < (locked.decision_on or locked.notified_on):
            raise TransitionRefused("The appointment cannot be before the decision to commission.")
        if locked.chair_id and locked.chair_id != chair.user_id:
            access.revoke_chair(locked, locked.chair)
        locked.chair = chair.user
        locked.chair_appointed_on = appointed_on
        access.grant_chair(locked, chair.user)

    return _transition(
        review,
        "appoint_chair",
        by,
        to_stage=Stage.CHAIR_APPOINTED,
        reason=str(chair),
        apply=apply,
    )


def change_chair(
    review: Review, *, by, chair: ChairProfile, appointed_on: date, reason: str
) -> Review:
    """Replaces the review's chair with another from the pool, for the reason given.

    The old chair loses access to the review and the new one gains it; the stage stays. The
    reason is kept on the stage change and in the review's history.
    """
    reason = reason.strip()

    def apply(locked):
        if not reason:
            raise TransitionRefused("Say why the chair is changing.")
        if locked.chair_id == chair.user_id:
            raise TransitionRefused(f"{chair} already chairs this review.")
        _check_chair_may_sit(chair, locked)
        if locked.chair_appointed_on and appointed_on < locked.chair_appointed_on:
            raise TransitionRefused(
                "The new appointment cannot be before the previous chair's appointment."
            )
        if locked.chair_id:
            access.revoke_chair(locked, locked.chair)
        locked.chair = chair.user
        locked.chair_appointed_on = appointed_on
        access.grant_chair(locked, chair.user)

    return _transition(review, "change_chair", by, reason=reason, apply=apply)


def convene_panel(review: Review, *, by) -> Review:
    return _transition(review, "convene_panel", by, to_stage=Stage.PANEL)


@transaction.atomic
def add_panel_member(
    review: Review, *, by, agency, role: str, representative: str = "", added_on: date
) -> PanelMember:
    """Seats an agency on the panel; its members can then open the review."""
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can change the panel.")
    # The same row lock as appoint_chair: a chair and a conflicting agency never both get in.
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.stage not in PANEL_STAGES:
        raise TransitionRefused("The panel is formed between commissioning and QA submission.")
    if review.panel_members.filter(agency=agency).exists():
        raise TransitionRefused(f"{agency} is already on the panel.")
    if review.chair_id:
        profile = ChairProfile.objects.filter(user_id=review.chair_id).first()
        clash = profile and profile.conflicts.filter(agency=agency).first()
        if clash:
            raise TransitionRefused(
                f"The chair has declared a conflict of interest with {agency}: {clash.details}"
            )
    member = PanelMember.objects.create(
        review=review, agency=agency, role=role, representative=representative, added_on=added_on
    )
    access.grant_agency(review, agency)
    return member


@transaction.atomic
def remove_panel_member(member: PanelMember, *, by) -> None:
    """Takes an agency off the panel; it loses access unless it still has a live request."""
    review = member.review
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can change the panel.")
    if review.stage not in PANEL_STAGES:
        raise TransitionRefused("The panel can no longer be changed at this stage.")
    agency = member.agency
    member.delete()
    access.revoke_agency_unless_involved(review, agency)

"""The review lifecycle (cases.lifecycle.workflow, panels.chairs.workflow): every action allowed and
refused.

An allowed action moves the stage, records who, when and why (a ``StageChange`` and the history
row's reason) and opens or closes the deadlines it implies. A refused action says why and changes
nothing: ``assert_refused`` compares the review and its records before and after.
"""

from datetime import date, timedelta
from functools import partial

import pytest
from django.utils import timezone

from cases.lifecycle import workflow
from cases.lifecycle.workflow import ACTIONS, TransitionRefused
from cases.models import Hold, QARound, Review, Stage, StageChange, TimescaleRule
from dhr.accounts.roles import Role
from panels.chairs import workflow as panels_workflow
from panels.models import PanelMember
from publications.register.demo import prepare_publication
from tests.actionplans.factories import complete_plan
from tests.cases.factories import (
    agency_member_of,
    assert_refused,
    chair_profile_for,
    ready_for,
    snapshot,
    walk_to,
)
from tests.dhr.factories import AgencyFactory, UserFactory

WRONG_ROLE = "Your role in this review does not allow this."
WRONG_STAGE = "Not possible while the review is at the stage"
ON_HOLD = "The review is on hold: resume it first."


def day(review, days: int) -> date:
    """A date ``days`` after the review's notification: late enough for every date check."""
    return review.notified_on + timedelta(days=days)


# One valid call per action, for any user: a refusal can then only come from the stage, the
# role, the hold or a guard. Dates are later than anything a walk records.
CALLS = {
    "start_scoping": lambda review, by: workflow.start_scoping(review, by=by),
    "finish_scoping": lambda review, by: workflow.finish_scoping(review, by=by),
    "record_decision": lambda review, by: workflow.record_decision(
        review,
        by=by,
        decision=Review.Decision.COMMISSION,
        decision_on=day(review, 21),
        rationale="Coercive control over many years; criteria met.",
        decided_by="CSP board",
        home_office_informed_on=day(review, 22),
    ),
    "appoint_chair": lambda review, by: panels_workflow.appoint_chair(
        review, by=by, chair=chair_profile_for(), appointed_on=day(review, 60)
    ),
    "convene_panel": lambda review, by: panels_workflow.convene_panel(review, by=by),
    "submit_to_qa": lambda review, by: workflow.submit_to_qa(
        review, by=by, submitted_on=day(review, 300)
    ),
    "record_qa_outcome": lambda review, by: workflow.record_qa_outcome(
        review,
        by=by,
        outcome=QARound.Outcome.RESUBMIT,
        panel_date=day(review, 350),
        changes_required="Add the family's views on the recommendations.",
    ),
    "send_to_commissioner": lambda review, by: workflow.send_to_commissioner(
        review, by=by, sent_on=day(review, 380)
    ),
    "publish": lambda review, by: workflow.publish(review, by=by, published_on=day(review, 400)),
    "start_monitoring": lambda review, by: workflow.start_monitoring(review, by=by),
    "close": lambda review, by: workflow.close(
        review, by=by, closed_on=day(review, 600), reason="All actions complete."
    ),
    "put_on_hold": lambda review, by: workflow.put_on_hold(
        review, by=by, reason=Hold.Reason.INQUEST, details="Inquest listed for March."
    ),
    "resume": lambda review, by: workflow.resume(review, by=by, note="Inquest concluded."),
}
# ``submit_to_qa`` takes the registered action "resubmit_to_qa" after amendments were asked for.
CALLS["resubmit_to_qa"] = CALLS["submit_to_qa"]

# What each allowed call leaves: the stage (None: unchanged) and the reason recorded on the
# StageChange ("" when the action has none: the history row then carries the action's label).
EXPECTED = {
    "start_scoping": (Stage.SCOPING, ""),
    "finish_scoping": (Stage.DECISION, ""),
    "record_decision": (Stage.COMMISSIONED, "Coercive control over many years; criteria met."),
    "appoint_chair": (Stage.CHAIR_APPOINTED, None),  # the chair's name, checked below
    "convene_panel": (Stage.PANEL, ""),
    "submit_to_qa": (Stage.QA_SUBMITTED, ""),
    "record_qa_outcome": (
        Stage.AMENDMENTS_REQUESTED,
        "Add the family's views on the recommendations.",
    ),
    "resubmit_to_qa": (Stage.QA_SUBMITTED, ""),
    "send_to_commissioner": (Stage.SENT_TO_COMMISSIONER, ""),
    "publish": (Stage.PUBLISHED, ""),
    "start_monitoring": (Stage.MONITORING, ""),
    "close": (Stage.CLOSED, "All actions complete."),
    "put_on_hold": (None, "Inquest: Inquest listed for March."),
    "resume": (None, "Inquest concluded."),
}


def stages_allowing(call_name: str) -> frozenset:
    """The stages from which the call ``call_name`` is allowed (both QA submission actions
    share one domain function)."""
    if call_name in ("submit_to_qa", "resubmit_to_qa"):
        return ACTIONS["submit_to_qa"].from_stages | ACTIONS["resubmit_to_qa"].from_stages
    return ACTIONS[call_name].from_stages


@pytest.fixture
def police(agency, agency_member):
    """Kent Police, with its member Andy Agency."""
    return agency


@pytest.fixture
def inactive_manager(partnership):
    """A review manager of Swale whose account was deactivated."""
    user = UserFactory(
        full_name="Ivy Inactive", role=Role.REVIEW_MANAGER, partnerships=[partnership]
    )
    user.is_active = False
    user.save()
    return user


@pytest.fixture
def outsiders(
    chair, agency_member, steering_member, administrator, medway_manager, inactive_manager
):
    """Everyone who may not take a lifecycle action on a Swale review, by description."""
    return {
        "chair (appointed once the stage allows)": chair,
        "agency member of the panel agency": agency_member,
        "steering group member": steering_member,
        "administrator": administrator,
        "review manager of another partnership": medway_manager,
        "deactivated review manager of the partnership": inactive_manager,
    }


def latest_change(review) -> StageChange:
    return review.stage_changes.order_by("-pk").first()


# --- Notification ------------------------------------------------------------------------------


def test_notification_opens_the_review_and_records_who(review_manager, partnership, police):
    review = workflow.record_notification(
        by=review_manager,
        partnership=partnership,
        pseudonym="Diana",
        date_of_death=date(2026, 3, 1),
        notified_on=date(2026, 3, 4),
        notifying_agency=police,
        circumstances="Found at home.",
        criterion=Review.Criterion.RELATIVE_OR_PARTNER,
    )
    assert review.stage == Stage.NOTIFIED
    assert review.reference == "DHR-SWA-2026-001"
    assert review.decision_due_on == date(2026, 4, 4)
    assert review.completion_due_on is None
    change = review.stage_changes.get()
    assert (change.action, change.from_stage, change.to_stage, change.by) == (
        "record_notification",
        "",
        Stage.NOTIFIED,
        review_manager,
    )
    assert review.history.latest().history_change_reason == "Notification recorded"


@pytest.mark.parametrize(
    "who", ["chair", "agency_member", "steering_member", "administrator", "medway_manager"]
)
def test_only_a_manager_of_the_partnership_records_a_notification(request, who, partnership):
    user = request.getfixturevalue(who)
    with pytest.raises(TransitionRefused, match="Only a review manager of this partnership"):
        workflow.record_notification(
            by=user,
            partnership=partnership,
            pseudonym="Diana",
            date_of_death=date(2026, 3, 1),
            notified_on=date(2026, 3, 4),
            notifying_agency=None,
            circumstances="",
            criterion=Review.Criterion.RELATIVE_OR_PARTNER,
        )
    assert not Review.objects.exists()
    assert not StageChange.objects.exists()


def test_a_notification_cannot_come_before_the_death(review_manager, partnership):
    with pytest.raises(TransitionRefused, match="before the date of death"):
        walk_to(
            Stage.NOTIFIED,
            manager=review_manager,
            date_of_death=date(2026, 3, 5),
            notified_on=date(2026, 3, 4),
        )
    assert not Review.objects.exists()


# --- Every action, allowed ---------------------------------------------------------------------


LIFECYCLE_ACTIONS = {
    # cases.lifecycle.workflow
    "start_scoping",
    "finish_scoping",
    "record_decision",
    "submit_to_qa",
    "record_qa_outcome",
    "resubmit_to_qa",
    "send_to_commissioner",
    "publish",
    "start_monitoring",
    "close",
    "put_on_hold",
    "resume",
    # panels.chairs.workflow
    "appoint_chair",
    "convene_panel",
}


def test_every_lifecycle_action_is_registered_and_covered():
    """The tables of this module cover the actions of cases and panels, and no more."""
    assert set(ACTIONS) >= LIFECYCLE_ACTIONS
    assert set(CALLS) == set(EXPECTED) == LIFECYCLE_ACTIONS


@pytest.mark.parametrize("action", sorted(CALLS))
def test_an_allowed_action_records_who_when_and_why(action, review_manager):
    review = ready_for(action, manager=review_manager)
    from_stage = review.stage
    changes_before = review.stage_changes.count()
    before = timezone.now()

    CALLS[action](review, review_manager)

    after = timezone.now()
    review.refresh_from_db()
    to_stage, reason = EXPECTED[action]
    if action == "appoint_chair":
        reason = str(review.chair)
    assert review.stage == (to_stage or from_stage)
    assert review.stage_changes.count() == changes_before + 1
    change = latest_change(review)
    assert change.action == action
    assert (change.from_stage, change.to_stage) == (from_stage, review.stage)
    assert change.by == review_manager
    assert before <= change.at <= after
    assert change.reason == reason
    # The review's own history row says why it changed: the reason, or the action's label.
    assert review.history.latest().history_change_reason == (reason or ACTIONS[action].label)


# --- Every action, refused at the wrong stage --------------------------------------------------

WHERE = [(stage, {}) for stage in Stage] + [
    (Stage.CLOSED, {"decision": Review.Decision.NOT_COMMISSION})
]


@pytest.mark.parametrize(
    ("stage", "overrides"),
    WHERE,
    ids=[f"{stage}{'-by-decision' if overrides else ''}" for stage, overrides in WHERE],
)
def test_actions_are_refused_at_the_wrong_stage(stage, overrides, review_manager):
    review = walk_to(stage, manager=review_manager, **overrides)
    tried = 0
    for name, call in CALLS.items():
        if review.stage in stages_allowing(name):
            continue
        assert_refused(
            partial(call, review, review_manager),
            review,
            says=f"{WRONG_STAGE} “{review.get_stage_display()}”",
        )
        tried += 1
    assert tried > 0


# --- Every action, refused to the wrong role ---------------------------------------------------


@pytest.mark.parametrize("action", sorted(CALLS))
def test_only_the_partnerships_review_manager_takes_an_action(
    action, review_manager, police, chair, outsiders
):
    review = ready_for(action, manager=review_manager, agency=police, chair_user=chair)
    for description, user in outsiders.items():
        message = assert_refused(partial(CALLS[action], review, user), review)
        assert message == WRONG_ROLE, f"{description}: {message}"

    CALLS[action](review, review_manager)  # the manager can: the refusals were about the role


def test_the_appointed_chair_is_offered_no_lifecycle_action(review_manager, chair):
    review = ready_for("submit_to_qa", manager=review_manager, chair_user=chair)
    offered = [action.name for action, _ in workflow.available_actions(review, chair)]
    assert not LIFECYCLE_ACTIONS & set(offered)
    assert workflow.refusal(ACTIONS["submit_to_qa"], review, chair) == WRONG_ROLE


# --- On hold -----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", sorted(set(CALLS) - {"put_on_hold", "resume"}))
def test_on_hold_every_action_waits_until_the_review_resumes(action, review_manager):
    review = ready_for(action, manager=review_manager)
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.CRIMINAL, details="Trial")

    assert_refused(partial(CALLS[action], review, review_manager), review, says=ON_HOLD)

    workflow.resume(review, by=review_manager, note="Verdict given.")
    CALLS[action](review, review_manager)
    review.refresh_from_db()
    assert review.stage == (EXPECTED[action][0] or review.stage)


def test_hold_and_resume_keep_the_stage_and_record_the_hold(review_manager):
    review = walk_to(Stage.PANEL, manager=review_manager)

    workflow.put_on_hold(
        review, by=review_manager, reason=Hold.Reason.CRIMINAL, details="Trial in May."
    )
    review.refresh_from_db()
    assert review.is_on_hold
    assert review.stage == Stage.PANEL
    hold = review.holds.get()
    assert (hold.reason, hold.details, hold.started_by, hold.ended_at) == (
        Hold.Reason.CRIMINAL,
        "Trial in May.",
        review_manager,
        None,
    )
    change = latest_change(review)
    assert (change.action, change.from_stage, change.to_stage) == (
        "put_on_hold",
        Stage.PANEL,
        Stage.PANEL,
    )
    assert change.reason == "Criminal proceedings: Trial in May."

    workflow.resume(review, by=review_manager, note="Sentenced.")
    review.refresh_from_db()
    hold.refresh_from_db()
    assert not review.is_on_hold
    assert review.stage == Stage.PANEL
    assert (hold.ended_by, hold.resume_note) == (review_manager, "Sentenced.")
    assert hold.ended_at >= hold.started_at


def test_a_hold_without_details_is_recorded_with_its_reason_alone(review_manager):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.FAMILY)
    assert latest_change(review).reason == "Family request"
    assert review.history.latest().history_change_reason == "Family request"


def test_a_review_on_hold_cannot_be_put_on_hold_again(review_manager):
    review = ready_for("resume", manager=review_manager)
    assert_refused(partial(CALLS["put_on_hold"], review, review_manager), review, says=ON_HOLD)


def test_only_a_review_on_hold_can_resume(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    assert_refused(
        partial(CALLS["resume"], review, review_manager), review, says="The review is not on hold."
    )


def test_on_hold_only_resume_is_offered_as_possible(review_manager):
    review = ready_for("resume", manager=review_manager)
    offered = {
        action.name: reason for action, reason in workflow.available_actions(review, review_manager)
    }
    assert offered["resume"] is None
    assert offered["start_scoping"] == ON_HOLD
    assert offered["put_on_hold"] == ON_HOLD


# --- Missing prerequisites ---------------------------------------------------------------------


def test_scoping_cannot_finish_without_a_request(review_manager):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    assert_refused(
        partial(workflow.finish_scoping, review, by=review_manager),
        review,
        says="Send at least one information request first.",
    )


def test_withdrawn_requests_do_not_count(review_manager, police):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    request = workflow.send_information_request(
        review, by=review_manager, agency=police, sent_on=day(review, 1), due_on=day(review, 15)
    )
    workflow.withdraw_information_request(request, by=review_manager)
    assert_refused(
        partial(workflow.finish_scoping, review, by=review_manager),
        review,
        says="Send at least one information request first.",
    )


def test_scoping_cannot_finish_while_requests_are_unanswered(review_manager, police):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    health = AgencyFactory(name="Kent Community Health")
    for agency in (police, health):
        workflow.send_information_request(
            review, by=review_manager, agency=agency, sent_on=day(review, 1), due_on=day(review, 15)
        )
    finish = partial(workflow.finish_scoping, review, by=review_manager)
    assert_refused(finish, review, says="2 information requests are still unanswered.")

    police_request = review.info_requests.get(agency=police)
    workflow.answer_information_request(
        police_request, by=agency_member_of(police), had_contact=False, summary="No contact."
    )
    assert_refused(finish, review, says="1 information request is still unanswered.")

    workflow.answer_information_request(
        review.info_requests.get(agency=health),
        by=agency_member_of(health),
        had_contact=True,
        summary="GP appointments.",
    )
    finish()
    review.refresh_from_db()
    assert review.stage == Stage.DECISION


def test_the_panel_cannot_start_without_an_agency(review_manager):
    review = walk_to(Stage.CHAIR_APPOINTED, manager=review_manager)
    assert_refused(
        partial(panels_workflow.convene_panel, review, by=review_manager),
        review,
        says="Add at least one agency to the panel first.",
    )


def test_qa_submission_needs_agreed_terms(review_manager):
    review = walk_to(Stage.PANEL, manager=review_manager)
    submit = partial(CALLS["submit_to_qa"], review, review_manager)
    assert_refused(submit, review, says="The latest terms of reference must be agreed first.")

    workflow.save_terms_of_reference(
        review,
        by=review_manager,
        period_start=date(2023, 1, 1),
        period_end=date(2026, 1, 1),
        key_lines_of_enquiry="Risk assessment.",
    )
    assert_refused(submit, review, says="The latest terms of reference must be agreed first.")


def test_publication_needs_a_link(review_manager):
    review = walk_to(Stage.SENT_TO_COMMISSIONER, manager=review_manager)
    assert_refused(
        partial(CALLS["publish"], review, review_manager),
        review,
        says="Add the address where the report is published first.",
    )


@pytest.mark.parametrize("changes", ["", "   \n "])
@pytest.mark.parametrize(
    "outcome", [QARound.Outcome.RESUBMIT, QARound.Outcome.APPROVED_WITH_CHANGES]
)
def test_a_qa_outcome_asking_for_changes_must_list_them(outcome, changes, review_manager):
    review = walk_to(Stage.QA_SUBMITTED, manager=review_manager)
    assert_refused(
        partial(
            workflow.record_qa_outcome,
            review,
            by=review_manager,
            outcome=outcome,
            panel_date=day(review, 350),
            changes_required=changes,
        ),
        review,
        says="List the changes the QA panel asked for.",
    )


@pytest.mark.parametrize("decision", [Review.Decision.REFER, Review.Decision.JOINT])
def test_a_referral_must_say_to_what(decision, review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    assert_refused(
        partial(
            workflow.record_decision,
            review,
            by=review_manager,
            decision=decision,
            decision_on=day(review, 20),
            rationale="Adult safeguarding lead.",
            decided_by="CSP board",
            home_office_informed_on=None,
        ),
        review,
        says="Say which other review type",
    )


# --- Dates that cannot be ----------------------------------------------------------------------


def decide(review, by, **changes):
    values = {
        "decision": Review.Decision.COMMISSION,
        "decision_on": day(review, 20),
        "rationale": "Criteria met.",
        "decided_by": "CSP board",
        "home_office_informed_on": day(review, 21),
        "referred_to": "",
    } | changes
    return workflow.record_decision(review, by=by, **values)


def test_a_decision_cannot_come_before_the_notification(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    assert_refused(
        partial(decide, review, review_manager, decision_on=day(review, -1)),
        review,
        says="The decision cannot be before the notification.",
    )


def test_the_home_office_cannot_be_told_before_the_decision(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    assert_refused(
        partial(decide, review, review_manager, home_office_informed_on=day(review, 19)),
        review,
        says="The Home Office cannot be told before the decision was made.",
    )


def test_a_chair_cannot_be_appointed_before_the_decision(review_manager):
    review = walk_to(Stage.COMMISSIONED, manager=review_manager)
    assert_refused(
        partial(
            panels_workflow.appoint_chair,
            review,
            by=review_manager,
            chair=chair_profile_for(),
            appointed_on=review.decision_on - timedelta(days=1),
        ),
        review,
        says="The appointment cannot be before the decision to commission.",
    )


def test_a_qa_panel_cannot_sit_before_the_submission(review_manager):
    review = walk_to(Stage.QA_SUBMITTED, manager=review_manager)
    assert_refused(
        partial(
            workflow.record_qa_outcome,
            review,
            by=review_manager,
            outcome=QARound.Outcome.APPROVED,
            panel_date=review.first_qa_submitted_on - timedelta(days=1),
        ),
        review,
        says="The panel date cannot be before the submission.",
    )


def test_a_resubmission_cannot_be_dated_before_the_previous_round(review_manager):
    review = walk_to(Stage.AMENDMENTS_REQUESTED, manager=review_manager)
    assert_refused(
        partial(
            workflow.submit_to_qa,
            review,
            by=review_manager,
            submitted_on=review.first_qa_submitted_on - timedelta(days=1),
        ),
        review,
        says="A resubmission cannot be dated before the QA panel asked for it.",
    )


def test_a_resubmission_cannot_be_dated_before_the_panel_asked_for_it(review_manager):
    review = walk_to(Stage.AMENDMENTS_REQUESTED, manager=review_manager)
    asked_on = review.qa_rounds.get().panel_date
    assert_refused(
        partial(
            workflow.submit_to_qa,
            review,
            by=review_manager,
            submitted_on=asked_on - timedelta(days=1),
        ),
        review,
    )


def test_publication_cannot_come_before_sending_to_the_commissioner(review_manager):
    review = ready_for("publish", manager=review_manager)
    assert_refused(
        partial(
            workflow.publish,
            review,
            by=review_manager,
            published_on=review.commissioner_sent_on - timedelta(days=1),
        ),
        review,
        says="Publication cannot be before sending to the Commissioner.",
    )


# --- Values the domain does not know ----------------------------------------------------------


def test_an_unknown_decision_is_refused(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    assert_refused(partial(decide, review, review_manager, decision="postpone"), review)


@pytest.mark.parametrize("outcome", ["", "rejected"])
def test_an_unknown_qa_outcome_is_refused(outcome, review_manager):
    review = walk_to(Stage.QA_SUBMITTED, manager=review_manager)
    assert_refused(
        partial(
            workflow.record_qa_outcome,
            review,
            by=review_manager,
            outcome=outcome,
            panel_date=day(review, 350),
            changes_required="Something.",
        ),
        review,
    )


# --- The decision ------------------------------------------------------------------------------


def test_commissioning_starts_the_completion_clock(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager, notified_on=date(2026, 8, 3))
    decide(
        review,
        review_manager,
        decision_on=date(2026, 8, 31),
        rationale="Meets the criteria.",
        home_office_informed_on=date(2026, 9, 2),
    )
    review.refresh_from_db()
    assert review.stage == Stage.COMMISSIONED
    # Six months (the partnership's period) from 31 August is the last day of February.
    assert review.completion_due_on == date(2027, 2, 28)
    assert (review.decision, review.decision_on, review.decision_rationale) == (
        Review.Decision.COMMISSION,
        date(2026, 8, 31),
        "Meets the criteria.",
    )
    assert (review.decided_by, review.home_office_informed_on) == ("CSP board", date(2026, 9, 2))
    assert review.closed_on is None
    assert latest_change(review).reason == "Meets the criteria."


def test_the_completion_period_is_the_partnerships(review_manager, partnership):
    # The partnership's own timescale rule (cases.TimescaleRule) overrides the default of 6.
    TimescaleRule.objects.create(
        partnership=partnership, kind="completion", period=12, unit="months"
    )  # the 2024 draft guidance's proposal
    review = walk_to(Stage.DECISION, manager=review_manager, notified_on=date(2026, 2, 2))
    decide(review, review_manager, decision_on=date(2026, 2, 20))
    review.refresh_from_db()
    assert review.completion_due_on == date(2027, 2, 20)


def test_a_joint_review_is_commissioned_and_says_with_what(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    decide(
        review,
        review_manager,
        decision=Review.Decision.JOINT,
        referred_to="Safeguarding Adults Review",
    )
    review.refresh_from_db()
    assert review.stage == Stage.COMMISSIONED
    assert review.referred_to == "Safeguarding Adults Review"
    assert review.completion_due_on is not None


@pytest.mark.parametrize(
    ("decision", "referred_to"),
    [(Review.Decision.NOT_COMMISSION, ""), (Review.Decision.REFER, "Child Safeguarding Review")],
)
def test_not_commissioning_closes_the_review(decision, referred_to, review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    decide(
        review,
        review_manager,
        decision=decision,
        referred_to=referred_to,
        rationale="The criteria are not met.",
    )
    review.refresh_from_db()
    assert review.stage == Stage.CLOSED
    assert review.closed_on == review.decision_on == day(review, 20)
    assert review.closure_reason == "The criteria are not met."
    assert review.referred_to == referred_to
    assert review.completion_due_on is None
    change = latest_change(review)
    assert (change.action, change.from_stage, change.to_stage) == (
        "record_decision",
        Stage.DECISION,
        Stage.CLOSED,
    )


# --- The QA loop, and on to closure ------------------------------------------------------------


def test_qa_rounds_then_commissioner_publication_monitoring_and_closure(review_manager):
    review = ready_for("submit_to_qa", manager=review_manager, notified_on=date(2026, 1, 5))
    manager = review_manager
    first_round, second_round = date(2026, 6, 1), date(2026, 8, 3)

    workflow.submit_to_qa(review, by=manager, submitted_on=first_round)
    assert review.stage == Stage.QA_SUBMITTED
    assert review.first_qa_submitted_on == first_round
    assert list(review.qa_rounds.values_list("number", "submitted_on")) == [(1, first_round)]

    workflow.record_qa_outcome(
        review,
        by=manager,
        outcome=QARound.Outcome.RESUBMIT,
        panel_date=date(2026, 7, 1),
        changes_required="Analyse the GP's contacts.",
    )
    assert review.stage == Stage.AMENDMENTS_REQUESTED
    round_one = review.qa_rounds.get(number=1)
    assert (round_one.outcome, round_one.panel_date, round_one.changes_required) == (
        QARound.Outcome.RESUBMIT,
        date(2026, 7, 1),
        "Analyse the GP's contacts.",
    )
    assert round_one.outcome_recorded_on == timezone.localdate()

    workflow.submit_to_qa(review, by=manager, submitted_on=second_round)
    assert review.stage == Stage.QA_SUBMITTED
    assert latest_change(review).action == "resubmit_to_qa"
    assert list(review.qa_rounds.values_list("number", "submitted_on")) == [
        (1, first_round),
        (2, second_round),
    ]
    assert review.first_qa_submitted_on == first_round  # the completion clock was met then

    workflow.record_qa_outcome(
        review, by=manager, outcome=QARound.Outcome.APPROVED, panel_date=date(2026, 9, 1)
    )
    assert review.stage == Stage.QA_APPROVED
    assert review.qa_rounds.get(number=2).outcome == QARound.Outcome.APPROVED

    workflow.send_to_commissioner(review, by=manager, sent_on=date(2026, 9, 10))
    assert (review.stage, review.commissioner_sent_on) == (
        Stage.SENT_TO_COMMISSIONER,
        date(2026, 9, 10),
    )

    workflow.add_publication_link(
        review, by=manager, title="Overview report", url="https://swale.gov.uk/dhr-diana.pdf"
    )
    # Publication needs a checked report and a public summary (publications, issue 12).
    prepare_publication(review, manager=manager)
    workflow.publish(review, by=manager, published_on=date(2026, 10, 1))
    assert (review.stage, review.published_on) == (Stage.PUBLISHED, date(2026, 10, 1))

    workflow.start_monitoring(review, by=manager)
    assert review.stage == Stage.MONITORING

    complete_plan(review, manager=manager)  # closing needs every action closed (actionplans)
    workflow.close(review, by=manager, closed_on=date(2027, 4, 1), reason="Actions complete.")
    assert (review.stage, review.closed_on, review.closure_reason) == (
        Stage.CLOSED,
        date(2027, 4, 1),
        "Actions complete.",
    )
    assert list(review.stage_changes.order_by("pk").values_list("action", flat=True)) == [
        "record_notification",
        "start_scoping",
        "finish_scoping",
        "record_decision",
        "appoint_chair",
        "convene_panel",
        "submit_to_qa",
        "record_qa_outcome",
        "resubmit_to_qa",
        "record_qa_outcome",
        "send_to_commissioner",
        "publish",
        "start_monitoring",
        "close",
    ]
    assert set(review.stage_changes.values_list("by", flat=True)) == {manager.pk}


def test_approval_with_changes_keeps_the_changes(review_manager):
    review = walk_to(Stage.QA_SUBMITTED, manager=review_manager)
    workflow.record_qa_outcome(
        review,
        by=review_manager,
        outcome=QARound.Outcome.APPROVED_WITH_CHANGES,
        panel_date=day(review, 350),
        changes_required="Correct the pseudonym on page 4.",
    )
    assert review.stage == Stage.QA_APPROVED
    assert review.qa_rounds.get().changes_required == "Correct the pseudonym on page 4."
    assert latest_change(review).reason == "Correct the pseudonym on page 4."


# --- The chair ---------------------------------------------------------------------------------


def test_appointing_the_chair_lets_them_in(review_manager, chair):
    review = walk_to(Stage.COMMISSIONED, manager=review_manager)
    assert not Review.objects.for_user(chair).exists()

    panels_workflow.appoint_chair(
        review, by=review_manager, chair=chair_profile_for(chair), appointed_on=day(review, 40)
    )
    assert (review.chair, review.chair_appointed_on) == (chair, day(review, 40))
    assert list(Review.objects.for_user(chair)) == [review]
    assert latest_change(review).reason == "Chris Chair"


def test_a_chair_in_conflict_with_a_panel_agency_is_refused(review_manager, chair, police):
    review = walk_to(Stage.COMMISSIONED, manager=review_manager)
    panels_workflow.add_panel_member(
        review, by=review_manager, agency=police, role="agency", added_on=day(review, 30)
    )
    profile = chair_profile_for(chair, conflicts=[police])

    message = assert_refused(
        partial(
            panels_workflow.appoint_chair,
            review,
            by=review_manager,
            chair=profile,
            appointed_on=day(review, 40),
        ),
        review,
        says="Chris Chair has declared a conflict of interest with an agency on this panel",
    )
    assert "Kent Police: Formerly employed by Kent Police." in message
    assert not Review.objects.for_user(chair).exists()
    assert panels_workflow.chair_conflicts(profile, review) == [
        "Kent Police: Formerly employed by Kent Police."
    ]


def test_a_conflict_with_an_agency_off_the_panel_does_not_stop_the_appointment(
    review_manager, chair, police
):
    review = walk_to(Stage.COMMISSIONED, manager=review_manager)
    panels_workflow.appoint_chair(
        review,
        by=review_manager,
        chair=chair_profile_for(chair, conflicts=[police]),
        appointed_on=day(review, 40),
    )
    assert review.stage == Stage.CHAIR_APPOINTED


def test_an_agency_in_conflict_with_the_chair_cannot_join_the_panel(review_manager, chair, police):
    chair_profile_for(chair, conflicts=[police])
    review = walk_to(Stage.CHAIR_APPOINTED, manager=review_manager, chair_user=chair)
    assert_refused(
        partial(
            panels_workflow.add_panel_member,
            review,
            by=review_manager,
            agency=police,
            role="agency",
            added_on=day(review, 50),
        ),
        review,
        says="The chair has declared a conflict of interest with Kent Police",
    )
    assert not Review.objects.for_user(agency_member_of(police)).exists()


@pytest.mark.parametrize("why", ["unavailable", "deactivated"])
def test_a_chair_who_cannot_take_reviews_is_refused(why, review_manager, chair):
    profile = chair_profile_for(chair, is_available=why != "unavailable")
    if why == "deactivated":
        chair.is_active = False
        chair.save()
    review = walk_to(Stage.COMMISSIONED, manager=review_manager)
    assert_refused(
        partial(
            panels_workflow.appoint_chair,
            review,
            by=review_manager,
            chair=profile,
            appointed_on=day(review, 40),
        ),
        review,
        says="Chris Chair is not available for new reviews.",
    )


# --- The panel and agency access ---------------------------------------------------------------


def test_seating_an_agency_lets_its_members_in_and_removing_it_lets_them_out(
    review_manager, police, agency_member
):
    review = walk_to(Stage.COMMISSIONED, manager=review_manager)  # scoped with another agency
    assert not Review.objects.for_user(agency_member).exists()

    member = panels_workflow.add_panel_member(
        review, by=review_manager, agency=police, role="agency", added_on=day(review, 30)
    )
    assert list(Review.objects.for_user(agency_member)) == [review]

    panels_workflow.remove_panel_member(member, by=review_manager)
    assert not review.panel_members.exists()
    assert not Review.objects.for_user(agency_member).exists()


def test_an_agency_asked_for_information_keeps_access_when_it_leaves_the_panel(
    review_manager, police, agency_member
):
    review = walk_to(Stage.COMMISSIONED, manager=review_manager, agency=police)
    member = panels_workflow.add_panel_member(
        review, by=review_manager, agency=police, role="agency", added_on=day(review, 30)
    )
    panels_workflow.remove_panel_member(member, by=review_manager)
    assert list(Review.objects.for_user(agency_member)) == [review]


def test_the_panel_is_formed_between_commissioning_and_qa(review_manager, police):
    early = walk_to(Stage.DECISION, manager=review_manager)
    assert_refused(
        partial(
            panels_workflow.add_panel_member,
            early,
            by=review_manager,
            agency=police,
            role="agency",
            added_on=day(early, 10),
        ),
        early,
        says="The panel is formed between commissioning and QA submission.",
    )
    late = walk_to(Stage.QA_SUBMITTED, manager=review_manager, agency=police)
    seat = late.panel_members.get()
    assert_refused(
        partial(panels_workflow.remove_panel_member, seat, by=review_manager),
        late,
        says="The panel can no longer be changed at this stage.",
    )


def test_an_agency_sits_once_on_a_panel(review_manager, police):
    review = walk_to(Stage.PANEL, manager=review_manager, agency=police)
    assert_refused(
        partial(
            panels_workflow.add_panel_member,
            review,
            by=review_manager,
            agency=police,
            role="agency",
            added_on=day(review, 60),
        ),
        review,
        says="Kent Police is already on the panel.",
    )


@pytest.mark.parametrize("who", ["chair", "agency_member", "medway_manager", "steering_member"])
def test_only_the_manager_changes_the_panel(request, who, review_manager, police, chair):
    review = walk_to(Stage.PANEL, manager=review_manager, agency=police, chair_user=chair)
    user = request.getfixturevalue(who)
    assert_refused(
        partial(
            panels_workflow.add_panel_member,
            review,
            by=user,
            agency=AgencyFactory(name="Kent Probation"),
            role=PanelMember.PanelRole.AGENCY,
            added_on=day(review, 60),
        ),
        review,
        says="Only the review manager can change the panel.",
    )
    assert_refused(
        partial(panels_workflow.remove_panel_member, review.panel_members.get(), by=user),
        review,
        says="Only the review manager can change the panel.",
    )


# --- Information requests ----------------------------------------------------------------------


def send(review, by, agency, **dates):
    values = {"sent_on": day(review, 1), "due_on": day(review, 15)} | dates
    return workflow.send_information_request(review, by=by, agency=agency, **values)


def test_a_request_lets_the_agency_in_and_withdrawing_it_lets_it_out(
    review_manager, police, agency_member
):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    request = send(review, review_manager, police)
    assert list(Review.objects.for_user(agency_member)) == [review]

    workflow.withdraw_information_request(request, by=review_manager)
    request.refresh_from_db()
    assert request.withdrawn
    assert not Review.objects.for_user(agency_member).exists()


@pytest.mark.parametrize("who", ["chair", "agency_member", "medway_manager", "administrator"])
def test_only_the_manager_sends_and_withdraws_requests(request, who, review_manager, police):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    user = request.getfixturevalue(who)
    assert_refused(
        partial(send, review, user, police),
        review,
        says="Only the review manager can send information requests.",
    )
    sent = send(review, review_manager, AgencyFactory(name="Kent Probation"))
    assert_refused(
        partial(workflow.withdraw_information_request, sent, by=user),
        review,
        says="Only the review manager can withdraw a request.",
    )


def test_requests_are_sent_before_the_decision_once_per_agency_and_due_after_sending(
    review_manager, police
):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    assert_refused(
        partial(send, review, review_manager, police, due_on=day(review, 0)),
        review,
        says="The due date cannot be before the date the request was sent.",
    )
    send(review, review_manager, police)
    assert_refused(
        partial(send, review, review_manager, police),
        review,
        says="Kent Police has already been sent a request for this review.",
    )
    decided = walk_to(Stage.DECISION, manager=review_manager)
    assert_refused(
        partial(send, decided, review_manager, police),
        decided,
        says="Information requests are sent before the decision.",
    )


def test_only_a_member_of_the_agency_asked_answers(review_manager, police, agency_member):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    request = send(review, review_manager, police)
    stranger = agency_member_of(AgencyFactory(name="Kent Probation"))
    for user in (review_manager, stranger):
        assert_refused(
            partial(
                workflow.answer_information_request, request, by=user, had_contact=True, summary=""
            ),
            review,
            says="Only a member of the agency asked can answer this request.",
        )

    workflow.answer_information_request(
        request, by=agency_member, had_contact=True, summary="Three call-outs."
    )
    request.refresh_from_db()
    assert (request.had_contact, request.summary, request.answered_by) == (
        True,
        "Three call-outs.",
        agency_member,
    )
    assert request.answered_at is not None
    assert_refused(
        partial(workflow.withdraw_information_request, request, by=review_manager),
        review,
        says="An answered request cannot be withdrawn.",
    )


def test_a_withdrawn_request_cannot_be_answered(review_manager, police, agency_member):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    request = send(review, review_manager, police)
    workflow.withdraw_information_request(request, by=review_manager)
    assert_refused(
        partial(
            workflow.answer_information_request,
            request,
            by=agency_member,
            had_contact=False,
            summary="",
        ),
        review,
        says="This request has been withdrawn.",
    )


# --- Terms of reference, publication links, linked reviews -------------------------------------


def write_terms(review, by):
    return workflow.save_terms_of_reference(
        review,
        by=by,
        period_start=date(2023, 1, 1),
        period_end=date(2026, 1, 1),
        key_lines_of_enquiry="Information sharing.",
    )


def test_the_chair_and_the_manager_write_versions_of_the_terms(review_manager, chair):
    review = walk_to(Stage.CHAIR_APPOINTED, manager=review_manager, chair_user=chair)
    first = write_terms(review, chair)
    second = write_terms(review, review_manager)
    assert (first.version, second.version) == (1, 2)
    assert first.created_by == chair

    assert_refused(
        partial(workflow.agree_terms_of_reference, second, by=chair, agreed_on=day(review, 90)),
        review,
        says="Only the review manager can record that the terms were agreed.",
    )
    assert_refused(
        partial(
            workflow.agree_terms_of_reference, first, by=review_manager, agreed_on=day(review, 90)
        ),
        review,
        says="Only the latest version of the terms can be agreed.",
    )
    workflow.agree_terms_of_reference(second, by=review_manager, agreed_on=day(review, 90))
    second.refresh_from_db()
    assert second.agreed_on == day(review, 90)


@pytest.mark.parametrize("who", ["agency_member", "medway_manager", "steering_member"])
def test_others_cannot_write_the_terms(request, who, review_manager, police):
    review = walk_to(Stage.PANEL, manager=review_manager, agency=police)
    assert_refused(
        partial(write_terms, review, request.getfixturevalue(who)),
        review,
        says="Only the review manager or the chair can change the terms.",
    )


@pytest.mark.parametrize("stage", [Stage.NOTIFIED, Stage.SCOPING, Stage.DECISION])
def test_terms_are_written_once_the_review_is_commissioned(stage, review_manager):
    review = walk_to(stage, manager=review_manager)
    assert_refused(
        partial(write_terms, review, review_manager),
        review,
        says="Terms of reference are written between commissioning and QA submission.",
    )


def test_publication_links_are_added_by_the_manager_after_the_commissioner(review_manager, chair):
    early = walk_to(Stage.QA_APPROVED, manager=review_manager, chair_user=chair)
    add = partial(
        workflow.add_publication_link, title="Report", url="https://swale.gov.uk/report.pdf"
    )
    assert_refused(
        partial(add, early, by=review_manager),
        early,
        says="The report is published after it is sent to the Commissioner.",
    )
    review = walk_to(Stage.SENT_TO_COMMISSIONER, manager=review_manager, chair_user=chair)
    assert_refused(
        partial(add, review, by=chair),
        review,
        says="Only the review manager can record publication.",
    )
    add(review, by=review_manager)
    assert review.publication_links.count() == 1


def test_only_the_manager_records_linked_processes(review_manager, chair):
    review = walk_to(Stage.CHAIR_APPOINTED, manager=review_manager, chair_user=chair)
    link = partial(workflow.add_linked_review, review, kind="inquest", description="Coroner")
    assert_refused(
        partial(link, by=chair), review, says="Only the review manager can record linked processes."
    )
    link(by=review_manager)
    assert review.links.get().description == "Coroner"


# --- The helpers themselves --------------------------------------------------------------------


def test_a_refused_walk_leaves_nothing_behind(review_manager):
    with pytest.raises(ValueError, match="never reaches"):
        walk_to(Stage.PANEL, manager=review_manager, decision=Review.Decision.NOT_COMMISSION)
    assert not Review.objects.exists()


def test_snapshot_sees_a_change(review_manager):
    review = walk_to(Stage.NOTIFIED, manager=review_manager)
    before = snapshot(review)
    workflow.start_scoping(review, by=review_manager)
    assert snapshot(review) != before


def test_a_registered_guard_refuses_the_action_with_its_reason(review_manager, monkeypatch):
    """Later apps add checks to an action through ``register_guard``, without this app
    importing them; the refusal is the guard's own sentence."""
    monkeypatch.setattr(workflow, "_REGISTERED_GUARDS", {})
    review = ready_for("start_monitoring", manager=review_manager)
    workflow.register_guard("start_monitoring", lambda review: "The action plan is not agreed.")
    workflow.register_guard("start_monitoring", lambda review: None)

    assert_refused(
        partial(workflow.start_monitoring, review, by=review_manager),
        review,
        says="The action plan is not agreed.",
    )

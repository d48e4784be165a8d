"""Deadlines are opened and closed by the domain functions only, with due dates from the
timescale rules, and move on with the review's holds."""

from datetime import date, timedelta
from functools import partial

import pytest

from cases.deadlines import services as deadlines
from cases.lifecycle import workflow
from cases.models import Deadline, DeadlineKind, Hold, InformationRequest, Stage, TimescaleRule
from tests.cases.factories import agency_member_of, assert_refused, walk_to
from tests.conftest import london
from tests.dhr.factories import AgencyFactory

K = DeadlineKind


def deadline_of(review, kind) -> Deadline:
    return Deadline.objects.get(review=review, kind=kind)


def decide(review, manager, *, decision_on, decision="commission", informed_on=None):
    """The decision, without the day the Home Office was told unless ``informed_on``."""
    workflow.record_decision(
        review,
        by=manager,
        decision=decision,
        decision_on=decision_on,
        rationale="Criteria met." if decision == "commission" else "Criteria not met.",
        decided_by="CSP board",
        home_office_informed_on=informed_on,
    )
    review.refresh_from_db()
    return review


def test_a_notification_opens_the_decision_deadline(review_manager):
    review = walk_to(Stage.NOTIFIED, manager=review_manager, notified_on=date(2026, 1, 31))
    decision = deadline_of(review, K.DECISION)
    assert decision.due_on == date(2026, 2, 28) == review.decision_due_on  # month end
    assert decision.owner_user == review_manager
    assert decision.owner_agency is None
    assert decision.rule == "1 month after the notification"
    assert decision.link == f"/reviews/{review.reference}/decision/"
    assert decision.is_open
    assert decision.partnership == review.partnership


def test_a_partnerships_own_rule_sets_the_due_date(review_manager, partnership):
    TimescaleRule.objects.create(partnership=partnership, kind=K.DECISION, period=2, unit="months")
    review = walk_to(Stage.NOTIFIED, manager=review_manager, notified_on=date(2026, 1, 31))
    decision = deadline_of(review, K.DECISION)
    assert decision.due_on == date(2026, 3, 31) == review.decision_due_on
    assert decision.rule == "2 months after the notification (Swale rule)"


def test_the_decision_meets_its_deadline_and_opens_the_next_ones(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager, notified_on=date(2026, 1, 12))
    decide(review, review_manager, decision_on=date(2026, 2, 27))  # late: due 12 February
    decision = deadline_of(review, K.DECISION)
    assert (decision.met_on, decision.due_on) == (date(2026, 2, 27), date(2026, 2, 12))
    home_office = deadline_of(review, K.HOME_OFFICE)
    assert home_office.is_open
    assert home_office.due_on == date(2026, 3, 27)
    assert home_office.link == f"/reviews/{review.reference}/deadlines/home-office/"
    completion = deadline_of(review, K.COMPLETION)
    assert completion.is_open
    assert completion.due_on == date(2026, 8, 27) == review.completion_due_on
    assert completion.rule == "6 months after the decision to commission"


def test_a_decision_that_says_when_the_home_office_was_told_meets_that_deadline(review_manager):
    review = walk_to(
        Stage.COMMISSIONED,
        manager=review_manager,
        decision_on=date(2026, 2, 2),
        home_office_informed_on=date(2026, 2, 5),
    )
    assert deadline_of(review, K.HOME_OFFICE).met_on == date(2026, 2, 5)


def test_not_commissioning_still_asks_for_the_home_office(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    decide(review, review_manager, decision_on=date(2026, 2, 2), decision="not_commission")
    assert review.stage == Stage.CLOSED
    assert deadline_of(review, K.DECISION).met_on == review.decision_on
    assert deadline_of(review, K.HOME_OFFICE).is_open
    assert not review.deadlines.filter(kind=K.COMPLETION).exists()
    workflow.record_home_office_informed(
        review, by=review_manager, informed_on=review.decision_on + timedelta(days=3)
    )
    assert deadline_of(review, K.HOME_OFFICE).met_on == review.decision_on + timedelta(days=3)


def test_recording_when_the_home_office_was_told(review_manager, medway_manager):
    review = decide(
        walk_to(Stage.DECISION, manager=review_manager),
        review_manager,
        decision_on=date(2026, 2, 2),
    )
    record = partial(workflow.record_home_office_informed, review)
    assert_refused(
        partial(record, by=medway_manager, informed_on=review.decision_on),
        review,
        says="Only the review manager",
    )
    assert_refused(
        partial(record, by=review_manager, informed_on=review.decision_on - timedelta(days=1)),
        review,
        says="cannot be told before the decision",
    )
    assert deadline_of(review, K.HOME_OFFICE).is_open

    record(by=review_manager, informed_on=review.decision_on)
    review.refresh_from_db()
    assert review.home_office_informed_on == review.decision_on
    assert deadline_of(review, K.HOME_OFFICE).met_on == review.decision_on
    assert_refused(
        partial(record, by=review_manager, informed_on=review.decision_on),
        review,
        says="already recorded",
    )


def test_the_home_office_date_needs_a_decision(review_manager):
    review = walk_to(Stage.DECISION, manager=review_manager)
    assert_refused(
        partial(
            workflow.record_home_office_informed,
            review,
            by=review_manager,
            informed_on=review.notified_on,
        ),
        review,
        says="decision first",
    )


def test_an_information_request_is_the_agencys_deadline_until_answered(review_manager):
    police = AgencyFactory(name="Kent Police")
    review = walk_to(Stage.SCOPING, manager=review_manager, agency=police)
    request = workflow.send_information_request(
        review, by=review_manager, agency=police, sent_on=date(2026, 1, 13), due_on=date(2026, 2, 3)
    )
    deadline = deadline_of(review, K.INFORMATION_REQUEST)
    assert (deadline.owner_agency, deadline.owner_user) == (police, None)
    assert deadline.due_on == date(2026, 2, 3)
    assert deadline.title == "Answer to the information request sent to Kent Police"
    assert deadline.source == f"cases.informationrequest:{request.pk}"
    assert deadline.rule == "Due date set by the review manager"

    member = agency_member_of(police)
    workflow.answer_information_request(request, by=member, had_contact=False, summary="None.")
    deadline.refresh_from_db()
    assert deadline.met_on == request.answered_at.date()
    met_on = deadline.met_on
    # Changing the answer later does not reopen or move anything.
    workflow.answer_information_request(request, by=member, had_contact=True, summary="One.")
    deadline.refresh_from_db()
    assert deadline.met_on == met_on
    assert review.deadlines.filter(kind=K.INFORMATION_REQUEST).count() == 1


def test_a_withdrawn_request_cancels_its_deadline(review_manager):
    review = walk_to(Stage.SCOPING, manager=review_manager)
    housing = AgencyFactory(name="Swale Housing")
    request = workflow.send_information_request(
        review,
        by=review_manager,
        agency=housing,
        sent_on=date(2026, 1, 13),
        due_on=date(2026, 2, 3),
    )
    workflow.withdraw_information_request(request, by=review_manager)
    deadline = deadline_of(review, K.INFORMATION_REQUEST)
    assert deadline.cancelled_on is not None
    assert deadline.met_on is None
    assert not deadline.is_open


def test_qa_submission_completes_the_review_and_a_resubmission_has_its_own_deadline(
    review_manager,
):
    review = walk_to(
        Stage.AMENDMENTS_REQUESTED,
        manager=review_manager,
        decision_on=date(2026, 2, 2),
        submitted_on=date(2026, 7, 1),
        panel_date=date(2026, 8, 31),
    )
    assert deadline_of(review, K.COMPLETION).met_on == date(2026, 7, 1)
    resubmission = deadline_of(review, K.QA_RESUBMISSION)
    assert resubmission.is_open
    assert resubmission.due_on == date(2026, 11, 30)  # 3 months after 31 August: month end
    assert resubmission.owner_user == review_manager
    assert resubmission.source == f"cases.qaround:{review.qa_rounds.get().pk}"

    workflow.submit_to_qa(review, by=review_manager, submitted_on=date(2026, 10, 1))
    resubmission.refresh_from_db()
    assert resubmission.met_on == date(2026, 10, 1)


def test_a_hold_moves_every_open_deadline_and_request_on_by_its_length(
    clock, review_manager, agency
):
    clock.move_to(london(2026, 1, 12))
    review = walk_to(Stage.SCOPING, manager=review_manager, notified_on=date(2026, 1, 12))
    request = workflow.send_information_request(
        review, by=review_manager, agency=agency, sent_on=date(2026, 1, 12), due_on=date(2026, 2, 2)
    )
    housing = AgencyFactory(name="Swale Housing")
    answered = workflow.send_information_request(
        review,
        by=review_manager,
        agency=housing,
        sent_on=date(2026, 1, 12),
        due_on=date(2026, 2, 2),
    )
    workflow.answer_information_request(
        answered, by=agency_member_of(housing), had_contact=False, summary="No contact."
    )

    clock.move_to(london(2026, 1, 20, 16))
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.INQUEST)
    clock.move_to(london(2026, 3, 1, 10))  # 40 London days later
    workflow.resume(review, by=review_manager, note="Inquest concluded.")

    review.refresh_from_db()
    assert review.decision_due_on == date(2026, 2, 12) + timedelta(days=40)
    assert deadline_of(review, K.DECISION).due_on == date(2026, 3, 24)
    open_request = review.deadlines.get(source=deadlines.source_key(request))
    assert open_request.due_on == date(2026, 3, 14)
    assert InformationRequest.objects.get(pk=request.pk).due_on == date(2026, 3, 14)
    # What was already met stays as it was.
    assert review.deadlines.get(source=deadlines.source_key(answered)).due_on == date(2026, 2, 2)
    assert InformationRequest.objects.get(pk=answered.pk).due_on == date(2026, 2, 2)


# --- The API later apps call ------------------------------------------------------------------


def test_open_deadline_needs_exactly_one_owner(review_manager, agency):
    review = walk_to(Stage.NOTIFIED, manager=review_manager)
    common = {"kind": K.AGENCY_REPORT, "due_on": date(2026, 5, 1), "rule": "Set", "source": "x:1"}
    with pytest.raises(ValueError, match="exactly one owner"):
        deadlines.open_deadline(review, **common)
    with pytest.raises(ValueError, match="exactly one owner"):
        deadlines.open_deadline(review, owner_agency=agency, owner_user=review_manager, **common)
    with pytest.raises(ValueError, match="Unknown kind"):
        deadlines.open_deadline(review, **{**common, "kind": "nonsense"}, owner_agency=agency)
    with pytest.raises(ValueError, match="needs its partnership"):
        deadlines.open_deadline(None, owner_agency=agency, **common)


def test_opening_again_updates_and_closing_twice_is_harmless(review_manager, agency):
    review = walk_to(Stage.NOTIFIED, manager=review_manager)
    first = deadlines.open_deadline(
        review,
        kind=K.AGENCY_CHRONOLOGY,
        due_on=date(2026, 5, 1),
        rule="Due date set by the chair",
        source="panels.chronologyrequest:7",
        owner_agency=agency,
        title="Chronology from Kent Police",
    )
    again = deadlines.open_deadline(
        review,
        kind=K.AGENCY_CHRONOLOGY,
        due_on=date(2026, 5, 15),
        rule="Due date set by the chair",
        source="panels.chronologyrequest:7",
        owner_agency=agency,
    )
    assert again.pk == first.pk
    assert again.due_on == date(2026, 5, 15)
    assert review.deadlines.filter(kind=K.AGENCY_CHRONOLOGY).count() == 1

    closed = deadlines.close_deadline(
        kind=K.AGENCY_CHRONOLOGY, source="panels.chronologyrequest:7", met_on=date(2026, 5, 2)
    )
    assert closed == 1
    assert (
        deadlines.close_deadline(kind=K.AGENCY_CHRONOLOGY, source="panels.chronologyrequest:7") == 0
    )
    assert Deadline.objects.get(pk=first.pk).met_on == date(2026, 5, 2)
    with pytest.raises(ValueError, match="Say which deadline"):
        deadlines.close_deadline(kind=K.AGENCY_CHRONOLOGY)

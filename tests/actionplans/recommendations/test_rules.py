"""The action plan's rules: QA and closing guarded through the lifecycle's registry, the RAG
rating derived across dates, progress updates, sign-off and refusal."""

from datetime import date, timedelta
from functools import partial

import pytest

from actionplans.models import PlanAction, ProgressUpdate, Recommendation
from actionplans.recommendations import services
from cases.deadlines import services as deadline_services
from cases.lifecycle import workflow
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Deadline, DeadlineKind, Stage
from dhr.accounts.roles import Role
from dhr.models import Notification
from tests.actionplans.factories import agreed_recommendation, complete, evidence_file
from tests.cases.factories import assert_refused
from tests.dhr.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
S = PlanAction.Status


def draft(review, by, text="Health visitors should ask about abuse at every contact.", **extra):
    return services.draft_recommendation(
        review,
        by=by,
        text=text,
        level=Recommendation.Level.SINGLE_AGENCY,
        addressed_to="NHS Kent",
        **extra,
    )


def action_of(recommendation, by, agency, target=date(2027, 1, 31)):
    return services.add_action(
        recommendation, by=by, description="Do it.", lead_agency=agency, target_date=target
    )


# --- Home Office QA needs the agreed plan ------------------------------------------------------


def submit(review, manager):
    return partial(workflow.submit_to_qa, review, by=manager, submitted_on=date(2026, 6, 1))


def test_qa_needs_recommendations(cast):
    review = cast.ready_for("submit_to_qa")
    walked = review.recommendations.get()  # the walk's plan (tests/actionplans/factories.py)
    services.withdraw_recommendation(walked, by=cast.manager, reason="Merged into another.")
    assert_refused(
        submit(review, cast.manager),
        review,
        says="Add the review's recommendations and their actions first",
    )


def test_qa_names_the_draft_and_the_bare_recommendations(cast):
    review = cast.ready_for("submit_to_qa")
    second = draft(review, cast.chair)
    third = draft(review, cast.chair, text="GPs should refer to the MARAC.")
    assert_refused(
        submit(review, cast.manager), review, says="Recommendations 2 and 3 must be agreed first."
    )
    services.agree_recommendation(second, by=cast.manager)
    services.agree_recommendation(third, by=cast.manager)
    assert_refused(
        submit(review, cast.manager),
        review,
        says="Recommendations 2 and 3 need at least one action.",
    )
    action_of(second, cast.manager, cast.agency)
    assert_refused(
        submit(review, cast.manager), review, says="Recommendation 3 needs at least one action."
    )
    action_of(third, cast.manager, cast.agency)
    submit(review, cast.manager)()
    review.refresh_from_db()
    assert review.stage == Stage.QA_SUBMITTED


def test_the_overview_shows_why_qa_is_refused(cast):
    review = cast.ready_for("submit_to_qa")
    draft(review, cast.chair)
    reasons = {
        action.name: reason for action, reason in workflow.available_actions(review, cast.manager)
    }
    assert reasons["submit_to_qa"] == "Recommendation 2 must be agreed first."


def test_resubmission_needs_the_agreed_plan_too(cast):
    review = cast.ready_for("resubmit_to_qa")
    draft(review, cast.manager)
    resubmit = partial(
        workflow.submit_to_qa, review, by=cast.manager, submitted_on=date(2026, 8, 1)
    )
    assert_refused(resubmit, review, says="Recommendation 2 must be agreed first.")


# --- Closing needs every action closed -----------------------------------------------------------


def close(review, manager):
    return partial(
        workflow.close, review, by=manager, closed_on=date(2026, 10, 1), reason="Plan complete."
    )


def test_closing_names_the_open_actions(cast):
    review = cast.walk_to(Stage.MONITORING)  # the walk's action is completed and signed off
    first = review.recommendations.get()
    second_action = action_of(first, cast.manager, cast.agency)
    other = draft(review, cast.manager, text="Housing should record tenancy concerns.")
    services.agree_recommendation(other, by=cast.manager)
    third = action_of(other, cast.manager, AgencyFactory(name="Swale Housing"))
    assert_refused(
        close(review, cast.manager),
        review,
        says="Actions 1.2 and 2.1 are still open: every action must be completed, "
        "not completed with a reason, or superseded.",
    )
    services.close_action(second_action, by=cast.manager, status=S.SUPERSEDED, reason="Merged.")
    assert_refused(close(review, cast.manager), review, says="Action 2.1 is still open")
    update = services.post_update(
        third,
        by=UserFactory(role=Role.AGENCY_MEMBER, agency=third.lead_agency),
        note="The service was decommissioned.",
        proposed_status=S.NOT_COMPLETED,
        reason="No funding.",
    )
    assert_refused(close(review, cast.manager), review, says="Action 2.1 is still open")
    services.sign_off(update, by=cast.manager)
    close(review, cast.manager)()
    review.refresh_from_db()
    assert review.stage == Stage.CLOSED
    statuses = PlanAction.objects.filter(review=review).values_list("status", flat=True)
    assert sorted(statuses) == ["completed", "not_completed", "superseded"]


def test_a_closed_review_plan_no_longer_changes(cast):
    review = cast.walk_to(Stage.CLOSED)
    with pytest.raises(TransitionRefused, match="The review is closed"):
        draft(review, cast.manager)


# --- Who does what --------------------------------------------------------------------------------


def test_the_chair_drafts_and_the_manager_agrees(cast):
    review = cast.walk_to(Stage.PANEL)
    recommendation = draft(review, cast.chair)
    assert (recommendation.number, recommendation.status) == (2, "draft")
    with pytest.raises(TransitionRefused, match="Only the review manager can agree"):
        services.agree_recommendation(recommendation, by=cast.chair)
    with pytest.raises(TransitionRefused, match="Only the chair or the review manager"):
        draft(review, cast.agency_member)
    services.agree_recommendation(recommendation, by=cast.manager)
    with pytest.raises(TransitionRefused, match="Only the review manager can change an agreed"):
        services.update_recommendation(
            recommendation, by=cast.chair, text="New.", level="local", addressed_to="Home Office"
        )
    history = list(recommendation.history.order_by("history_date"))
    assert [(row.status, row.history_user) for row in history] == [
        ("draft", cast.chair),
        ("agreed", cast.manager),
    ]


def test_an_action_is_a_deadline_of_the_lead_agency_in_my_work(cast):
    review = cast.walk_to(Stage.PANEL)
    action = PlanAction.objects.get(review=review)
    deadline = Deadline.objects.get(
        kind=DeadlineKind.PLAN_ACTION, source=f"actionplans.planaction:{action.pk}"
    )
    assert (deadline.owner_agency, deadline.due_on, deadline.review) == (
        cast.agency,
        action.target_date,
        review,
    )
    assert deadline in list(deadline_services.deadlines_for(cast.agency_member))
    assert deadline_services.link_for(deadline, cast.agency_member).endswith(
        f"/action-plan/actions/{action.pk}/update/"
    )


def test_a_new_lead_agency_can_open_the_review(cast):
    review = cast.walk_to(Stage.PANEL)
    housing = AgencyFactory(name="Swale Housing")
    member = UserFactory(role=Role.AGENCY_MEMBER, agency=housing)
    assert not review.__class__.objects.for_user(member).filter(pk=review.pk).exists()
    _, action = agreed_recommendation(review, by=cast.manager, agency=housing)
    assert review.__class__.objects.for_user(member).filter(pk=review.pk).exists()
    assert list(services.actions_for(member, review)) == [action]


# --- RAG across dates ---------------------------------------------------------------------------


def test_rag_is_derived_from_status_and_dates(cast, clock):
    review = cast.walk_to(Stage.PANEL)
    recommendation = review.recommendations.get()
    action = action_of(recommendation, cast.manager, cast.agency, target=date(2026, 9, 1))
    assert services.rag(action) == services.GREEN  # 92 days ahead, not started
    clock.move_to(date(2026, 6, 5))
    assert services.rag(action) == services.AMBER  # 88 days ahead and still not started
    services.post_update(
        action, by=cast.agency_member, note="Started.", proposed_status=S.IN_PROGRESS
    )
    action.refresh_from_db()
    assert services.rag(action) == services.GREEN  # in progress, more than 30 days ahead
    clock.move_to(date(2026, 8, 2))
    assert services.rag(action) == services.AMBER  # 30 days left
    clock.move_to(date(2026, 9, 1))
    assert services.rag(action) == services.AMBER  # due today
    clock.move_to(date(2026, 9, 2))
    assert services.rag(action) == services.RED
    complete(action, manager=cast.manager)
    action.refresh_from_db()
    assert services.rag(action) == services.COMPLETE


def test_rag_stands_still_while_the_review_is_on_hold(cast, clock):
    review = cast.walk_to(Stage.PANEL)
    action = action_of(
        review.recommendations.get(), cast.manager, cast.agency, target=date(2026, 6, 20)
    )
    services.post_update(
        action, by=cast.agency_member, note="Going.", proposed_status=S.IN_PROGRESS
    )
    workflow.put_on_hold(review, by=cast.manager, reason="inquest", details="Coroner.")
    clock.move_to(date(2026, 7, 15))
    action = PlanAction.objects.select_related("review", "deadline").get(pk=action.pk)
    assert services.rag(action) == services.AMBER  # as of 1 June, not red
    workflow.resume(review, by=cast.manager)
    action = PlanAction.objects.select_related("review", "deadline").get(pk=action.pk)
    assert services.due_on(action) == date(2026, 6, 20) + timedelta(days=44)
    assert services.rag(action) == services.AMBER


def test_closed_actions_are_complete_or_closed(cast):
    review = cast.walk_to(Stage.PANEL)
    action = action_of(review.recommendations.get(), cast.manager, cast.agency)
    services.close_action(action, by=cast.manager, status=S.SUPERSEDED, reason="Replaced.")
    action.refresh_from_db()
    assert services.rag(action) == services.CLOSED


# --- Progress, sign-off, refusal ----------------------------------------------------------------


def test_completion_needs_evidence_and_the_managers_sign_off(cast, media_root, clock):
    review = cast.walk_to(Stage.PANEL)
    action = action_of(review.recommendations.get(), cast.manager, cast.agency)
    propose = partial(
        services.post_update,
        action,
        by=cast.agency_member,
        note="All officers trained.",
        proposed_status=S.COMPLETED,
    )
    with pytest.raises(TransitionRefused, match="Attach the evidence"):
        propose()
    update = propose(files=[evidence_file()])
    assert update.decision == ProgressUpdate.Decision.PENDING
    action.refresh_from_db()
    assert action.status == S.NOT_STARTED
    assert action.deadline.is_open
    with pytest.raises(TransitionRefused, match="waiting for the review manager's sign-off"):
        propose(files=[evidence_file()])
    with pytest.raises(TransitionRefused, match="Only the review manager can sign off"):
        services.sign_off(update, by=cast.chair)

    services.sign_off(update, by=cast.manager)
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (S.COMPLETED, date(2026, 6, 1))
    action.deadline.refresh_from_db()
    assert action.deadline.met_on == date(2026, 6, 1)
    with pytest.raises(TransitionRefused, match="is closed"):
        services.post_update(
            action, by=cast.agency_member, note="More.", proposed_status=S.IN_PROGRESS
        )


def test_a_refusal_sends_the_action_back_with_the_reason(cast, media_root):
    review = cast.walk_to(Stage.PANEL)
    action = action_of(review.recommendations.get(), cast.manager, cast.agency)
    update = services.post_update(
        action,
        by=cast.agency_member,
        note="Done.",
        proposed_status=S.COMPLETED,
        files=[evidence_file()],
    )
    with pytest.raises(TransitionRefused, match="Enter why the update is sent back"):
        services.refuse(update, by=cast.manager, reason=" ")
    services.refuse(update, by=cast.manager, reason="The audit covers one district only.")
    update.refresh_from_db()
    action.refresh_from_db()
    assert (update.decision, update.refusal_reason) == (
        "refused",
        "The audit covers one district only.",
    )
    assert action.status == S.IN_PROGRESS
    assert action.deadline.is_open
    told = Notification.objects.filter(recipient=cast.agency_member).first()
    assert told.subject == f"{review.reference}: the update on action {action.label} was sent back"
    asked = Notification.objects.get(recipient=cast.manager, subject__contains="sign-off")
    assert asked.url.endswith(f"/actions/{action.pk}/sign-off/")
    # The refused evidence no longer counts: new evidence is needed.
    with pytest.raises(TransitionRefused, match="Attach the evidence"):
        services.post_update(
            action, by=cast.agency_member, note="Again.", proposed_status=S.COMPLETED
        )
    again = services.post_update(
        action,
        by=cast.agency_member,
        note="All districts now.",
        proposed_status=S.COMPLETED,
        files=[evidence_file("audit-all.txt")],
    )
    services.sign_off(again, by=cast.manager)
    action.refresh_from_db()
    assert action.status == S.COMPLETED


def test_only_the_lead_agency_posts_progress(cast, outsider):
    review = cast.walk_to(Stage.PANEL)
    action = PlanAction.objects.get(review=review)
    for user in (outsider, cast.manager, cast.chair):
        with pytest.raises(TransitionRefused, match="Only a member of the lead agency"):
            services.post_update(action, by=user, note="x", proposed_status=S.IN_PROGRESS)


def test_a_bad_evidence_file_is_refused_and_nothing_is_kept(cast, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    review = cast.walk_to(Stage.PANEL)
    action = PlanAction.objects.get(review=review)
    fake = SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(TransitionRefused, match="must be a"):
        services.post_update(
            action, by=cast.agency_member, note="x", proposed_status=S.COMPLETED, files=[fake]
        )
    assert not action.updates.exists()


def test_sign_off_and_refusal_e_mail_the_lead_agency_through_the_outbox(cast, media_root, settings):
    from dhr.mail.models import OutboundEmail

    settings.EMAIL_BACKEND = "dhr.mail.backend.OutboxBackend"
    review = cast.walk_to(Stage.PANEL)
    action = PlanAction.objects.get(review=review)
    other_agency = UserFactory(role=Role.AGENCY_MEMBER, agency=AgencyFactory(name="Elsewhere"))

    def propose():
        return services.post_update(
            action,
            by=cast.agency_member,
            note="Audit of Lucinda Farrow's district attached.",
            proposed_status=S.COMPLETED,
            files=[evidence_file()],
        )

    services.refuse(propose(), by=cast.manager, reason="Lucinda Farrow's file is missing.")
    services.sign_off(propose(), by=cast.manager)
    # Leaving out the notices of the requests the walk sent (cases.deadlines.notices).
    sent = list(OutboundEmail.objects.exclude(subject__startswith="New for").order_by("pk"))
    assert [email.subject for email in sent] == [
        f"{review.reference}: the update on action {action.label} was sent back",
        f"{review.reference}: action {action.label} is signed off",
    ]
    for email in sent:
        assert email.to == [cast.agency_member.email]
        assert other_agency.email not in email.to
        assert "Lucinda" not in email.body  # minimal data: no note, no reason
        assert "Farrow" not in email.body
        assert f"/reviews/{review.reference}/action-plan/actions/{action.pk}/" in email.body

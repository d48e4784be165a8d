"""The stage pages: notification and linked processes, information gathering, decision,
Commissioner, publication, closure, holds.

Each page is walked as its user would: GET, then POST the form. Refusals of the domain show on
the page and change nothing; roles that may not submit get 403, people outside the review 404.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.lifecycle import workflow
from cases.models import Hold, InformationRequest, LinkedReview, Review, Stage
from dhr.accounts.roles import Role
from publications.register.demo import prepare_publication
from tests.cases.factories import CAST_PLAN
from tests.dhr.factories import AgencyFactory, UserFactory

UK = "%d/%m/%Y"
NOTIFIED_ON = CAST_PLAN["notified_on"]
COMMISSIONER_SENT_ON = CAST_PLAN["commissioner_sent_on"]


def uk(day: date) -> str:
    return day.strftime(UK)


def url(name: str, review: Review, *args) -> str:
    return reverse(name, args=[review.reference, *args])


def assert_page(response, *texts):
    """A 200 page of the review (its header shown) containing every one of ``texts``."""
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-caption-l" in body  # the review header of cases/review_base.html
    for text in texts:
        assert text in body, f"{text!r} is not on the page"
    return body


def assert_error(response, message, *kept):
    """The page came back with ``message`` in its error summary and the input ``kept``."""
    body = assert_page(response, "There is a problem", message)
    for value in kept:
        assert value in body, f"the input {value!r} was lost"
    return body


def unchanged(review: Review) -> dict:
    """The fields a refused action must leave as they were."""
    review.refresh_from_db()
    return {
        "stage": review.stage,
        "decision": review.decision,
        "commissioner_sent_on": review.commissioner_sent_on,
        "published_on": review.published_on,
        "closed_on": review.closed_on,
        "is_on_hold": review.is_on_hold,
        "stage_changes": review.stage_changes.count(),
    }


# --- Notification and linked processes -------------------------------------------------------


def test_notification_page_shows_the_notification(manager_client, cast):
    review = cast.walk_to(Stage.NOTIFIED, pseudonym="Diana")
    assert_page(
        manager_client.get(url("cases:notification", review)),
        review.reference,
        "Case Diana",
        "10 January 2026",
        "15 January 2026",
        "Kent Police",
        "Death by a relative or a current or former intimate partner",
        "Intimate partner homicide",
        "Found at home by a neighbour.",
        "Domestic Homicide Review",
        "Add a linked process",
    )


def test_manager_adds_a_linked_process(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    assert_page(manager_client.get(url("cases:linked_add", review)), "Type of process")
    response = manager_client.post(
        url("cases:linked_add", review),
        {"kind": "criminal", "description": "R v Smith, Maidstone Crown Court", "status": "Listed"},
    )
    assert response.status_code == 302
    assert response.url == url("cases:notification", review)
    link = LinkedReview.objects.get(review=review)
    assert (link.kind, link.status) == ("criminal", "Listed")
    assert_page(
        manager_client.get(url("cases:notification", review)),
        "Criminal proceedings",
        "R v Smith, Maidstone Crown Court",
    )


def test_linked_process_form_errors_keep_the_input(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    response = manager_client.post(
        url("cases:linked_add", review), {"description": "Inquest at Maidstone", "status": ""}
    )
    assert_error(response, "Select the type of process", "Inquest at Maidstone")
    assert not LinkedReview.objects.exists()


def test_agency_member_reads_the_notification_without_the_manager_button(client, cast):
    review = cast.walk_to(Stage.DECISION)  # the agency was sent a request
    client.force_login(cast.agency_member)
    body = assert_page(client.get(url("cases:notification", review)), "Kent Police")
    assert "Add a linked process" not in body


# --- Information gathering -------------------------------------------------------------------


def test_manager_sends_an_information_request(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    assert_page(
        manager_client.get(url("cases:requests", review)),
        "No information requests have been sent.",
        "Send an information request",
    )
    assert_page(manager_client.get(url("cases:request_new", review)), "Kent Police")
    response = manager_client.post(
        url("cases:request_new", review),
        {"agency": cast.agency.pk, "sent_on": "16/01/2026", "due_on": "13/02/2026"},
    )
    assert response.status_code == 302
    assert response.url == url("cases:requests", review)
    request = InformationRequest.objects.get(review=review)
    assert (request.sent_on, request.due_on) == (date(2026, 1, 16), date(2026, 2, 13))
    # The agency's members can now open the review.
    agency_client = Client()
    agency_client.force_login(cast.agency_member)
    assert agency_client.get(url("cases:requests", review)).status_code == 200


def test_request_form_errors_keep_the_input(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    response = manager_client.post(
        url("cases:request_new", review),
        {"agency": cast.agency.pk, "sent_on": "16/01/2026", "due_on": "10/01/2026"},
    )
    assert_error(
        response, "The due date must be on or after the date sent", "16/01/2026", "10/01/2026"
    )
    assert not InformationRequest.objects.exists()


def test_request_after_scoping_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.DECISION)
    body = manager_client.get(url("cases:requests", review)).content.decode()
    assert "Send an information request" not in body
    other = AgencyFactory(name="Medway Council")
    response = manager_client.post(
        url("cases:request_new", review),
        {"agency": other.pk, "sent_on": "20/02/2026", "due_on": "01/03/2026"},
    )
    assert_error(response, "Information requests are sent before the decision.", "20/02/2026")
    assert not review.info_requests.filter(agency=other).exists()


def test_requests_table_tags_overdue_requests(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    today = timezone.localdate()
    workflow.send_information_request(
        review,
        by=cast.manager,
        agency=cast.agency,
        sent_on=today - timedelta(days=30),
        due_on=today - timedelta(days=1),
    )
    on_time = AgencyFactory(name="Medway Council")
    workflow.send_information_request(
        review, by=cast.manager, agency=on_time, sent_on=today, due_on=today + timedelta(days=14)
    )
    body = assert_page(manager_client.get(url("cases:requests", review)), "Medway Council")
    assert body.count("govuk-tag--red") == 1
    assert "Overdue" in body
    assert "Waiting" in body
    assert body.count(">Withdraw<") == 2


def _review_asking_two_agencies(cast):
    """A review in scoping that asked the cast's agency and Medway Council (with a member)."""
    review = cast.walk_to(Stage.SCOPING)
    medway = AgencyFactory(name="Medway Council")
    medway_member = UserFactory(role=Role.AGENCY_MEMBER, agency=medway)
    kent = workflow.send_information_request(
        review, by=cast.manager, agency=cast.agency, sent_on=NOTIFIED_ON, due_on=date(2026, 2, 1)
    )
    workflow.send_information_request(
        review, by=cast.manager, agency=medway, sent_on=NOTIFIED_ON, due_on=date(2026, 2, 1)
    )
    return review, kent, medway_member


def test_agency_member_sees_only_their_agencys_request(client, cast):
    review, _kent, _medway_member = _review_asking_two_agencies(cast)
    client.force_login(cast.agency_member)
    body = assert_page(client.get(url("cases:requests", review)), "Kent Police", "/answer/")
    assert "Medway Council" not in body
    assert "Withdraw" not in body
    assert "Send an information request" not in body


def test_chair_sees_every_request(client, cast):
    review = cast.walk_to(Stage.CHAIR_APPOINTED)
    client.force_login(cast.chair)
    body = assert_page(client.get(url("cases:requests", review)), "Kent Police", "Two call-outs")
    assert "Withdraw" not in body
    assert "/answer/" not in body


def test_agency_member_answers_the_request(client, cast):
    review, kent, _ = _review_asking_two_agencies(cast)
    client.force_login(cast.agency_member)
    assert_page(client.get(url("cases:request_answer", review, kent.pk)), "Did your agency")
    response = client.post(
        url("cases:request_answer", review, kent.pk),
        {"had_contact": "yes", "summary": "A domestic incident in March 2025."},
    )
    assert response.status_code == 302
    assert response.url == url("cases:requests", review)
    kent.refresh_from_db()
    assert kent.had_contact is True
    assert kent.answered_by == cast.agency_member
    assert kent.summary == "A domestic incident in March 2025."
    body = assert_page(client.get(url("cases:requests", review)), "Change answer")
    assert "A domestic incident in March 2025." in body


def test_answer_form_errors_keep_the_input(client, cast):
    review, kent, _ = _review_asking_two_agencies(cast)
    client.force_login(cast.agency_member)
    response = client.post(
        url("cases:request_answer", review, kent.pk), {"summary": "No record found."}
    )
    assert_error(response, "Select yes if your agency had contact", "No record found.")
    kent.refresh_from_db()
    assert kent.answered_at is None


def test_only_the_agency_asked_can_open_its_answer_page(client, cast):
    review, kent, medway_member = _review_asking_two_agencies(cast)
    answer_url = url("cases:request_answer", review, kent.pk)
    # Another agency's member cannot see the request (404); the manager sees it but may not
    # answer for the agency (403).
    for user, status in ((medway_member, 404), (cast.manager, 403)):
        client.force_login(user)
        assert client.get(answer_url).status_code == status
        assert client.post(answer_url, {"had_contact": "no", "summary": "x"}).status_code == status
    kent.refresh_from_db()
    assert kent.answered_at is None


def test_manager_withdraws_a_request_after_confirming(manager_client, cast):
    review, kent, _ = _review_asking_two_agencies(cast)
    withdraw_url = url("cases:request_withdraw", review, kent.pk)
    assert_page(
        manager_client.get(withdraw_url), "Withdraw the information request to Kent Police?"
    )
    response = manager_client.post(withdraw_url)
    assert response.status_code == 302
    assert response.url == url("cases:requests", review)
    kent.refresh_from_db()
    assert kent.withdrawn is True
    assert_page(manager_client.get(url("cases:requests", review)), "Withdrawn")


def test_withdrawing_an_answered_request_is_refused(manager_client, cast):
    review, kent, _ = _review_asking_two_agencies(cast)
    workflow.answer_information_request(
        kent, by=cast.agency_member, had_contact=False, summary="No contact."
    )
    response = manager_client.post(url("cases:request_withdraw", review, kent.pk))
    assert_error(response, "An answered request cannot be withdrawn.")
    kent.refresh_from_db()
    assert kent.withdrawn is False


def test_agency_member_cannot_withdraw(client, cast):
    review, kent, _ = _review_asking_two_agencies(cast)
    client.force_login(cast.agency_member)
    withdraw_url = url("cases:request_withdraw", review, kent.pk)
    assert client.get(withdraw_url).status_code == 403
    assert client.post(withdraw_url).status_code == 403
    kent.refresh_from_db()
    assert kent.withdrawn is False


# --- Decision --------------------------------------------------------------------------------

DECISION = {
    "decision": "commission",
    "decision_on": "20/02/2026",
    "rationale": "The death meets the criteria.",
    "decided_by": "CSP board",
    "home_office_informed_on": "23/02/2026",
    "referred_to": "",
}


def test_manager_records_the_decision_to_commission(manager_client, cast):
    review = cast.walk_to(Stage.DECISION)
    assert_page(manager_client.get(url("cases:decision", review)), "Record the decision")
    response = manager_client.post(url("cases:decision", review), DECISION)
    assert response.status_code == 302
    assert response.url == url("cases:decision", review)
    review.refresh_from_db()
    assert review.stage == Stage.COMMISSIONED
    assert review.decision_on == date(2026, 2, 20)
    assert review.home_office_informed_on == date(2026, 2, 23)
    assert review.completion_due_on == date(2026, 8, 20)
    body = assert_page(
        manager_client.get(url("cases:decision", review)),
        "Commission a review",
        "The death meets the criteria.",
        "CSP board",
        "23 February 2026",
    )
    assert "Record the decision</button>" not in body


def test_decision_to_refer_closes_the_review(manager_client, cast):
    review = cast.walk_to(Stage.DECISION)
    data = {**DECISION, "decision": "refer", "referred_to": "Safeguarding Adults Review"}
    assert manager_client.post(url("cases:decision", review), data).status_code == 302
    review.refresh_from_db()
    assert (review.stage, review.referred_to) == (Stage.CLOSED, "Safeguarding Adults Review")


def test_decision_form_errors_keep_the_input(manager_client, cast):
    review = cast.walk_to(Stage.DECISION)
    data = {**DECISION, "decision": "refer", "decided_by": ""}
    body = assert_error(
        manager_client.post(url("cases:decision", review), data),
        "Enter the review type it is referred to or run jointly with",
        "The death meets the criteria.",
        "20/02/2026",
    )
    assert "Enter who made the decision" in body
    assert unchanged(review)["stage"] == Stage.DECISION


def test_decision_before_scoping_is_finished_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    before = unchanged(review)
    assert_page(
        manager_client.get(url("cases:decision", review)),
        "You cannot record the decision yet",
        "Information gathering",
    )
    response = manager_client.post(url("cases:decision", review), DECISION)
    assert_error(response, "Not possible while the review is at the stage", "CSP board")
    assert unchanged(review) == before


def test_decision_dated_before_the_notification_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.DECISION)
    before = unchanged(review)
    data = {**DECISION, "decision_on": "01/01/2026", "home_office_informed_on": ""}
    response = manager_client.post(url("cases:decision", review), data)
    assert_error(response, "The decision cannot be before the notification.", "01/01/2026")
    assert unchanged(review) == before


# --- Commissioner ----------------------------------------------------------------------------


def test_manager_records_sending_to_the_commissioner(manager_client, cast):
    review = cast.walk_to(Stage.QA_APPROVED)
    assert_page(manager_client.get(url("cases:commissioner", review)), "56 days")
    response = manager_client.post(url("cases:commissioner", review), {"sent_on": "15/07/2026"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.SENT_TO_COMMISSIONER
    assert review.commissioner_sent_on == date(2026, 7, 15)
    assert_page(manager_client.get(url("cases:commissioner", review)), "15 July 2026", "56 days")


def test_commissioner_form_errors_keep_the_input(manager_client, cast):
    review = cast.walk_to(Stage.QA_APPROVED)
    future = uk(timezone.localdate() + timedelta(days=3))
    response = manager_client.post(url("cases:commissioner", review), {"sent_on": future})
    assert_error(response, "must be today or in the past", future)
    assert unchanged(review)["stage"] == Stage.QA_APPROVED


def test_sending_to_the_commissioner_before_qa_approval_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.PANEL)
    before = unchanged(review)
    assert_page(manager_client.get(url("cases:commissioner", review)), "You cannot record this yet")
    response = manager_client.post(url("cases:commissioner", review), {"sent_on": "15/07/2026"})
    assert_error(response, "Not possible while the review is at the stage", "15/07/2026")
    assert unchanged(review) == before


# --- Publication -----------------------------------------------------------------------------


def test_manager_adds_a_link_then_records_publication(manager_client, cast):
    review = cast.walk_to(Stage.SENT_TO_COMMISSIONER)
    # Publication needs a checked report and a public summary (publications, issue 12).
    prepare_publication(review, manager=cast.manager)
    assert_page(
        manager_client.get(url("cases:publication", review)),
        "Add a web address",
        "Add the address where the report is published first.",
    )
    response = manager_client.post(
        url("cases:publication", review),
        {"form": "link", "title": "Overview report", "url": "https://swale.gov.uk/dhr-diana"},
    )
    assert response.status_code == 302
    assert review.publication_links.get().url == "https://swale.gov.uk/dhr-diana"
    assert_page(manager_client.get(url("cases:publication", review)), "Date of publication")

    response = manager_client.post(
        url("cases:publication", review), {"form": "publish", "published_on": "01/08/2026"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.stage, review.published_on) == (Stage.PUBLISHED, date(2026, 8, 1))
    assert_page(
        manager_client.get(url("cases:publication", review)),
        "1 August 2026",
        "https://swale.gov.uk/dhr-diana",
    )


def test_publication_link_errors_keep_the_input(manager_client, cast):
    review = cast.walk_to(Stage.SENT_TO_COMMISSIONER)
    response = manager_client.post(
        url("cases:publication", review),
        {"form": "link", "title": "Executive summary", "url": "not a web address"},
    )
    assert_error(response, "Enter a web address in the correct format", "Executive summary")
    assert not review.publication_links.exists()


def test_publishing_without_a_link_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.SENT_TO_COMMISSIONER)
    before = unchanged(review)
    response = manager_client.post(
        url("cases:publication", review), {"form": "publish", "published_on": "01/08/2026"}
    )
    assert_error(response, "Add the address where the report is published first.", "01/08/2026")
    assert unchanged(review) == before


def test_publishing_before_the_commissioner_date_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.SENT_TO_COMMISSIONER)
    workflow.add_publication_link(review, by=cast.manager, title="Report", url="https://x.org")
    prepare_publication(review, manager=cast.manager)
    before = unchanged(review)
    early = uk(COMMISSIONER_SENT_ON - timedelta(days=1))
    response = manager_client.post(
        url("cases:publication", review), {"form": "publish", "published_on": early}
    )
    assert_error(response, "Publication cannot be before sending to the Commissioner.", early)
    assert unchanged(review) == before


# --- Closure ---------------------------------------------------------------------------------


def test_manager_closes_the_review(manager_client, cast):
    review = cast.walk_to(Stage.MONITORING)
    assert_page(manager_client.get(url("cases:close", review)), "Reason for closing")
    response = manager_client.post(
        url("cases:close", review), {"closed_on": "01/10/2026", "reason": "Actions complete."}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.stage, review.closed_on) == (Stage.CLOSED, date(2026, 10, 1))
    assert_page(
        manager_client.get(url("cases:close", review)), "1 October 2026", "Actions complete."
    )


def test_close_form_errors_keep_the_input(manager_client, cast):
    review = cast.walk_to(Stage.MONITORING)
    response = manager_client.post(url("cases:close", review), {"closed_on": "01/10/2026"})
    assert_error(response, "Enter the reason for closing the review", "01/10/2026")
    assert unchanged(review)["stage"] == Stage.MONITORING


def test_closing_a_published_review_points_to_monitoring_and_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.PUBLISHED)
    before = unchanged(review)
    assert_page(manager_client.get(url("cases:close", review)), "Start action-plan monitoring")
    response = manager_client.post(
        url("cases:close", review), {"closed_on": "01/10/2026", "reason": "Done."}
    )
    assert_error(response, "Not possible while the review is at the stage", "Done.")
    assert unchanged(review) == before


# --- Holds -----------------------------------------------------------------------------------


def test_manager_puts_the_review_on_hold_and_resumes_it(manager_client, cast):
    review = cast.walk_to(Stage.PANEL)
    assert_page(
        manager_client.get(url("cases:hold", review)),
        "Put the review on hold?",
        "This review has never been on hold.",
    )
    response = manager_client.post(
        url("cases:hold", review), {"reason": "criminal", "details": "Trial listed for March."}
    )
    assert response.status_code == 302
    assert response.url == url("cases:detail", review)
    review.refresh_from_db()
    assert review.is_on_hold
    hold = review.holds.get()
    assert (hold.reason, hold.details) == ("criminal", "Trial listed for March.")

    assert_page(manager_client.get(url("cases:resume", review)), "Resume the review?")
    response = manager_client.post(url("cases:resume", review), {"note": "The trial has ended."})
    assert response.status_code == 302
    review.refresh_from_db()
    hold.refresh_from_db()
    assert not review.is_on_hold
    assert hold.ended_at is not None
    assert hold.resume_note == "The trial has ended."
    assert_page(
        manager_client.get(url("cases:hold", review)),
        "Criminal proceedings",
        "Trial listed for March.",
        "The trial has ended.",
    )


def test_hold_page_counts_the_days_of_each_hold(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    with time_machine.travel(timezone.now() - timedelta(days=12)):
        workflow.put_on_hold(review, by=cast.manager, reason=Hold.Reason.INQUEST)
    body = assert_page(manager_client.get(url("cases:hold", review)), "Inquest", "12 so far")
    assert "Put the review on hold?" not in body


def test_hold_form_errors_keep_the_input(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    response = manager_client.post(url("cases:hold", review), {"details": "Inquest in May."})
    assert_error(response, "Select why the review is going on hold", "Inquest in May.")
    assert not review.holds.exists()


def test_hold_when_already_on_hold_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    workflow.put_on_hold(review, by=cast.manager, reason=Hold.Reason.INQUEST)
    before = unchanged(review)
    assert_page(
        manager_client.get(url("cases:hold", review)),
        "You cannot put the review on hold: The review is on hold: resume it first.",
    )
    response = manager_client.post(
        url("cases:hold", review), {"reason": "family", "details": "The family asked."}
    )
    assert_error(response, "The review is on hold: resume it first.", "The family asked.")
    assert unchanged(review) == before
    assert review.holds.count() == 1


def test_resume_form_errors_keep_the_input(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    workflow.put_on_hold(review, by=cast.manager, reason=Hold.Reason.INQUEST)
    response = manager_client.post(url("cases:resume", review), {"note": "   "})
    assert_error(response, "Enter why the review can resume")
    assert unchanged(review)["is_on_hold"] is True


def test_resume_when_not_on_hold_is_refused(manager_client, cast):
    review = cast.walk_to(Stage.SCOPING)
    before = unchanged(review)
    assert_page(manager_client.get(url("cases:resume", review)), "The review is not on hold.")
    response = manager_client.post(url("cases:resume", review), {"note": "Carry on."})
    assert_error(response, "The review is not on hold.", "Carry on.")
    assert unchanged(review) == before


# --- Who may open and who may submit ---------------------------------------------------------

# Every page, with the extra URL argument it needs ("request": the review's request's pk).
PAGES = [
    ("cases:notification", False),
    ("cases:linked_add", False),
    ("cases:requests", False),
    ("cases:request_new", False),
    ("cases:request_answer", True),
    ("cases:request_withdraw", True),
    ("cases:decision", False),
    ("cases:commissioner", False),
    ("cases:publication", False),
    ("cases:close", False),
    ("cases:hold", False),
    ("cases:resume", False),
]

# The forms only the review manager may submit, with data that would otherwise be valid.
MANAGER_POSTS = [
    ("cases:linked_add", False, {"kind": "inquest", "description": "Inquest"}),
    ("cases:request_new", False, {"sent_on": "01/03/2026", "due_on": "01/04/2026"}),
    ("cases:request_withdraw", True, {}),
    ("cases:decision", False, DECISION),
    ("cases:commissioner", False, {"sent_on": "15/07/2026"}),
    ("cases:publication", False, {"form": "link", "title": "Report", "url": "https://x.org"}),
    ("cases:publication", False, {"form": "publish", "published_on": "01/08/2026"}),
    ("cases:close", False, {"closed_on": "01/10/2026", "reason": "Done."}),
    ("cases:hold", False, {"reason": "inquest", "details": ""}),
    ("cases:resume", False, {"note": "Carry on."}),
]


def _page_url(name, review, needs_request):
    args = [review.info_requests.get().pk] if needs_request else []
    return url(name, review, *args)


@pytest.fixture
def panel_review(cast):
    """A review whose panel is sitting: the chair and the cast's agency can both open it."""
    return cast.walk_to(Stage.PANEL)


@pytest.mark.parametrize(("name", "needs_request"), PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, panel_review, name, needs_request):
    page_url = _page_url(name, panel_review, needs_request)
    for response in (client.get(page_url), client.post(page_url)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "needs_request"), PAGES)
def test_a_review_outside_the_users_scope_is_not_found(
    client, panel_review, outsider, name, needs_request
):
    client.force_login(outsider)
    page_url = _page_url(name, panel_review, needs_request)
    assert client.get(page_url).status_code == 404
    assert client.post(page_url).status_code == 404


@pytest.mark.parametrize("role", ["chair", "agency_member"])
@pytest.mark.parametrize(("name", "needs_request", "data"), MANAGER_POSTS)
def test_only_the_review_manager_may_submit(
    client, cast, panel_review, role, name, needs_request, data
):
    client.force_login(getattr(cast, role))
    before = unchanged(panel_review)
    links = LinkedReview.objects.count()
    response = client.post(_page_url(name, panel_review, needs_request), data)
    assert response.status_code == 403
    assert unchanged(panel_review) == before
    assert LinkedReview.objects.count() == links
    assert not panel_review.info_requests.filter(withdrawn=True).exists()
    assert not panel_review.publication_links.exists()


@pytest.mark.parametrize("role", ["chair", "agency_member"])
@pytest.mark.parametrize(
    "name",
    [
        "cases:notification",
        "cases:requests",
        "cases:decision",
        "cases:commissioner",
        "cases:publication",
        "cases:close",
        "cases:hold",
    ],
)
def test_others_in_the_review_read_the_pages_without_forms(client, cast, panel_review, role, name):
    client.force_login(getattr(cast, role))
    body = assert_page(client.get(url(name, panel_review)), panel_review.reference)
    assert '<form method="post" novalidate>' not in body


@pytest.mark.parametrize("role", ["chair", "agency_member"])
@pytest.mark.parametrize(
    ("name", "needs_request"),
    [
        ("cases:linked_add", False),
        ("cases:request_new", False),
        ("cases:request_withdraw", True),
        ("cases:resume", False),
    ],
)
def test_manager_only_pages_are_forbidden_to_others(
    client, cast, panel_review, role, name, needs_request
):
    client.force_login(getattr(cast, role))
    assert client.get(_page_url(name, panel_review, needs_request)).status_code == 403

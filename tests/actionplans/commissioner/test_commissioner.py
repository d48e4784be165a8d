"""The Commissioner's recommendations and the 56-day responses (Domestic Abuse Act 2021 s.16):
the domain functions and their pages."""

from datetime import date
from functools import partial

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actionplans.commissioner import services
from actionplans.models import CommissionerRecommendation, CommissionerReport
from cases.deadlines import reminders
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Deadline, DeadlineKind, Review, Stage
from cases.reviews import tasklist
from dhr.accounts.roles import Role
from tests.conftest import london
from tests.dhr.factories import AgencyFactory, UserFactory

PUBLISHED_ON = date(2026, 8, 10)
DUE_ON = date(2026, 10, 5)  # 56 days later
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def september(db):
    """Time stands still on 1 September 2026 in London (after the cast's publication)."""
    with time_machine.travel(london(2026, 9, 1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def review(september, cast):
    """Swale's review, sent to the Commissioner on 15 July 2026 and published."""
    return cast.walk_to(Stage.PUBLISHED)


@pytest.fixture
def icb():
    return AgencyFactory(name="Kent and Medway Integrated Care Board")


@pytest.fixture
def icb_member(icb):
    return UserFactory(full_name="Ida Board", role=Role.AGENCY_MEMBER, agency=icb)


@pytest.fixture
def report(review, cast):
    return services.record_commissioner_report(
        by=cast.manager,
        partnership=review.partnership,
        review=review,
        title="The Commissioner's report on Swale's review",
        published_on=PUBLISHED_ON,
    )


@pytest.fixture
def recommendation(report, cast, icb):
    return services.add_recommendation(
        report, by=cast.manager, agency=icb, text="Share GP concerns with the MARAC."
    )


def response_deadline(recommendation) -> Deadline:
    return Deadline.objects.get(
        kind=DeadlineKind.COMMISSIONER_RESPONSE, source__endswith=f":{recommendation.pk}"
    )


# --- The domain functions ------------------------------------------------------------------------


def test_a_recommendation_opens_the_56_day_response_deadline(recommendation, report, icb):
    deadline = response_deadline(recommendation)
    assert deadline.review == report.review
    assert (deadline.owner_agency, deadline.owner_user) == (icb, None)
    assert deadline.due_on == DUE_ON
    assert deadline.rule == "56 days after the Commissioner's report is published"
    assert deadline.link == reverse("actionplans:respond", args=[recommendation.pk])
    assert deadline.title == "Response to the Commissioner's recommendation 1"
    second = services.add_recommendation(
        report, by=report.recorded_by, agency=icb, text="Audit the referrals."
    )
    assert (recommendation.number, second.number) == (1, 2)


def test_the_addressed_agency_can_then_open_the_review(review, cast, icb, icb_member):
    assert not Review.objects.for_user(icb_member).filter(pk=review.pk).exists()
    report = services.record_commissioner_report(
        by=cast.manager,
        partnership=review.partnership,
        review=review,
        title="Report",
        published_on=PUBLISHED_ON,
    )
    services.add_recommendation(report, by=cast.manager, agency=icb, text="Do better.")
    assert Review.objects.for_user(icb_member).filter(pk=review.pk).exists()


def test_recording_a_report_is_refused_when_it_cannot_be(september, cast, medway_manager, review):
    record = partial(
        services.record_commissioner_report,
        partnership=review.partnership,
        title="Report",
        published_on=PUBLISHED_ON,
    )
    with pytest.raises(TransitionRefused, match="Only a review manager of the partnership"):
        record(by=medway_manager, review=review)
    with pytest.raises(TransitionRefused, match="cannot be published before the review was sent"):
        record(by=cast.manager, review=review, published_on=date(2026, 7, 1))
    with pytest.raises(TransitionRefused, match="Enter the theme"):
        record(by=cast.manager, review=None)
    approved = cast.walk_to(Stage.QA_APPROVED, pseudonym="Approved")
    with pytest.raises(TransitionRefused, match="sending the report to the Commissioner first"):
        record(by=cast.manager, review=approved)
    assert not CommissionerReport.objects.exists()


def test_the_agencys_response_meets_the_deadline(recommendation, icb_member, cast):
    response = services.respond(
        recommendation,
        by=icb_member,
        text="We will train every practice by March.",
        responded_on=date(2026, 8, 30),
        published_url="https://www.example.org/icb/response",
    )
    assert response.responded_by == icb_member
    deadline = response_deadline(recommendation)
    assert deadline.met_on == date(2026, 8, 30)
    # A change later keeps the date the deadline was met.
    services.respond(recommendation, by=icb_member, text="Updated.", responded_on=date(2026, 8, 31))
    deadline.refresh_from_db()
    assert deadline.met_on == date(2026, 8, 30)
    assert recommendation.response.history.count() == 2


def test_only_the_addressed_agency_responds(recommendation, cast, icb_member):
    refuse = partial(services.respond, recommendation, text="Yes.", responded_on=date(2026, 8, 30))
    for who in (cast.agency_member, cast.manager, cast.chair):
        with pytest.raises(TransitionRefused, match="Only a member of the agency addressed"):
            refuse(by=who)
    with pytest.raises(TransitionRefused, match="before the report was published"):
        refuse(by=icb_member, responded_on=date(2026, 8, 1))
    with pytest.raises(TransitionRefused, match="Enter the response"):
        refuse(by=icb_member, text="  ")
    assert response_deadline(recommendation).is_open


def test_a_themed_report_has_no_review_and_its_deadline_belongs_to_the_partnership(
    september, cast, partnership, icb, icb_member, django_capture_on_commit_callbacks
):
    report = services.record_commissioner_report(
        by=cast.manager,
        partnership=partnership,
        title="Stalking: lessons from reviews",
        theme="Stalking",
        published_on=PUBLISHED_ON,
    )
    recommendation = services.add_recommendation(
        report, by=cast.manager, agency=icb, text="Train staff on stalking."
    )
    deadline = response_deadline(recommendation)
    assert deadline.review is None
    assert deadline.partnership == partnership
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.send_reminders(date(2026, 10, 6))  # a day overdue
    assert sent == 2  # Ida Board, and the escalation to Rita Manager
    overdue = reminders.reminder_message(
        deadline, reminders.step_for(DUE_ON, date(2026, 10, 6), (14,)), cast.manager
    )
    assert "Swale partnership" in overdue["subject"]


# --- The task on the review's overview -----------------------------------------------------------


def commissioner_task(review):
    review.refresh_from_db()
    tasks = {task["title"]: task for task in tasklist.tasks_for(review)}
    return tasks["Commissioner's recommendations"]


def test_the_overview_task_follows_the_responses(september, cast, icb, icb_member):
    early = cast.walk_to(Stage.QA_APPROVED, pseudonym="Early")
    assert commissioner_task(early)["status"] == tasklist.Status.CANNOT_START

    review = cast.walk_to(Stage.SENT_TO_COMMISSIONER)
    task = commissioner_task(review)
    assert task["status"] == tasklist.Status.NOT_STARTED
    assert task["url"] == reverse("actionplans:review_reports", args=[review.reference])

    report = services.record_commissioner_report(
        by=cast.manager,
        partnership=review.partnership,
        review=review,
        title="R",
        published_on=PUBLISHED_ON,
    )
    recommendation = services.add_recommendation(report, by=cast.manager, agency=icb, text="Do.")
    assert commissioner_task(review)["status"] == tasklist.Status.IN_PROGRESS
    september.move_to(london(2026, 10, 6))
    assert commissioner_task(review)["status"] == tasklist.Status.OVERDUE
    services.respond(recommendation, by=icb_member, text="Done.", responded_on=date(2026, 10, 6))
    assert commissioner_task(review)["status"] == tasklist.Status.DONE


# --- Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "chair", "agency_member"])
def test_everyone_in_the_review_sees_the_recommendations(recommendation, review, cast, who):
    response = login(getattr(cast, who)).get(
        reverse("actionplans:review_reports", args=[review.reference])
    )
    assert response.status_code == 200
    assert "Share GP concerns with the MARAC." in response.text
    assert "5 Oct 2026" in response.text
    assert ("Record the Commissioner" in response.text) is (who == "manager")


def test_the_recommendations_are_a_404_outside_the_review(
    recommendation, review, outsider, medway_manager, steering_member, administrator
):
    pages = [
        reverse("actionplans:review_reports", args=[review.reference]),
        reverse("actionplans:report_new", args=[review.reference]),
        reverse("actionplans:report", args=[recommendation.report.pk]),
        reverse("actionplans:recommendation_new", args=[recommendation.report.pk]),
        reverse("actionplans:respond", args=[recommendation.pk]),
        reverse("actionplans:response_document", args=[recommendation.pk]),
    ]
    for user in (outsider, medway_manager, steering_member, administrator):
        client = login(user)
        for url in pages:
            assert client.get(url).status_code == 404, (user, url)


def test_the_manager_records_the_report_and_its_recommendations_from_the_pages(review, cast, icb):
    client = login(cast.manager)
    new = reverse("actionplans:report_new", args=[review.reference])
    assert client.get(new).status_code == 200
    response = client.post(
        new,
        {
            "title": "The Commissioner's report",
            "published_on": "10/08/2026",
            "url": "https://www.example.org/commissioner/report",
        },
    )
    report = CommissionerReport.objects.get()
    assert response["Location"] == reverse("actionplans:report", args=[report.pk])
    assert report.recorded_by == cast.manager

    add = reverse("actionplans:recommendation_new", args=[report.pk])
    assert "Add a recommendation" in client.get(add).text
    response = client.post(add, {"agency": icb.pk, "text": "Share concerns.", "another": "1"})
    assert response["Location"] == add
    client.post(add, {"agency": cast.agency.pk, "text": "Record coercive control."})
    page = client.get(reverse("actionplans:report", args=[report.pk])).text
    assert "Share concerns." in page
    assert "Record coercive control." in page
    assert CommissionerRecommendation.objects.filter(report=report).count() == 2


def test_report_and_recommendation_errors_keep_the_input(review, cast):
    client = login(cast.manager)
    new = reverse("actionplans:report_new", args=[review.reference])
    response = client.post(new, {"title": "Kept title", "published_on": "01/07/2026"})
    assert "There is a problem" in response.text
    assert "cannot be published before the review was sent" in response.text
    assert 'value="Kept title"' in response.text
    response = client.post(new, {"title": "", "published_on": "32/13/2026"})
    assert "Enter the title of the report" in response.text
    assert "Enter a real date" in response.text
    assert not CommissionerReport.objects.exists()


def test_a_review_not_yet_with_the_commissioner_says_so(september, cast):
    review = cast.walk_to(Stage.QA_APPROVED, pseudonym="Waiting")
    client = login(cast.manager)
    text = client.get(reverse("actionplans:review_reports", args=[review.reference])).text
    assert "once the review has been sent to the Commissioner" in text
    response = client.post(
        reverse("actionplans:report_new", args=[review.reference]),
        {"title": "Too early", "published_on": "10/08/2026"},
    )
    assert "Record sending the report to the Commissioner first" in response.text


def test_only_the_manager_records_reports_and_recommendations(recommendation, review, cast):
    report = recommendation.report
    for who in (cast.chair, cast.agency_member):
        client = login(who)
        for url in (
            reverse("actionplans:report_new", args=[review.reference]),
            reverse("actionplans:recommendation_new", args=[report.pk]),
        ):
            assert client.get(url).status_code == 403
            assert client.post(url, {"title": "X", "text": "X"}).status_code == 403
    assert CommissionerRecommendation.objects.count() == 1


def test_the_agency_member_responds_from_the_page_and_my_work_shows_it(
    recommendation, review, icb_member, media_root
):
    client = login(icb_member)
    my_work = client.get(reverse("deadlines:my_work")).text
    assert "Response to the Commissioner&#x27;s recommendation 1" in my_work
    assert "34 days left" in my_work

    respond = reverse("actionplans:respond", args=[recommendation.pk])
    form = client.get(respond)
    assert form.status_code == 200
    assert "Share GP concerns with the MARAC." in form.text
    response = client.post(
        respond,
        {
            "text": "Every practice will be trained by March.",
            "responded_on": "01/09/2026",
            "published_url": "https://www.example.org/icb/response",
            "document": SimpleUploadedFile("response.pdf", PDF, "application/pdf"),
        },
    )
    assert response["Location"] == reverse("actionplans:review_reports", args=[review.reference])
    assert response_deadline(recommendation).met_on == date(2026, 9, 1)
    my_work = client.get(reverse("deadlines:my_work")).text
    assert "You have no open deadlines." in my_work
    met = my_work[my_work.index('id="met-deadlines"') :]
    assert "Response to the Commissioner&#x27;s recommendation 1" in met
    assert "Met on time" in met

    download = client.get(reverse("actionplans:response_document", args=[recommendation.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "response.pdf" in download["Content-Disposition"]


def test_response_errors_keep_the_input_and_save_nothing(recommendation, icb_member, media_root):
    client = login(icb_member)
    respond = reverse("actionplans:respond", args=[recommendation.pk])
    response = client.post(
        respond,
        {
            "text": "Kept response",
            "responded_on": "01/08/2026",
            "document": SimpleUploadedFile("evil.pdf", b"MZ\x90\x00binary", "application/pdf"),
        },
    )
    assert "There is a problem" in response.text
    assert "The selected file must be" in response.text
    assert "Kept response" in response.text
    response = client.post(respond, {"text": "Kept response", "responded_on": "01/08/2026"})
    assert "cannot be before the report was published" in response.text
    assert response_deadline(recommendation).is_open
    assert not list(media_root.rglob("*.pdf")) if media_root.exists() else True


def test_only_the_addressed_agency_reaches_the_response_form(recommendation, cast):
    respond = reverse("actionplans:respond", args=[recommendation.pk])
    # Kent Police sits on the panel and sees the recommendation, but it is the ICB's.
    for who in (cast.agency_member, cast.manager, cast.chair):
        client = login(who)
        assert client.get(respond).status_code == 403
        assert client.post(respond, {"text": "X", "responded_on": "01/09/2026"}).status_code == 403
    assert response_deadline(recommendation).is_open


# --- Themed reports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.REVIEW_MANAGER, 200),
        (Role.AGENCY_MEMBER, 200),
        (Role.CHAIR, 403),
        (Role.STEERING_GROUP, 403),
        (Role.ADMINISTRATOR, 403),
    ],
)
def test_themed_reports_list_by_role(users_by_role, role, status):
    assert (
        login(users_by_role[role]).get(reverse("actionplans:themed_reports")).status_code == status
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.REVIEW_MANAGER, 200),
        (Role.AGENCY_MEMBER, 403),
        (Role.CHAIR, 403),
        (Role.STEERING_GROUP, 403),
        (Role.ADMINISTRATOR, 403),
    ],
)
def test_recording_a_themed_report_by_role(users_by_role, role, status):
    url = reverse("actionplans:themed_report_new")
    assert login(users_by_role[role]).get(url).status_code == status


def test_a_themed_report_from_the_pages(september, cast, partnership, icb, icb_member):
    client = login(cast.manager)
    response = client.post(
        reverse("actionplans:themed_report_new"),
        {
            "partnership": partnership.pk,
            "title": "Stalking: lessons",
            "theme": "Stalking",
            "published_on": "10/08/2026",
        },
    )
    report = CommissionerReport.objects.get()
    assert response["Location"] == reverse("actionplans:report", args=[report.pk])
    assert report.review is None
    client.post(
        reverse("actionplans:recommendation_new", args=[report.pk]),
        {"agency": icb.pk, "text": "Train staff."},
    )
    listing = client.get(reverse("actionplans:themed_reports")).text
    assert "Stalking: lessons" in listing
    # The addressed agency sees it; another agency does not.
    assert "Stalking: lessons" in login(icb_member).get(reverse("actionplans:themed_reports")).text
    assert login(icb_member).get(reverse("actionplans:report", args=[report.pk])).status_code == 200
    other = login(cast.agency_member)
    assert "Stalking: lessons" not in other.get(reverse("actionplans:themed_reports")).text
    assert other.get(reverse("actionplans:report", args=[report.pk])).status_code == 404
    my_work = login(icb_member).get(reverse("deadlines:my_work")).text
    assert "Response to the Commissioner&#x27;s recommendation 1" in my_work
    assert "Swale" in my_work  # no review: the partnership


def test_a_themed_report_needs_its_theme_and_a_partnership_of_the_manager(
    september, cast, medway_manager
):
    client = login(cast.manager)
    response = client.post(
        reverse("actionplans:themed_report_new"),
        {"partnership": "", "title": "Kept", "theme": "", "published_on": "10/08/2026"},
    )
    assert "Select the partnership" in response.text
    assert "Enter the theme of the report" in response.text
    assert 'value="Kept"' in response.text
    medway = medway_manager.partnerships.get()
    response = client.post(
        reverse("actionplans:themed_report_new"),
        {"partnership": medway.pk, "title": "T", "theme": "T", "published_on": "10/08/2026"},
    )
    assert "Select a valid choice" in response.text
    assert not CommissionerReport.objects.exists()

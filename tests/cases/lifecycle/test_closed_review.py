"""Issue 17, point 3: closing a review (or deciding not to commission one) closes every open
deadline of the review with the reason, so nothing stays in anyone's "My work"; a closed review
offers no edit link or form (a crawl of its pages), and a POST to an edit page changes nothing.
"""

import re
from collections import deque
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from lxml import html as lxml_html

from cases.deadlines import services as deadlines
from cases.documents import services as documents
from cases.family import services as family
from cases.lifecycle import closed as closed_review
from cases.lifecycle import workflow
from cases.lifecycle.closed import CLOSED_MESSAGE
from cases.models import Deadline, DeadlineKind, Document, Subject
from cases.people import services as people
from panels.meetings import services as meetings
from panels.models import PanelMeeting
from tests.dhr.files.test_uploads import SMALL_PDF

pytestmark = pytest.mark.usefixtures("media_root")


def _with_open_meeting_action(cast, review):
    meeting = meetings.save_meeting(review, by=cast.manager, held_on=date(2026, 9, 1))
    action = meetings.add_action(
        meeting,
        by=cast.manager,
        description="Share the housing referral with the panel",
        owner_agency=cast.agency,
        due_on=date(2027, 1, 31),
    )
    return meeting, action


@pytest.fixture
def closed(cast):
    """A review closed after monitoring, which left a panel meeting action open until then."""
    review = cast.ready_for("close")
    _with_open_meeting_action(cast, review)
    # Records of every kind whose pages offer changes while the review is open.
    people.add_subject(review, by=cast.manager, role=Subject.Role.VICTIM, pseudonym="Marigold")
    member = family.add_member(review, by=cast.manager, name="Ann Sister", relationship="Sister")
    family.log_contact(
        member,
        by=cast.manager,
        contacted_on=date(2026, 9, 2),
        method="phone",
        summary="Talked about the report.",
        made_by="Rita Manager",
    )
    documents.upload_document(
        review,
        by=cast.manager,
        kind=Document.Kind.REPORT,
        title="Overview report",
        upload=SimpleUploadedFile("report.pdf", SMALL_PDF, content_type="application/pdf"),
    )
    workflow.close(
        review, by=cast.manager, closed_on=date(2026, 10, 1), reason="All actions complete."
    )
    review.refresh_from_db()
    return review


# --- Deadlines -----------------------------------------------------------------------------------


def test_closing_closes_every_open_deadline_with_the_reason(cast, client):
    review = cast.ready_for("close")
    _meeting, action = _with_open_meeting_action(cast, review)
    mine = [deadline.source for deadline in deadlines.deadlines_for(cast.agency_member)]
    assert f"panels.meetingaction:{action.pk}" in mine
    assert review.deadlines.open().exists()

    workflow.close(
        review, by=cast.manager, closed_on=date(2026, 10, 1), reason="All actions complete."
    )

    assert not review.deadlines.open().exists()
    left = Deadline.objects.get(
        kind=DeadlineKind.ACTION, source=f"panels.meetingaction:{action.pk}"
    )
    assert left.cancelled_on is not None
    assert left.met_on is None
    assert left.closed_reason == "Review closed: All actions complete."
    assert left.history.latest().history_change_reason.startswith("Review closed")
    for user in (cast.agency_member, cast.manager, cast.chair):
        assert not deadlines.deadlines_for(user).filter(review=review).exists(), user
    client.force_login(cast.agency_member)
    assert (
        "Share the housing referral"
        not in client.get(reverse("deadlines:my_work")).content.decode()
    )


def test_deciding_not_to_commission_closes_every_open_deadline_but_the_home_offices(cast, client):
    review = cast.ready_for("record_decision")
    _meeting, _action = _with_open_meeting_action(cast, review)
    workflow.record_decision(
        review,
        by=cast.manager,
        decision="not_commission",
        decision_on=date(2026, 2, 20),
        rationale="The criteria are not met.",
        decided_by="CSP board",
        home_office_informed_on=None,
    )
    review.refresh_from_db()
    assert review.is_closed
    left = review.deadlines.get(kind=DeadlineKind.ACTION)
    assert left.cancelled_on is not None
    assert left.closed_reason == "Review closed by the decision “Do not commission a review”"
    assert not deadlines.deadlines_for(cast.agency_member).filter(review=review).exists()
    # Telling the Home Office of the decision is still to do, and can still be recorded.
    [still_open] = review.deadlines.open()
    assert still_open.kind == DeadlineKind.HOME_OFFICE
    client.force_login(cast.manager)
    response = client.post(
        reverse("deadlines:home_office", args=[review.reference]), {"informed_on": "23/02/2026"}
    )
    assert response.status_code == 302
    assert not review.deadlines.open().exists()


# --- POSTs are refused ---------------------------------------------------------------------------


def test_posts_to_edit_pages_of_a_closed_review_are_refused(closed, cast, client, outsider):
    client.force_login(cast.manager)
    subjects_before = Subject.objects.filter(review=closed).count()
    meetings_before = PanelMeeting.objects.filter(review=closed).count()
    for name, data in (
        ("cases:subject_add", {"pseudonym": "Zed", "role": "victim"}),
        ("panels:meeting_new", {"held_on": "01/10/2026"}),
        ("cases:hold", {"reason": "inquest"}),
        ("cases:linked_add", {"kind": "inquest", "description": "Inquest"}),
    ):
        response = client.post(reverse(name, args=[closed.reference]), data)
        assert response.status_code == 302, name
        assert response.url == reverse("cases:detail", args=[closed.reference])
        assert CLOSED_MESSAGE in [str(message) for message in get_messages(response.wsgi_request)]
    assert Subject.objects.filter(review=closed).count() == subjects_before
    assert PanelMeeting.objects.filter(review=closed).count() == meetings_before
    closed.refresh_from_db()
    assert not closed.is_on_hold
    assert not closed.links.exists()
    page = client.get(reverse("cases:detail", args=[closed.reference]))
    assert CLOSED_MESSAGE in page.content.decode()

    # The agency's own answer cannot change either.
    request = closed.info_requests.get()
    client.force_login(cast.agency_member)
    answer_url = reverse("cases:request_answer", args=[closed.reference, request.pk])
    response = client.post(answer_url, {"had_contact": "no", "summary": "Changed later"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.summary != "Changed later"

    # Someone outside the review learns nothing: the view's 404, not the closed message.
    client.force_login(outsider)
    assert client.post(answer_url, {"had_contact": "no", "summary": "x"}).status_code == 404


# --- No edit links or forms: a crawl of the closed review's pages --------------------------------

# Words that start an edit link or button, and path parts of edit pages.
EDIT_WORDS = re.compile(
    r"^\s*(change|edit|add|upload|answer|record|withdraw|remove|delete|agree|submit|accept|"
    r"put on hold|resume|send|write|schedule|mark|close|import|annotate|respond|sign off|"
    r"update|link|appoint|start|finish)\b",
    re.IGNORECASE,
)
EDIT_PATHS = re.compile(
    r"/(new|edit|add|record|answer|upload|withdraw|remove|delete|agree|submit|accept|done|"
    r"close|hold|resume|import|annotate|attendance|sign-off|update|link|respond|outcome|"
    r"actions/[a-z_]+)/?$"
)
# Stage pages that show what was recorded (their forms are gone once the review is closed).
STAGE_PAGES = re.compile(r"^/reviews/[^/]+/(close|hold|decision|commissioner|publication)/$")
# Forms that change nothing: preparing an export in the background.
READ_ONLY_FORM_ACTIONS = re.compile(r"/chronology/export\.pdf$")


def _goes_on_after_closing(path: str) -> bool:
    """Pages whose work outlives the review (``closed.allow_after_closing``): withdrawing a
    published document, the learning briefing. Their own rules say what may still change."""
    try:
        return closed_review.allowed_after_closing(resolve(path).view_name)
    except Resolver404:
        return False


def _problems(path: str, body: bytes) -> list[str]:
    tree = lxml_html.fromstring(body)
    main = tree.find(".//main")
    if main is None:
        return []
    found = []
    # The buttons of forms whose work goes on after closing (withdrawing a published document).
    allowed_buttons = {
        button
        for form in main.iter("form")
        if _goes_on_after_closing(urlsplit(form.get("action") or path).path)
        for button in form.iter("button")
    }
    for form in main.iter("form"):
        action = form.get("action") or path
        if (
            (form.get("method") or "get").lower() == "post"
            and not READ_ONLY_FORM_ACTIONS.search(action)
            and not _goes_on_after_closing(urlsplit(action).path)
        ):
            found.append(f"{path}: a form posting to {form.get('action') or path}")
    for link in main.iter("a", "button"):
        if link in allowed_buttons:
            continue
        words = " ".join(link.text_content().split())
        href = urlsplit(link.get("href") or "").path
        if _goes_on_after_closing(href):
            continue
        if EDIT_WORDS.match(words) or (EDIT_PATHS.search(href) and not STAGE_PAGES.match(href)):
            found.append(f"{path}: offers “{words}” ({href})")
    return found


def crawl(client, review) -> tuple[int, list[str]]:
    """GETs every page of ``review`` reachable by links from its overview; returns how many
    pages were read and what each offers that would change the review."""
    prefix = f"/reviews/{review.reference}/"
    start = reverse("cases:detail", args=[review.reference])
    queue, seen, problems, pages = deque([start]), {start}, [], 0
    visited = []
    while queue:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        visited.append(path)
        body = response.content
        problems += _problems(path, body)
        for href in lxml_html.fromstring(body).xpath("//main//a/@href"):
            target = urlsplit(href).path
            editing = (
                EDIT_PATHS.search(target)
                and not STAGE_PAGES.match(target)
                and not _goes_on_after_closing(target)
            )
            if target.startswith(prefix) and target not in seen and not editing:
                seen.add(target)
                queue.append(target)
    print(f"Crawled {pages} pages of {review.reference}:", *visited, sep="\n  ")
    return pages, problems


@pytest.mark.parametrize("who", ["manager", "chair", "agency_member"])
def test_a_closed_review_offers_no_edit(closed, cast, client, who):
    client.force_login(getattr(cast, who))
    pages, problems = crawl(client, closed)
    assert pages >= (25 if who == "manager" else 8), f"only {pages} pages were reached"
    assert problems == []


def test_publication_work_goes_on_after_closing_and_nothing_else(closed, cast, client):
    """Withdrawing a published document outlives the review (the register's 410); its public
    summary does not change, and the report's checks are a record without forms."""
    client.force_login(cast.manager)
    record = reverse("publications:publication_record", args=[closed.reference])
    page = client.get(record).content.decode()
    assert "Save the summary" not in page
    refused = client.post(record, {"form": "summary", "summary": "Changed after closing"})
    assert refused.status_code == 200  # the page, with the refusal; not the closed message
    assert "its public summary cannot change" in refused.content.decode()
    # A withdrawal reaches its view (here: no such document, so the form says so).
    withdrawal = client.post(record, {"form": "withdraw", "document": "999999", "reason": "x"})
    assert withdrawal.status_code in (200, 404)
    assert CLOSED_MESSAGE not in [str(m) for m in get_messages(withdrawal.wsgi_request)]

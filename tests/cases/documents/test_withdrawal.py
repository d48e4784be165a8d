"""Withdrawing a wrong upload (the review manager, with a reason, after a confirmation page):
nothing is deleted, the history says who and why, agency members can no longer download it;
and the document kinds people need besides the report."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from cases.audit.history import review_history
from cases.documents import services as documents
from cases.lifecycle import workflow
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Document, Stage
from dhr.formats import readable_datetime
from dhr.models import AccessLog
from tests.cases.documents.test_documents import add_document, pdf, url
from tests.cases.factories import stored_files

pytestmark = pytest.mark.usefixtures("media_root")

REASON = "Wrong file: this draft still has the victim's real name in it."


@pytest.fixture
def review(cast):
    return cast.walk_to(Stage.PANEL)


@pytest.fixture
def report(review, cast):
    return add_document(review, cast.manager, Document.Kind.REPORT, "Overview report draft 2")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The manager withdraws, after a confirmation page ----------------------------------------


def test_the_manager_withdraws_a_document_after_confirming(cast, review, report, media_root):
    manager = signed_in(cast.manager)
    listed = manager.get(url("cases:documents", review)).text
    withdraw = url("cases:document_withdraw", review, report.pk)
    assert f'href="{withdraw}"' in listed

    confirm = manager.get(withdraw)
    assert confirm.status_code == 200
    assert "Withdraw “Overview report draft 2”?" in confirm.text
    assert "Nothing is deleted" in confirm.text
    report.refresh_from_db()
    assert not report.is_withdrawn  # opening the page changes nothing

    response = manager.post(withdraw, {"reason": f"  {REASON}  "})
    assert response.status_code == 302
    assert response.url == url("cases:documents", review)
    report.refresh_from_db()
    assert report.is_withdrawn
    assert report.withdrawn_by == cast.manager
    assert report.withdrawal_reason == REASON
    # Nothing is deleted: the record, and the file on disk.
    assert len(stored_files(media_root)) == 1
    assert report.file.storage.exists(report.file.name)
    latest = report.history.first()
    assert latest.history_user == cast.manager
    assert latest.history_change_reason == f"Document withdrawn: {REASON}"
    assert report.history.count() == 2

    page = manager.get(response.url).text
    assert "“Overview report draft 2” has been withdrawn." in page
    assert "Withdrawn</strong>" in page
    assert REASON.replace("'", "&#x27;") in page
    assert readable_datetime(report.withdrawn_at) in page
    assert f'href="{withdraw}"' not in page  # not offered twice
    # The manager (and the chair) can still open it, for the record.
    download = manager.get(url("cases:document_download", review, report.pk))
    assert download.status_code == 200
    assert signed_in(cast.chair).get(download.request["PATH_INFO"]).status_code == 200
    assert "(withdrawn)" in AccessLog.objects.filter(object_id=report.pk).first().description


def test_agency_members_see_it_withdrawn_and_cannot_download_it(cast, review, report):
    documents.withdraw_document(report, by=cast.manager, reason=REASON)
    member = signed_in(cast.agency_member)
    page = member.get(url("cases:documents", review)).text
    assert "Overview report draft 2" in page
    assert "Withdrawn</strong>" in page
    assert url("cases:document_download", review, report.pk) not in page
    assert "real name" not in page  # the reason is for the manager and the chair
    assert member.get(url("cases:document_download", review, report.pk)).status_code == 404
    # Nor in the history: the change is there, not why.
    entries = review_history(review, cast.agency_member)
    withdrawal = next(e for e in entries if e.record == "Document: Overview report draft 2")
    assert withdrawal.reason == ""
    assert "Reason for withdrawing" not in [change.label for change in withdrawal.changes]
    history = member.get(url("cases:history", review)).text
    assert "real name" not in history
    manager_history = signed_in(cast.manager).get(url("cases:history", review)).text
    assert "Document withdrawn: Wrong file" in manager_history


def test_a_withdrawn_terms_document_is_marked_on_the_terms_page(cast, review):
    version = documents.save_terms(
        review,
        by=cast.manager,
        period_start=date(2023, 1, 1),
        period_end=review.date_of_death,
        key_lines_of_enquiry="What did agencies know?",
        document=pdf("terms.pdf"),
        document_title="Terms v1",
    )
    terms = version.documents.get()
    documents.withdraw_document(terms, by=cast.manager, reason="Superseded.")
    page = signed_in(cast.agency_member).get(url("cases:terms", review)).text
    assert "Terms v1" in page
    assert "Withdrawn</strong>" in page
    assert url("cases:document_download", review, terms.pk) not in page


def test_a_reason_is_needed(cast, review, report):
    manager = signed_in(cast.manager)
    page = manager.post(url("cases:document_withdraw", review, report.pk), {"reason": "  "})
    assert page.status_code == 200
    assert page.text.count("Enter the reason for withdrawing the document") == 2
    assert '<a href="#id_reason">' in page.text
    report.refresh_from_db()
    assert not report.is_withdrawn
    with pytest.raises(TransitionRefused, match="reason"):
        documents.withdraw_document(report, by=cast.manager, reason=" ")


def test_a_document_is_withdrawn_once(cast, review, report):
    documents.withdraw_document(report, by=cast.manager, reason=REASON)
    when = report.history.first().history_date
    manager = signed_in(cast.manager)
    page = manager.get(url("cases:document_withdraw", review, report.pk)).text
    assert "This document has already been withdrawn." in page
    assert "Withdraw the document</button>" not in page
    again = manager.post(url("cases:document_withdraw", review, report.pk), {"reason": "Again"})
    assert again.status_code == 200
    assert "was already withdrawn on" in again.text
    report.refresh_from_db()
    assert (report.withdrawal_reason, report.history.first().history_date) == (REASON, when)


def test_only_the_manager_withdraws(cast, review, report):
    for user in (cast.chair, cast.agency_member):
        client = signed_in(user)
        address = url("cases:document_withdraw", review, report.pk)
        assert client.get(address).status_code == 403, user
        assert client.post(address, {"reason": REASON}).status_code == 403, user
        with pytest.raises(TransitionRefused, match="Only the review manager"):
            documents.withdraw_document(report, by=user, reason=REASON)
    listed = signed_in(cast.chair).get(url("cases:documents", review)).text
    assert url("cases:document_withdraw", review, report.pk) not in listed
    report.refresh_from_db()
    assert not report.is_withdrawn


def test_a_restricted_document_is_404_for_an_agency_member(cast, review):
    letter = add_document(review, cast.manager, Document.Kind.LETTER, "Letter to the family")
    address = url("cases:document_withdraw", review, letter.pk)
    assert signed_in(cast.agency_member).get(address).status_code == 404


def test_nothing_is_withdrawn_once_the_review_is_closed(cast):
    closed = cast.walk_to(Stage.MONITORING, pseudonym="Closing")
    document = documents.upload_document(
        closed, by=cast.manager, kind=Document.Kind.ACTION_PLAN, title="Plan", upload=pdf()
    )
    workflow.close(
        closed, by=cast.manager, closed_on=timezone.localdate(), reason="Action plan complete."
    )
    page = signed_in(cast.manager).get(url("cases:document_withdraw", closed, document.pk)).text
    assert "The review is closed" in page
    listed = signed_in(cast.manager).get(url("cases:documents", closed)).text
    assert url("cases:document_withdraw", closed, document.pk) not in listed
    with pytest.raises(TransitionRefused, match="closed"):
        documents.withdraw_document(document, by=cast.manager, reason=REASON)


def test_the_database_refuses_a_withdrawal_without_who_or_why(cast, review, report):
    for fields in (
        {"withdrawn_at": timezone.now()},
        {"withdrawn_at": timezone.now(), "withdrawn_by": cast.manager},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=report.pk).update(**fields)


# --- The kinds people need -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "label", "shared"),
    [
        (Document.Kind.ACTION_PLAN, "Action plan", True),
        (Document.Kind.DATA_COLLECTION_FORM, "Home Office data collection form", False),
        (Document.Kind.LETTER, "Letter", False),
    ],
)
def test_the_new_kinds_are_offered_and_shared_as_they_should_be(cast, review, kind, label, shared):
    manager = signed_in(cast.manager)
    form = manager.get(url("cases:documents", review)).text
    assert f'value="{kind}"' in form
    assert label in form
    response = manager.post(
        url("cases:documents", review), {"title": f"A {label}", "kind": kind, "file": pdf()}
    )
    assert response.status_code == 302
    document = review.documents.get(kind=kind)
    member = signed_in(cast.agency_member)
    download = member.get(url("cases:document_download", review, document.pk))
    assert download.status_code == (200 if shared else 404)
    assert (f"A {label}" in member.get(url("cases:documents", review)).text) == shared


def test_the_upload_form_says_which_kinds_agency_members_may_download(cast, review):
    page = signed_in(cast.manager).get(url("cases:documents", review)).text
    assert (
        "Agency members on the panel can download only these: terms of reference and action "
        "plan. Upload the overview report and the executive summary on the Report tab."
    ) in page
    # Both are versions of the Report tab (publications.reports), no longer documents.
    assert 'value="exec_summary"' not in page
    assert f'value="{Document.Kind.REPORT}"' not in page

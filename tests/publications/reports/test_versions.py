"""Report versions: uploads with who and what changed, the statuses that follow QA, the QA
rounds pointing at the versions they judged, the Report tab, and the data migration that moved
the former "overview report" documents into versions (issue 12, point 1)."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from cases.documents import services as documents
from cases.lifecycle import workflow
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Document, QARound, Stage
from publications.reports import services as reports
from publications.reports.models import ReportVersion
from tests.publications.factories import complete_home_office_form
from tests.publications.reports.helpers import ORDINARY, docx_bytes, docx_upload, pdf_upload
from tests.security.conftest import tiny_pdf

pytestmark = pytest.mark.django_db
OVERVIEW = ReportVersion.Document.OVERVIEW
SUMMARY = ReportVersion.Document.EXECUTIVE_SUMMARY


def upload(review, by, document=OVERVIEW, changes=""):
    return reports.upload_version(
        review,
        by=by,
        document=document,
        upload=docx_upload(docx_bytes([ORDINARY, "x"])),
        changes=changes,
    )


def test_each_upload_is_a_new_version_with_who_and_what_changed(cast, media_root):
    review = cast.walk_to(Stage.PANEL)
    first = upload(review, cast.chair)
    second = upload(review, cast.manager, changes="The family's comments added.")
    summary = upload(review, cast.manager, SUMMARY)
    assert [(v.number, v.uploaded_by) for v in (first, second)] == [
        (1, cast.chair),
        (2, cast.manager),
    ]
    assert (first.changes, second.changes) == ("First version.", "The family's comments added.")
    assert summary.number == 1
    assert first.history.first().history_user == cast.chair
    reports.set_status(second, by=cast.manager, status=ReportVersion.Status.PANEL_DRAFT)
    assert second.history.first().history_change_reason == "Status: Panel draft"
    with pytest.raises(TransitionRefused):
        reports.set_status(second, by=cast.manager, status=ReportVersion.Status.PUBLISHED)
    with pytest.raises(TransitionRefused):
        upload(review, cast.agency_member)


def test_qa_rounds_point_at_the_versions_they_judged(cast, media_root):
    review = cast.ready_for("submit_to_qa")
    upload(review, cast.manager)
    judged = upload(review, cast.manager, changes="Ready for QA")
    summary = upload(review, cast.manager, SUMMARY)
    complete_home_office_form(review, by=cast.manager)
    workflow.submit_to_qa(review, by=cast.manager, submitted_on=date(2026, 6, 1))
    first_round = review.qa_rounds.get()
    assert set(first_round.report_versions.all()) == {judged, summary}
    judged.refresh_from_db()
    assert judged.status == ReportVersion.Status.QA_SUBMITTED
    workflow.record_qa_outcome(
        review,
        by=cast.manager,
        outcome=QARound.Outcome.RESUBMIT,
        panel_date=date(2026, 7, 1),
        changes_required="More on the GP.",
    )
    amended = upload(review, cast.manager, changes="More on the GP.")
    complete_home_office_form(review, by=cast.manager)
    workflow.submit_to_qa(review, by=cast.manager, submitted_on=date(2026, 8, 1))
    workflow.record_qa_outcome(
        review, by=cast.manager, outcome=QARound.Outcome.APPROVED, panel_date=date(2026, 9, 1)
    )
    second_round = review.qa_rounds.get(number=2)
    assert set(second_round.report_versions.all()) == {amended, summary}
    amended.refresh_from_db()
    judged.refresh_from_db()
    assert (amended.status, judged.status) == ("approved", "qa_submitted")
    assert judged.qa_round == first_round


def test_the_report_tab_lists_versions_in_few_queries(
    cast, media_root, client, django_assert_max_num_queries
):
    review = cast.walk_to(Stage.PANEL)
    client.force_login(cast.manager)
    page = reverse("publications:reports", args=[review.reference])
    response = client.post(
        page,
        {
            "document": OVERVIEW,
            "status": "draft",
            "changes": "First draft",
            "file": docx_upload(docx_bytes([ORDINARY, "x"])),
        },
    )
    assert response.status_code == 302
    client.get(page)
    with django_assert_max_num_queries(40) as few:
        client.get(page)
    for number in range(4):
        upload(review, cast.manager, SUMMARY if number % 2 else OVERVIEW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page)
    assert response.content.decode().count("Check<span") == 5
    assert "First draft" in response.content.decode()


def test_a_pdf_version_is_accepted_and_an_agency_member_reads_the_list(cast, media_root, client):
    from tests.publications.reports.helpers import pdf_bytes

    review = cast.walk_to(Stage.PANEL)
    version = reports.upload_version(
        review, by=cast.manager, document=OVERVIEW, upload=pdf_upload(pdf_bytes([ORDINARY, "x"]))
    )
    client.force_login(cast.agency_member)
    response = client.get(reverse("publications:reports", args=[review.reference]))
    assert response.status_code == 200
    assert "Pre-publication check" not in response.content.decode()
    response = client.get(
        reverse("publications:report_download", args=[review.reference, version.pk])
    )
    assert response.status_code == 200


def test_the_documents_form_no_longer_offers_the_report_kind():
    from cases.documents.forms import DocumentForm

    assert Document.Kind.REPORT not in dict(DocumentForm().fields["kind"].choices)


def test_the_data_migration_moves_report_documents_with_files_and_history(cast, media_root):
    review = cast.walk_to(Stage.PANEL)
    overview = documents.upload_document(
        review,
        by=cast.chair,
        kind=Document.Kind.REPORT,
        title="Overview report draft",
        upload=tiny_pdf("overview.pdf"),
    )
    summary = documents.upload_document(
        review,
        by=cast.manager,
        kind=Document.Kind.REPORT,
        title="Executive summary v1",
        upload=tiny_pdf("summary.pdf"),
    )
    other = documents.upload_document(
        review, by=cast.manager, kind=Document.Kind.OTHER, title="Notes", upload=tiny_pdf()
    )
    stored = overview.file.name
    migration = importlib.import_module("cases.migrations.0012_report_documents_to_versions")

    migration.forwards(apps, None)

    assert list(review.documents.all()) == [other]
    moved = {v.document: v for v in review.report_versions.all()}
    assert moved[OVERVIEW].file.name == stored
    assert moved[OVERVIEW].file.storage.exists(stored)
    assert (moved[OVERVIEW].uploaded_by, moved[OVERVIEW].moved_from_document) == (
        cast.chair,
        overview.pk,
    )
    assert moved[SUMMARY].moved_from_document == summary.pk
    # (Here the migration runs with the current models, whose history signals add rows of
    # their own; in a real migration only the rows it writes exist.)
    assert moved[OVERVIEW].history.filter(history_change_reason=migration.REASON).exists()
    # The document's history is kept, closed by a row that says where it went.
    rows = set(
        Document.history.filter(id=overview.pk).values_list("history_type", "history_change_reason")
    )
    assert {("+", "Document uploaded"), ("-", migration.REASON)} <= rows

    migration.backwards(apps, None)
    assert review.documents.filter(kind=Document.Kind.REPORT).count() == 2
    assert not review.report_versions.exists()

"""The agency contributions and combined chronology pages, driven as people use them: GET the
form, POST mistakes (errors shown, input kept, nothing saved), POST it right."""

import html
import io
import re
from datetime import date, time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Deadline
from dhr.pagination import FromEitherEndPaginator
from panels.chronology import combined
from panels.chronology.tasks import build_export
from panels.chronology.views import ENTRIES_PER_PAGE
from panels.contributions import services as contributions
from panels.models import (
    ChronologyEntry,
    ChronologyExport,
    ContributionRequest,
    ContributionVersion,
    EntryAnnotation,
    StagedChronology,
)
from tests.panels.conftest import DUE, HEADINGS, csv_upload, good_rows, xlsx_upload

Kind = ContributionRequest.Kind


def url(panel, name, *args):
    return reverse(name, args=[panel.review.reference, *args])


def text(response) -> str:
    """The page's text without tags, spaces collapsed (to read sentences across elements)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# --- Asking an agency --------------------------------------------------------------------------


def test_the_manager_asks_an_agency_from_the_page(panel, client):
    client.force_login(panel.manager)
    page = client.get(url(panel, "panels:contribution_new"))
    assert page.status_code == 200
    assert "Ask an agency for a contribution" in text(page)

    missing = client.post(
        url(panel, "panels:contribution_new"),
        {"agency": panel.health.pk, "kind": "other", "details": "Keep me", "due_on": ""},
    )
    assert missing.status_code == 200
    assert "Enter the date it is due" in text(missing)
    assert "Enter which document the agency is asked for" in text(missing)
    assert "Keep me" in missing.content.decode()  # the input is kept
    assert not ContributionRequest.objects.exists()

    done = client.post(
        url(panel, "panels:contribution_new"),
        {"agency": panel.health.pk, "kind": "chronology", "due_on": DUE.strftime("%d/%m/%Y")},
        follow=True,
    )
    assert "Kent Health Trust has been asked for: Chronology." in text(done)
    request = ContributionRequest.objects.get()
    assert request.due_on == DUE
    assert request.requested_by == panel.manager

    again = client.post(
        url(panel, "panels:contribution_new"),
        {"agency": panel.health.pk, "kind": "chronology", "due_on": "20/12/2026"},
    )
    assert "has already been asked for its chronology" in text(again)
    assert 'value="20/12/2026"' in again.content.decode()
    assert ContributionRequest.objects.count() == 1


def test_the_overview_task_list_links_the_new_pages(panel, client):
    client.force_login(panel.chair)
    page = client.get(reverse("cases:detail", args=[panel.review.reference])).content.decode()
    for name in (
        "panels:contributions",
        "panels:combined_chronology",
        "panels:meetings",
        "cases:family",
    ):
        assert url(panel, name) in page
    for title in (
        "Agency contributions",
        "Combined chronology",
        "Panel meetings",
        "Family engagement",
    ):
        assert title in page


# --- Uploading a chronology: preview, errors, corrected file, submission -------------------------


def test_an_agency_uploads_fixes_and_submits_a_chronology(panel, client):
    request = panel.ask()
    client.force_login(panel.police_member)
    upload_url = url(panel, "panels:contribution_upload", request.pk)
    assert client.get(upload_url).status_code == 200

    rows = [["Kent Police chronology"], HEADINGS, *good_rows(4)]
    rows[4][0] = "31/09/2021"  # spreadsheet row 5
    preview = client.post(upload_url, {"file": xlsx_upload(rows)}, follow=True)
    assert re.search(
        r"<td[^>]*>5</td>\s*<td[^>]*>The date “31/09/2021” is not a real date</td>",
        preview.content.decode(),
    )
    assert "Upload a corrected file" in text(preview)
    staged = StagedChronology.objects.get()

    # Confirming anyway (a crafted POST) imports nothing.
    refused = client.post(url(panel, "panels:chronology_preview", request.pk, staged.pk))
    assert "The file has 1 error: nothing was imported." in text(refused)
    assert not ContributionVersion.objects.exists()
    assert not ChronologyEntry.objects.exists()

    rows[4][0] = "30/09/2021"
    preview = client.post(upload_url, {"file": xlsx_upload(rows)}, follow=True)
    assert "Import 4 entries as a draft" in text(preview)
    staged = StagedChronology.objects.get()  # the first file was dropped
    confirmed = client.post(
        url(panel, "panels:chronology_preview", request.pk, staged.pk),
        {"note": "Row 5 fixed"},
        follow=True,
    )
    assert "4 entries have been imported as version 1 (a draft)" in text(confirmed)
    assert not combined.submitted_entries(panel.review).exists()

    submit_url = url(panel, "panels:contribution_submit", request.pk)
    assert "Submit version 1 of the chronology to the panel?" in text(client.get(submit_url))
    submitted = client.post(submit_url, follow=True)
    assert "Version 1 has been submitted to the panel." in text(submitted)
    assert combined.submitted_entries(panel.review).count() == 4
    assert Deadline.objects.get(source=f"panels.contributionrequest:{request.pk}").met_on


def test_a_spreadsheet_with_other_headings_is_mapped_first(panel, client):
    request = panel.ask()
    client.force_login(panel.police_member)
    rows = [["When", "What happened", "Officer"], ["01/03/2021", "Visit", "PC"]]
    response = client.post(
        url(panel, "panels:contribution_upload", request.pk), {"file": xlsx_upload(rows)}
    )
    staged = StagedChronology.objects.get()
    columns_url = url(panel, "panels:chronology_columns", request.pk, staged.pk)
    assert response.url == url(panel, "panels:chronology_preview", request.pk, staged.pk)
    assert client.get(response.url).url == columns_url  # the preview sends it to the mapping

    page = client.get(columns_url)
    assert "Match the columns of “chronology.xlsx”" in text(page)
    twice = client.post(columns_url, {"date": "When", "event": "When"})
    assert "“When” is already used for date" in text(twice)
    missing = client.post(columns_url, {"date": "When"})
    assert "Select the column that holds the event or contact" in text(missing)

    mapped = client.post(
        columns_url,
        {"date": "When", "event": "What happened", "staff_role": "Officer"},
        follow=True,
    )
    assert "Import 1 entry as a draft" in text(mapped)


def test_a_report_version_is_uploaded_as_a_draft(panel, client, media_root):
    request = panel.ask(kind=Kind.REPORT)
    client.force_login(panel.police_member)
    upload_url = url(panel, "panels:contribution_upload", request.pk)
    program = SimpleUploadedFile("imr.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(upload_url, {"file": program, "note": "first go"})
    assert "The selected file must be" in text(refused)
    assert 'value="first go"' in refused.content.decode()
    assert not ContributionVersion.objects.exists()

    pdf = SimpleUploadedFile("imr.pdf", b"%PDF-1.4\nreport", content_type="application/pdf")
    done = client.post(upload_url, {"file": pdf}, follow=True)
    assert "Version 1 has been uploaded as a draft." in text(done)
    version = ContributionVersion.objects.get()
    download = client.get(url(panel, "panels:contribution_download", request.pk, version.pk))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4\nreport"


def test_accepting_and_withdrawing_from_the_pages(panel, client, media_root):
    report = panel.ask(kind=Kind.REPORT)
    contributions.upload_document(
        report,
        by=panel.police_member,
        upload=SimpleUploadedFile("imr.pdf", b"%PDF-1.4\nx", content_type="application/pdf"),
    )
    contributions.submit_to_panel(report, by=panel.police_member)
    other = panel.ask(agency=panel.health, kind=Kind.REPORT)
    client.force_login(panel.chair)

    accept_url = url(panel, "panels:contribution_accept", report.pk)
    assert "Accept the agency report (imr) from Kent Police?" in text(client.get(accept_url))
    assert "is accepted" in text(client.post(accept_url, follow=True))
    report.refresh_from_db()
    assert report.status == ContributionRequest.Status.ACCEPTED
    again = client.post(accept_url, follow=True)
    assert "Only a contribution submitted to the panel can be accepted." in text(again)

    withdraw_url = url(panel, "panels:contribution_withdraw", other.pk)
    assert "Withdraw the request to Kent Health Trust" in text(client.get(withdraw_url))
    client.post(withdraw_url)
    other.refresh_from_db()
    assert other.status == ContributionRequest.Status.WITHDRAWN


def test_the_templates_hold_our_columns(panel, client):
    client.force_login(panel.health_member)
    xlsx = client.get(url(panel, "panels:chronology_template", "xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADINGS
    csv = client.get(url(panel, "panels:chronology_template", "csv"))
    assert csv.content.decode("utf-8-sig").strip() == ",".join(HEADINGS)
    assert csv["Content-Disposition"] == 'attachment; filename="chronology-template.csv"'


# --- The combined chronology -------------------------------------------------------------------


@pytest.fixture
def two_agencies(panel, media_root):
    """Police: March 2021 and a lone entry in June 2021; health: March 2021 (some at the same
    dates, with and without times); nothing in April and May 2021 (a gap)."""
    police = panel.ask()
    police_rows = [
        HEADINGS,
        ["03/03/2021", "14:00", "P1", "Police call-out", "Attended", "", "PC"],
        ["03/03/2021", "", "P2", "Police record check", "", "", "PC"],
        ["01/06/2021", "10:00", "P3", "Police follow-up", "", "", "PC"],
    ]
    panel.import_chronology(police, csv_upload(police_rows))
    health = panel.ask(agency=panel.health)
    health_rows = [
        HEADINGS,
        *[
            [f"{d:02d}/03/2021", "09:00", f"H{d}", f"GP visit {d}", "", "", "GP"]
            for d in range(1, 9)
        ],
    ]
    panel.import_chronology(health, csv_upload(health_rows))
    return panel


def test_entries_are_merged_in_date_then_time_order(two_agencies, client):
    panel = two_agencies
    client.force_login(panel.health_member)
    page = client.get(url(panel, "panels:combined_chronology"))
    body = text(page)
    order = [
        body.index(label)
        for label in (
            "GP visit 2",
            "Police record check",
            "Police call-out",
            "GP visit 4",
            "Police follow-up",
        )
    ]
    assert order == sorted(order)
    assert "GP visit 3" in body
    # March 2021 has 10 entries, April and May none (gaps), June one.
    summary = page.content.decode()
    assert re.search(r"March 2021</th>\s*<td[^>]*>10</td>", summary)
    assert re.search(r"April 2021</th>\s*<td[^>]*>0</td>\s*<td[^>]*>\s*<strong[^>]*>Gap", summary)
    # Over the period under review (January 2021 to January 2026): 59 months without entries.
    assert "Entries per month: 59 with none" in body


def test_filters_by_agency_and_dates(two_agencies, client):
    panel = two_agencies
    client.force_login(panel.chair)
    base = url(panel, "panels:combined_chronology")
    police = client.get(base, {"agency": panel.police.pk})
    assert "Police call-out" in text(police)
    assert "GP visit" not in text(police)
    dated = client.get(base, {"date_from": "02/03/2021", "date_to": "03/03/2021"})
    assert "Entries 1 to 4 of 4" in text(dated)
    wrong = client.get(base, {"date_from": "05/03/2021", "date_to": "01/03/2021"})
    assert "The end date must be the same as or after the start date" in text(wrong)
    none = client.get(base, {"date_from": "01/01/2025"})
    assert "No submitted entries match these filters." in text(none)


def test_the_filters_keep_what_was_typed_and_show_each_error_at_its_field(two_agencies, client):
    panel = two_agencies
    client.force_login(panel.chair)
    base = url(panel, "panels:combined_chronology")
    page = client.get(
        base, {"agency": panel.police.pk, "date_from": "31/02/2021", "date_to": "01/03/2021"}
    ).content.decode()
    assert f'<option value="{panel.police.pk}" selected>Kent Police</option>' in page
    assert '<option value="">All agencies</option>' in page
    # The error summary links to the field; the field says what is wrong and keeps the text.
    assert '<a href="#id_date_from">' in page
    assert re.search(
        r'govuk-form-group--error">\s*'
        r'<label class="govuk-label govuk-label--s" for="id_date_from">',
        page,
    )
    assert 'id="id_date_from-error" class="govuk-error-message"' in page
    assert (
        'id="id_date_from" name="date_from" type="text" value="31/02/2021" '
        'aria-describedby="id_date_from-hint id_date_from-error" aria-invalid="true"'
    ) in page
    assert 'value="01/03/2021" aria-describedby="id_date_to-hint">' in page


def test_each_entry_is_annotated_from_a_link_back_to_the_page_as_it_was(two_agencies, client):
    panel = two_agencies
    entry = combined.submitted_entries(panel.review).get(record_reference="P1")
    client.force_login(panel.chair)
    page = client.get(url(panel, "panels:combined_chronology"), {"agency": panel.police.pk})
    link = url(panel, "panels:annotate", entry.pk) + f"?back=agency%3D{panel.police.pk}"
    assert f'href="{link}"' in page.content.decode()
    client.force_login(panel.health_member)  # the panel reads annotations but writes none
    page = client.get(url(panel, "panels:combined_chronology"))
    assert "/annotate/" not in page.content.decode()


def test_no_entries_yet(panel, client):
    client.force_login(panel.manager)
    page = client.get(url(panel, "panels:combined_chronology"))
    assert "No agency has submitted a chronology yet." in text(page)


def test_the_page_is_paginated(panel, client, media_root):
    request = panel.ask()
    panel.import_chronology(request, csv_upload([HEADINGS, *good_rows(150)]))
    client.force_login(panel.manager)
    first = client.get(url(panel, "panels:combined_chronology"))
    assert f"Entries 1 to {ENTRIES_PER_PAGE} of 150" in text(first)
    last = client.get(url(panel, "panels:combined_chronology"), {"page": 150 // ENTRIES_PER_PAGE})
    assert f"Entries {150 - ENTRIES_PER_PAGE + 1} to 150 of 150" in text(last)


def crowded_rows(count, agency_letter):
    """``count`` rows on five days of March 2021, a third of them without a time: many entries
    tie on date and time and are ordered by agency, then row."""
    return [
        [
            f"{1 + index % 5:02d}/03/2021",
            "" if index % 3 == 0 else f"{9 + index % 2:02d}:00",
            f"{agency_letter}{index + 1}",
            f"Contact {agency_letter}{index + 1}",
            "",
            "",
            "",
        ]
        for index in range(count)
    ]


def test_the_later_pages_are_the_same_entries_read_from_the_end(panel, client, media_root):
    """Pages past the middle are read backwards (``FromEitherEndPaginator``): every page holds
    exactly the entries, in exactly the order, of plain ``OFFSET`` paging."""
    panel.import_chronology(panel.ask(), csv_upload([HEADINGS, *crowded_rows(130, "P")]))
    health = panel.ask(agency=panel.health)
    panel.import_chronology(health, csv_upload([HEADINGS, *crowded_rows(120, "H")]))
    entries = combined.ordered(combined.submitted_entries(panel.review)).select_related("agency")
    plain = Paginator(entries, 100)
    either = FromEitherEndPaginator(entries, 100)
    assert either.num_pages == 3
    for number in (1, 2, 3):
        assert [e.pk for e in either.page(number)] == [e.pk for e in plain.page(number)]
    both_ways = FromEitherEndPaginator(entries, 100, orphans=60)  # 250 as 100 + 150
    assert [e.pk for e in both_ways.page(2)] == [e.pk for e in Paginator(entries, 100, 60).page(2)]

    client.force_login(panel.manager)
    last = client.get(url(panel, "panels:combined_chronology"), {"page": 100000})
    assert "Entries 201 to 250 of 250" in text(last)
    body = text(last)
    ending = [entry.event for entry in plain.page(3)][-3:]
    assert [body.index(event) for event in ending] == sorted(body.index(e) for e in ending)


def test_the_agency_filter_lists_agencies_with_submitted_entries_only(panel, client):
    police = panel.ask()
    panel.import_chronology(police, csv_upload([HEADINGS, *good_rows(3)]))
    health = panel.ask(agency=panel.health)
    panel.import_chronology(health, csv_upload([HEADINGS, *good_rows(2)]), submit=False)
    assert combined.agencies_with_entries(panel.review) == [(panel.police.pk, panel.police.name)]

    # A draft on top of the police's submission changes nothing; the health trust's submission
    # adds it.
    panel.import_chronology(police, csv_upload([HEADINGS, *good_rows(4)]), submit=False)
    contributions.submit_to_panel(health, by=panel.health_member)
    assert combined.agencies_with_entries(panel.review) == [
        (agency.pk, agency.name) for agency in (panel.health, panel.police)
    ]
    client.force_login(panel.chair)
    page = client.get(url(panel, "panels:combined_chronology"))
    assert page.context["form"].fields["agency"].choices == [
        ("", "All agencies"),
        (panel.health.pk, panel.health.name),
        (panel.police.pk, panel.police.name),
    ]
    # An agency with no submitted entry is not a choice: shown as an error, the page unfiltered.
    other = client.get(url(panel, "panels:combined_chronology"), {"agency": panel.health.pk + 999})
    assert other.status_code == 200
    assert "Select a valid choice" in text(other)
    chosen = client.get(url(panel, "panels:combined_chronology"), {"agency": panel.health.pk})
    assert f'<option value="{panel.health.pk}" selected>' in chosen.content.decode()


def test_annotations_by_the_chair_are_read_by_the_panel(two_agencies, client):
    panel = two_agencies
    entry = combined.submitted_entries(panel.review).get(record_reference="P1")
    annotate_url = url(panel, "panels:annotate", entry.pk)
    client.force_login(panel.chair)
    assert "Annotate the entry of 3 March 2021 from Kent Police" in text(client.get(annotate_url))
    empty = client.post(annotate_url, {"text": "  "})
    assert "Enter the annotation" in text(empty)
    done = client.post(
        annotate_url + "?back=agency%3D" + str(panel.police.pk), {"text": "Was a DASH completed?"}
    )
    assert done.url == (
        url(panel, "panels:combined_chronology") + f"?agency={panel.police.pk}#entry-{entry.pk}"
    )
    note = EntryAnnotation.objects.get()
    assert (note.author, note.text) == (panel.chair, "Was a DASH completed?")

    client.force_login(panel.health_member)
    page = text(client.get(url(panel, "panels:combined_chronology")))
    assert "Chris Chair" in page
    assert "Was a DASH completed?" in page
    assert "Annotate" not in page

    client.force_login(panel.manager)
    delete_url = url(panel, "panels:annotation_delete", note.pk)
    assert "Delete this annotation?" in text(client.get(delete_url))
    client.post(delete_url)
    assert not EntryAnnotation.objects.exists()


def test_annotations_take_no_query_of_their_own_however_many(two_agencies, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    panel = two_agencies
    entries = list(combined.submitted_entries(panel.review))
    client.force_login(panel.manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url(panel, "panels:combined_chronology"))
        assert page.status_code == 200
        return len(captured)

    combined.annotate(panel.review, entries[0], by=panel.chair, text="First note")
    queries()  # the month counts are worked out once, then kept
    one = queries()
    for entry in entries:
        combined.annotate(panel.review, entry, by=panel.manager, text="Seen")
        combined.annotate(panel.review, entry, by=panel.chair, text="Asked the agency")
    assert queries() == one
    page = text(client.get(url(panel, "panels:combined_chronology")))
    assert "Chris Chair" in page
    assert page.count("Asked the agency") == len(entries)


def test_a_page_with_no_annotated_entry_does_not_ask_for_annotations(two_agencies, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    panel = two_agencies
    client.force_login(panel.manager)

    def annotation_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(panel, "panels:combined_chronology")).status_code == 200
        return sum(query["sql"].startswith('SELECT "panels_entryannotation"') for query in captured)

    # Asked in the entries' own query (whether each has one), not by a query of their own.
    assert annotation_queries() == 0
    entry = combined.submitted_entries(panel.review).first()
    combined.annotate(panel.review, entry, by=panel.chair, text="Was a DASH completed?")
    assert annotation_queries() == 1
    assert "Was a DASH completed?" in text(client.get(url(panel, "panels:combined_chronology")))


def test_excel_export_in_date_order_with_annotations(two_agencies, client):
    panel = two_agencies
    entry = combined.submitted_entries(panel.review).get(record_reference="P3")
    EntryAnnotation.objects.create(
        entry=entry,
        review=panel.review,
        author=panel.chair,
        created_at=entry.version.uploaded_at,
        text="Check",
    )
    client.force_login(panel.police_member)
    response = client.get(url(panel, "panels:chronology_xlsx"), {"agency": panel.police.pk})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith(f"Combined chronology: {panel.review.reference}")
    assert "agency: Kent Police" in rows[1][0]
    assert list(rows[3]) == [
        "Date",
        "Time",
        "Agency",
        "Agency record reference",
        "Event or contact",
        "Action or outcome",
        "Comment",
        "Staff role",
        "Annotations",
    ]
    body = rows[4:]
    assert [row[3] for row in body] == ["P2", "P1", "P3"]
    assert body[0][0].date() == date(2021, 3, 3)
    assert body[0][1] is None
    assert body[1][1] == time(14, 0)
    assert body[2][8].startswith("Chris Chair (")
    assert body[2][8].endswith("): Check")


def test_pdf_export_is_an_attachment(two_agencies, client):
    panel = two_agencies
    client.force_login(panel.manager)
    response = client.get(url(panel, "panels:chronology_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{panel.review.reference}-combined-chronology.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_a_large_pdf_is_prepared_in_the_background(
    two_agencies, client, settings, django_capture_on_commit_callbacks
):
    panel = two_agencies
    settings.DHR_CHRONOLOGY_PDF_INLINE_LIMIT = 5
    client.force_login(panel.chair)
    pdf_url = url(panel, "panels:chronology_pdf")
    offer = client.get(pdf_url, {"agency": panel.health.pk})
    assert "Prepare a PDF of 8 entries" in text(offer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"{pdf_url}?agency={panel.health.pk}")
    assert len(callbacks) == 1  # the Celery task, queued once the export row is committed
    with mock.patch("panels.chronology.tasks.build_chronology_pdf.delay") as delay:
        callbacks[0]()
    job = ChronologyExport.objects.get()
    delay.assert_called_once_with(job.pk)
    assert response.url == url(panel, "panels:chronology_exports")
    assert job.agency == panel.health
    assert job.status == ChronologyExport.Status.PENDING
    assert "Being prepared" in text(client.get(response.url))

    build_export(job.pk)  # what the worker runs

    job.refresh_from_db()
    assert (job.status, job.entry_count) == (ChronologyExport.Status.READY, 8)
    download_url = url(panel, "panels:chronology_export_download", job.pk)
    assert f'href="{download_url}"' in client.get(response.url).content.decode()
    assert b"".join(client.get(download_url).streaming_content).startswith(b"%PDF-")
    client.force_login(panel.manager)  # someone else's export: not theirs to download
    assert client.get(download_url).status_code == 404

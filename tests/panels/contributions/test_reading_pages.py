"""Chronology files from any Excel, and hostile ones, through the upload, mapping, preview and
confirm pages (issue 15 point 2, issue 13 point 3)."""

import html
import re
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from panels.chronology import importer
from panels.models import ChronologyEntry, StagedChronology
from tests.panels.chronology import bombs
from tests.panels.chronology.test_reading import EVENT, _xls
from tests.panels.conftest import HEADINGS, XLSX_TYPE, xlsx_upload


def url(panel, name, *args):
    return reverse(name, args=[panel.review.reference, *args])


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_pages_read_a_staged_file_once(panel, client):
    """Upload, the mapping page (GET and POST), the preview and the confirmation: one read."""
    request = panel.ask()
    client.force_login(panel.police_member)
    rows = [["When", "What happened", "Who"], ["01/03/2021", EVENT, "PC"]]
    with mock.patch.object(importer, "_read_xlsx", wraps=importer._read_xlsx) as reads:
        mapping = client.post(
            url(panel, "panels:contribution_upload", request.pk),
            {"file": xlsx_upload(rows)},
            follow=True,
        )
        staged = StagedChronology.objects.get()
        columns_url = url(panel, "panels:chronology_columns", request.pk, staged.pk)
        assert mapping.redirect_chain[-1][0] == columns_url
        assert client.get(columns_url).status_code == 200
        preview = client.post(
            columns_url, {"date": "When", "event": "What happened", "staff_role": "Who"}
        )
        preview_url = url(panel, "panels:chronology_preview", request.pk, staged.pk)
        assert preview.url == preview_url
        assert 'id="entries-ready">1<' in client.get(preview_url).content.decode()
        done = client.post(preview_url, {"note": ""}, follow=True)
        assert "1 entries have been imported" in text(done)
    assert reads.call_count == 1
    assert ChronologyEntry.objects.get().event == EVENT


def test_a_windows_csv_is_read_and_the_preview_names_its_encoding(panel, client):
    request = panel.ask()
    client.force_login(panel.police_member)
    content = (";".join(HEADINGS) + f"\r\n01/03/2021;09:30;P1;{EVENT};“Advice”;;PC\r\n").encode(
        "cp1252"
    )
    preview = client.post(
        url(panel, "panels:contribution_upload", request.pk),
        {"file": SimpleUploadedFile("chronology.csv", content, "text/csv")},
        follow=True,
    )
    assert "Read as A CSV file in Windows-1252, separated by semicolons" in text(preview)
    staged = StagedChronology.objects.get()
    assert staged.file.name.endswith(".csv")
    client.post(url(panel, "panels:chronology_preview", request.pk, staged.pk), {"note": ""})
    entry = ChronologyEntry.objects.get()
    assert (entry.event, entry.action) == (EVENT, "“Advice”")


def test_a_legacy_xls_chronology_is_imported_through_the_pages(panel, client):
    request = panel.ask()
    client.force_login(panel.police_member)
    content = _xls([HEADINGS, ["01/03/2021", "", "P1", EVENT, "", "", "PC"]])
    preview = client.post(
        url(panel, "panels:contribution_upload", request.pk),
        {"file": SimpleUploadedFile("old.xls", content, "application/vnd.ms-excel")},
        follow=True,
    )
    assert "Read as An Excel 97-2003 workbook (.xls)" in text(preview)
    staged = StagedChronology.objects.get()
    assert staged.file.name.endswith(".xls")
    client.post(url(panel, "panels:chronology_preview", request.pk, staged.pk), {"note": ""})
    assert ChronologyEntry.objects.get().event == EVENT


def test_a_decompression_bomb_is_refused_on_the_upload_page(panel, client):
    request = panel.ask()
    client.force_login(panel.police_member)
    for content, message in (
        (bombs.row_bomb(), "The file has more than 50,000 entries: split it into smaller files"),
        (bombs.ratio_bomb(), "The selected file cannot be opened safely"),
    ):
        page = client.post(
            url(panel, "panels:contribution_upload", request.pk),
            {"file": SimpleUploadedFile("chronology.xlsx", content, XLSX_TYPE)},
        )
        assert page.status_code == 200
        assert message in text(page)
        assert "There is a problem" in text(page)
    assert not StagedChronology.objects.exists()


def test_confirming_holds_no_lock_while_the_rows_are_checked(panel, client):
    """The rows are checked before the transaction opens: no lock is held meanwhile."""
    from django.db import connection

    request = panel.ask()
    client.force_login(panel.police_member)
    client.post(
        url(panel, "panels:contribution_upload", request.pk),
        {"file": xlsx_upload([HEADINGS, ["01/03/2021", "", "", EVENT, "", "", ""]])},
    )
    staged = StagedChronology.objects.get()
    depths = []
    original = importer.read_chronology

    def checking(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return original(*args, **kwargs)

    baseline = len(connection.atomic_blocks)  # the test's own transaction
    with mock.patch.object(importer, "read_chronology", side_effect=checking):
        client.post(url(panel, "panels:chronology_preview", request.pk, staged.pk), {"note": ""})
    assert depths
    assert set(depths) == {baseline}
    assert ChronologyEntry.objects.count() == 1

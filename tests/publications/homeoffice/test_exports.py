"""The exports: one review's form (XLSX, PDF), the bulk export (XLSX with its codes sheet, CSV),
the management command and the submission pack. Every question is in them; no real name, date
of birth, address or circumstances ever is; every export is in the access log."""

import io
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Review, Stage, Subject
from cases.people import services as people
from dhr.models import AccessLog
from publications.homeoffice import exports, fields, pack
from publications.homeoffice.services import filled_in

REAL_NAME = "Philippa Wrennick-Hale"
ADDRESS = "17 Larkspur Mews, Faversham"
BORN = date(1987, 3, 14)
CIRCUMSTANCES = "Found by the milkman at the bottom of the Wrennick stairs."
RESTRICTED = [REAL_NAME, "Wrennick", "Larkspur", "14/03/1987", "1987-03-14", "Found by the milkman"]


@pytest.fixture
def review(cast):
    review = cast.walk_to(Stage.QA_SUBMITTED, circumstances=CIRCUMSTANCES)
    victim = review.subjects.get(role=Subject.Role.VICTIM)
    people.update_subject(
        victim,
        by=cast.manager,
        real_name=REAL_NAME,
        address=ADDRESS,
        date_of_birth=BORN,
        reason="Identity confirmed",
    )
    return review


def _sheet_rows(content: bytes, index=0):
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[index].iter_rows(values_only=True)]


def _assert_nothing_restricted(content: bytes):
    text = content.decode("utf-8", "ignore")
    for value in RESTRICTED:
        assert value not in text


def test_one_review_s_form_as_a_spreadsheet_laid_out_like_the_form(cast, review):
    file = exports.export_review(cast.manager, review.reference, exports.XLSX)
    rows = _sheet_rows(file.content)
    headings = rows.index(exports.REVIEW_HEADINGS)
    questions = [row[1] for row in rows[headings + 1 :]]
    for question in fields.QUESTIONS:
        assert question.label in questions
    assert REAL_NAME not in file.filename
    assert review.pseudonym.replace(" ", "-") in file.filename
    assert AccessLog.objects.filter(
        user=cast.manager, review_reference=review.reference, object_type="home_office_form"
    ).exists()


def test_one_review_s_form_as_a_pdf(cast, review):
    file = exports.export_review(cast.manager, review.reference, exports.PDF)
    assert file.content.startswith(b"%PDF")


def test_the_bulk_export_has_every_question_and_explains_its_codes(cast, review):
    file = exports.export_bulk(cast.manager, exports.Filters(), exports.XLSX)
    data = _sheet_rows(file.content, 0)
    header = data[0]
    for question in fields.QUESTIONS:
        assert question.code in header
    assert len(data) == 2  # one victim, one row
    row = dict(zip(header, data[1], strict=True))
    assert row["review_reference"] == review.reference
    assert row["incident_partnership"] == "SWA"
    codes = _sheet_rows(file.content, 1)
    explained = {r[0]: r for r in codes if r and r[0]}
    for column in header:
        assert column in explained
    assert "white_british = White" in explained["victim_ethnicity"][3]
    log = AccessLog.objects.filter(user=cast.manager, object_type="home_office_form").first()
    assert "all partnerships" in log.description


def test_no_export_holds_a_restricted_value(cast, review):
    for file in (
        exports.export_review(cast.manager, review.reference, exports.XLSX),
        exports.export_bulk(cast.manager, exports.Filters(), exports.XLSX),
    ):
        with zipfile.ZipFile(io.BytesIO(file.content)) as archive:  # an xlsx is a zip
            for name in archive.namelist():
                _assert_nothing_restricted(archive.read(name))
    _assert_nothing_restricted(
        exports.export_bulk(cast.manager, exports.Filters(), exports.CSV).content
    )
    # The PDF is printed from this page (its text is compressed inside the PDF).
    html = render_to_string(
        "publications/homeoffice/print.html",
        {"review": review, "filled": filled_in(review), "exported_at": None},
    )
    _assert_nothing_restricted(html.encode())


def test_the_bulk_export_filters_by_date_and_partnership(cast, review, medway_manager):
    by_death = exports.Filters(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    assert len(list(exports.selected_reviews(cast.manager, by_death))) == 1
    later = exports.Filters(date_from=date(2026, 2, 1))
    assert list(exports.selected_reviews(cast.manager, later)) == []
    by_qa = exports.Filters(date_from=date(2026, 6, 1), basis=exports.Basis.QA_SUBMISSION)
    assert len(list(exports.selected_reviews(cast.manager, by_qa))) == 1
    # Another partnership's manager sees none of it.
    assert list(exports.selected_reviews(medway_manager, exports.Filters())) == []


def test_other_roles_may_not_export(cast, review):
    from django.core.exceptions import PermissionDenied

    for user in (cast.chair, cast.agency_member):
        with pytest.raises(PermissionDenied):
            exports.export_bulk(user, exports.Filters(), exports.XLSX)


def test_the_administrator_downloads_the_year_s_export_from_the_page(client, administrator, review):
    client.force_login(administrator)
    page = client.get(reverse("publications:home_office_exports"))
    assert review.reference in page.text
    response = client.get(
        reverse("publications:home_office_exports"),
        {
            "download": "1",
            "date_from": "01/01/2026",
            "date_to": "31/12/2026",
            "file_format": "xlsx",
        },
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert len(_sheet_rows(response.content)) == 2


def test_the_command_writes_the_same_export(cast, review, administrator, tmp_path):
    output = tmp_path / "forms.csv"
    call_command(
        "export_home_office_forms",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--partnership",
        "SWA",
        "--user",
        administrator.email,
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    text = output.read_text(encoding="utf-8-sig")
    assert review.reference in text
    assert REAL_NAME not in text
    one = tmp_path / "one.xlsx"
    call_command(
        "export_home_office_forms",
        "--review",
        review.reference,
        "--user",
        administrator.email,
        "--output",
        str(one),
        stdout=io.StringIO(),
    )
    # One review: its form laid out question by question.
    questions = [row[1] for row in _sheet_rows(one.read_bytes())]
    assert all(question.label in questions for question in fields.QUESTIONS)
    assert AccessLog.objects.filter(user=administrator).count() == 2


def test_the_submission_pack(cast, review, media_root):
    from publications.reports import services as reports

    for document in ("overview", "executive_summary"):
        reports.upload_version(
            review, by=cast.manager, document=document, upload=_pdf(f"{document}.pdf")
        )
    content, names = pack.build_pack(review, pack.RECIPIENTS["home-office-qa"])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        listed = archive.namelist()
        assert listed == names
        assert any("Overview report.pdf" in name for name in listed)
        assert any("Executive summary.pdf" in name for name in listed)
        assert any("Home Office data collection form.xlsx" in name for name in listed)
        for name in listed:
            assert review.reference in name
            assert REAL_NAME not in name
            if name.endswith(".txt"):
                _assert_nothing_restricted(archive.read(name))
    assert [r.code for r in pack.recipients()] == ["home-office-qa", "commissioner"]


def test_the_pack_download_is_logged(client, cast, review):
    client.force_login(cast.manager)
    url = reverse("publications:submission_pack", args=[review.reference, "commissioner"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert AccessLog.objects.filter(object_type="submission_pack").exists()
    not_yet = reverse("publications:submission_pack", args=[review.reference, "secretary-of-state"])
    assert client.get(not_yet).status_code == 404


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.security.conftest import TINY_PDF

    return SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf")


@pytest.mark.django_db
def test_the_demo_s_bulk_export_one_row_per_victim_codes_as_documented(administrator):
    call_command("seed_demo", stdout=io.StringIO())
    file = exports.export_bulk(administrator, exports.Filters(), exports.XLSX)
    data = _sheet_rows(file.content, 0)
    header, rows = data[0], data[1:]
    victims = Subject.objects.filter(role=Subject.Role.VICTIM).count()
    assert len(rows) == victims == Review.objects.count()
    codes = {r[0]: r for r in _sheet_rows(file.content, 1) if r and r[0]}
    for row in rows:
        for column, value in zip(header, row, strict=True):
            question = fields.BY_CODE.get(column)
            if value in (None, "") or question is None or not question.choices:
                continue
            documented = {
                line.split(" = ")[0] for line in codes[column][3].replace("; ", "\n").split("\n")
            }
            for code in str(value).split(";"):
                assert code in documented, (column, code)
    # The reviews that went to QA have complete forms; the earlier ones do not.
    from cases.reviews.tasklist import reached

    for review in Review.objects.all():
        if review.first_qa_submitted_on:
            assert filled_in(review).complete, review
        elif not reached(review, Stage.QA_SUBMITTED):
            assert not filled_in(review).complete, review


def test_the_bulk_export_takes_as_many_queries_for_three_reviews_as_for_one(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            exports.export_bulk(cast.manager, exports.Filters(), exports.CSV)
        return len(captured)

    cast.walk_to(Stage.QA_SUBMITTED)
    one = queries()
    cast.walk_to(Stage.QA_SUBMITTED)
    cast.walk_to(Stage.QA_SUBMITTED)
    assert queries() == one

"""The pre-publication check on DOCX and PDF files built here: every planted real detail is
found with where it is; ordinary words give nothing; the redacted copy is checked again clean
and its text no longer holds the removed strings (issue 12, point 2)."""

import io

import pytest
from django.core.management import call_command

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Stage
from publications.checks import scanner
from publications.checks import services as checks
from publications.checks.models import Finding
from publications.reports import services as reports
from publications.reports.models import ReportVersion
from tests.publications.reports.helpers import (
    ORDINARY,
    PLANTED,
    add_people,
    docx_bytes,
    docx_upload,
    pdf_bytes,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(cast, media_root):
    review = cast.walk_to(Stage.PANEL)
    add_people(review, by=cast.manager)
    return review


def found(hits):
    return {(hit.text, hit.kind) for hit in hits}


@pytest.mark.parametrize("build", [docx_bytes, pdf_bytes], ids=["docx", "pdf"])
@pytest.mark.parametrize("planted", PLANTED, ids=[text for text, _ in PLANTED])
def test_every_planted_item_is_found(review, build, planted):
    extension = "docx" if build is docx_bytes else "pdf"
    hits = checks.check_file(review, build(), extension)
    assert planted in found(hits)


@pytest.mark.parametrize("build", [docx_bytes, pdf_bytes], ids=["docx", "pdf"])
def test_nothing_else_is_found_and_each_finding_says_where(review, build):
    extension = "docx" if build is docx_bytes else "pdf"
    hits = checks.check_file(review, build(), extension)
    assert found(hits) == set(PLANTED)
    for hit in hits:
        assert hit.location.startswith(("paragraph", "page", "table"))
        assert hit.text in hit.context
    if extension == "pdf":
        assert {hit.location for hit in hits} == {"page 1", "page 2"}


@pytest.mark.parametrize("build", [docx_bytes, pdf_bytes], ids=["docx", "pdf"])
def test_ordinary_words_give_no_finding(review, build):
    extension = "docx" if build is docx_bytes else "pdf"
    assert checks.check_file(review, build([ORDINARY, ORDINARY]), extension) == []


def test_the_review_own_reference_is_not_a_finding(review):
    text = f"This is review {review.reference}."
    assert checks.check_file(review, docx_bytes([text, "x"]), "docx") == []


@pytest.mark.parametrize(
    ("build", "upload"), [(docx_bytes, docx_upload), (pdf_bytes, pdf_upload)], ids=["docx", "pdf"]
)
def test_redacted_copy_is_checked_clean_and_the_text_is_gone(review, cast, build, upload):
    version = reports.upload_version(
        review, by=cast.manager, document=ReportVersion.Document.OVERVIEW, upload=upload(build())
    )
    check = checks.run_check(version, by=cast.manager)
    assert check.findings.count() == len(PLANTED)
    assert not checks.is_clean(check)
    with pytest.raises(TransitionRefused, match="Resolve every finding"):
        checks.make_redacted_copy(check, by=cast.manager)
    kept = check.findings.get(kind="review_reference")
    with pytest.raises(TransitionRefused, match="Say why"):
        checks.resolve(kept, by=cast.manager, resolution=Finding.Resolution.KEEP)
    checks.resolve(
        kept, by=cast.manager, resolution="keep", reason="A published review, cited on purpose."
    )
    for finding in check.findings.exclude(pk=kept.pk):
        checks.resolve(finding, by=cast.manager, resolution=Finding.Resolution.REDACT)

    copy = checks.make_redacted_copy(check, by=cast.manager)

    assert (copy.redacted_from, copy.number, copy.document) == (version, 2, version.document)
    recheck = checks.latest_check(copy)
    assert checks.is_clean(recheck)
    # The kept reference is carried over with its reason; nothing else is found.
    assert list(recheck.findings.values_list("text", "resolution", "reason")) == [
        ("DHR-KNT-2023-004", "keep", "A published review, cited on purpose.")
    ]
    with copy.file.open("rb") as handle:
        data = handle.read()
    text = " ".join(block.text for block in scanner.extract(data, version.extension))
    for planted, kind in PLANTED:
        if kind != "review_reference":
            assert planted not in text
    for removed in ("Whitcombe", "Pennington", "1979", "900461"):
        assert removed not in text
    assert scanner.REDACTED in text
    assert "lived with her partner for eleven years" in text  # the rest is kept
    if version.extension == "docx":
        import docx

        body = docx.Document(io.BytesIO(data)).element.xml
        assert "Whitcombe" not in body  # not under a box: gone from the file
        assert "900461" not in body
    else:
        assert b"Whitcombe" not in data


def test_only_the_manager_runs_and_resolves(review, cast):
    version = reports.upload_version(
        review,
        by=cast.chair,
        document=ReportVersion.Document.OVERVIEW,
        upload=docx_upload(docx_bytes()),
    )
    with pytest.raises(TransitionRefused):
        checks.run_check(version, by=cast.chair)
    check = checks.run_check(version, by=cast.manager)
    with pytest.raises(TransitionRefused):
        checks.resolve(check.findings.first(), by=cast.chair, resolution="redact")


def test_the_command_prints_each_finding_then_the_count(review, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(docx_bytes())
    out = io.StringIO()
    call_command("check_publication", review.reference, str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == f"{len(PLANTED)} findings"
    assert "name\tMrs Joanna Mary Whitcombe\tparagraph 2" in lines
    assert "postcode\tME10 4QT\tparagraph 8" in lines


def test_the_command_on_a_clean_pdf(review, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes([ORDINARY, ORDINARY]))
    out = io.StringIO()
    call_command("check_publication", review.reference, str(path), stdout=out)
    assert out.getvalue().splitlines() == ["0 findings"]

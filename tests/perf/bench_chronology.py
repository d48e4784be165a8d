"""Benchmark of the chronology work (not a test: it prints timings, it asserts nothing slow).

    DHR_TEST_DB_NAME=test_dhr_bench .venv/bin/python tests/perf/bench_chronology.py [--skip-big-pdf]

1. A 10,000-row XLSX chronology: reading and checking it (the preview), then importing it
   (read again, checked, 10,000 entries written with bulk_create).
2. The combined chronology of 20 agencies x 2,000 submitted entries (40,000): the page (first
   and last of its pages, with the monthly summary), the Excel export, a PDF of one agency's
   2,000 entries, and the PDF of all 40,000 as the background task makes it (minutes: skip it
   with --skip-big-pdf).

It builds its own test database (dropped at the end) and its own media folder, with the same
settings as the test suite, so it never touches the development data.
"""

import os
import sys
import tempfile
import time
from datetime import date
from datetime import time as dt_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dhr.settings_test")
os.environ.setdefault("DHR_TEST_DB_NAME", "test_dhr_bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

AGENCIES = 20
ENTRIES_PER_AGENCY = 2000
IMPORT_ROWS = 10_000


class Timer:
    def __init__(self, label):
        self.label = label

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        print(f"  {self.label:<62} {self.seconds:8.2f} s", flush=True)


def _rows(count: int, prefix: str) -> list:
    from tests.panels.conftest import HEADINGS

    rows = [[f"{prefix} chronology for the review"], [], HEADINGS]
    first = date(2021, 1, 1).toordinal()
    for index in range(count):
        day = date.fromordinal(first + (index * 7) % 1800)
        rows.append(
            [
                day.strftime("%d/%m/%Y"),
                f"{8 + index % 12:02d}:{(index * 5) % 60:02d}",
                f"{prefix}-{index}",
                f"Contact {index}: the victim attended and disclosed concerns about her partner.",
                "Advice given; referral considered",
                "Comment for the panel" if index % 3 == 0 else "",
                "Practitioner",
            ]
        )
    return rows


def _people():
    from cases.models import Stage
    from dhr.accounts.roles import Role
    from tests.cases.factories import walk_to
    from tests.dhr.factories import AgencyFactory, PartnershipFactory, UserFactory

    partnership = PartnershipFactory(name="Swale", code="SWA")
    manager = UserFactory(role=Role.REVIEW_MANAGER, partnerships=[partnership])
    chair = UserFactory(role=Role.CHAIR)
    agencies = [AgencyFactory(name=f"Benchmark agency {n:02d}") for n in range(AGENCIES)]
    members = [UserFactory(role=Role.AGENCY_MEMBER, agency=agency) for agency in agencies]
    review = walk_to(
        Stage.PANEL, manager=manager, chair_user=chair, agency=agencies[0], pseudonym="Bench"
    )
    return review, manager, chair, agencies, members


def bench_import(review, manager, agency, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from panels.contributions import services as contributions
    from tests.panels.conftest import XLSX_TYPE, xlsx_bytes

    print(f"1. Importing a {IMPORT_ROWS:,}-row XLSX chronology")
    content = xlsx_bytes(_rows(IMPORT_ROWS, "IMPORT"))
    print(f"  (file: {len(content) / 1024:,.0f} KB)")
    request = contributions.make_request(
        review, by=manager, agency=agency, kind="chronology", due_on=date(2030, 1, 1)
    )
    upload = SimpleUploadedFile("big.xlsx", content, content_type=XLSX_TYPE)
    with Timer("upload: checked and stored"):
        staged = contributions.stage_chronology(request, by=member, upload=upload)
    with Timer("preview: read and check every row"):
        result = contributions.preview(staged)
    print(
        f"  rows accepted {len(result.entries):,}, errors {len(result.errors)}, "
        f"warnings {len(result.warnings)}"
    )
    with Timer("confirm: read, check and write 10,000 entries"):
        version = contributions.confirm_chronology(staged, by=member)
    assert version.entry_count == IMPORT_ROWS  # a draft: the data set below submits another


def build_combined(review, manager, agencies, members):
    from panels.chronology.importer import ParsedEntry
    from panels.contributions import services as contributions

    print(f"2. Combined chronology: {AGENCIES} agencies x {ENTRIES_PER_AGENCY:,} entries")
    start = time.perf_counter()
    first = date(2021, 1, 1).toordinal()
    for number, (agency, member) in enumerate(zip(agencies, members, strict=True)):
        request = review.contribution_requests.filter(agency=agency, kind="chronology").first()
        if request is None:
            request = contributions.make_request(
                review, by=manager, agency=agency, kind="chronology", due_on=date(2030, 1, 1)
            )
        # The entries as the importer gives them (the import itself is timed above).
        entries = [
            ParsedEntry(
                row=index + 2,
                date=date.fromordinal(first + (index * 13 + number * 5) % 1800),
                time=None if index % 4 == 0 else dt_time(9 + index % 10, 0),
                record_reference=f"A{number}-{index}",
                event=f"Agency {number} contact {index}: home visit, concerns discussed.",
                action="Safety plan reviewed",
                comment="",
                staff_role="Practitioner",
            )
            for index in range(ENTRIES_PER_AGENCY)
        ]
        version = contributions.ContributionVersion.objects.create(
            request=request,
            number=request.versions.count() + 1,
            uploaded_by=member,
            uploaded_at=review.created_at,
            entry_count=len(entries),
            file="contributions/bench.csv",
            original_name="bench.csv",
            content_type="text/csv",
            size=1,
            sha256="0" * 64,
        )
        contributions._insert_entries(version, entries)
        contributions.submit_to_panel(request, by=member)
    print(f"  (data set built in {time.perf_counter() - start:.1f} s)")


def bench_pages(review, chair, big_pdf: bool):
    from django.test import Client
    from django.urls import reverse

    from panels.chronology import combined, export

    client = Client()
    client.force_login(chair)
    page_url = reverse("panels:combined_chronology", args=[review.reference])
    total = combined.submitted_entries(review).count()
    print(f"  submitted entries combined: {total:,}")
    for label, query in (("page 1", {}), ("page 400 (the last)", {"page": 400})):
        with Timer(f"page view, {label}, with the monthly summary"):
            response = client.get(page_url, query)
        assert response.status_code == 200, response.status_code
    print(f"  (page size: {len(response.content) / 1024:,.0f} KB)")
    with Timer(f"Excel export of {total:,} entries"):
        response = client.get(reverse("panels:chronology_xlsx", args=[review.reference]))
    print(f"  (workbook: {len(response.content) / 1024 / 1024:,.1f} MB)")
    one_agency = combined.Filters(agency_id=combined.agencies_with_entries(review)[0][0])
    with Timer(f"PDF of one agency's {ENTRIES_PER_AGENCY:,} entries"):
        pdf = export.pdf_bytes(
            review,
            combined.export_rows(review, one_agency),
            annotations={},
            filters_text="one agency",
        )
    print(f"  (PDF: {len(pdf) / 1024 / 1024:,.1f} MB)")
    if big_pdf:
        with Timer(f"PDF of all {total:,} entries (the background task's work)"):
            pdf = export.pdf_bytes(
                review,
                combined.export_rows(review, combined.Filters()),
                annotations=combined.review_annotations(review),
                filters_text="all agencies, all dates",
            )
        print(f"  (PDF: {len(pdf) / 1024 / 1024:,.1f} MB)")


def main():
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    big_pdf = "--skip-big-pdf" not in sys.argv
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dhr-bench-media-"))
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        review, manager, chair, agencies, members = _people()
        bench_import(review, manager, agencies[0], members[0])
        build_combined(review, manager, agencies, members)
        bench_pages(review, chair, big_pdf)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

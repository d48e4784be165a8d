"""Benchmark of a decompression bomb uploaded as a chronology (not a test: it prints the time
and the peak memory of refusing it; issue 15 asks for under 10 s and under 300 MB).

    DHR_TEST_DB_NAME=test_dhr_bench_bomb .venv/bin/python tests/perf/bench_bomb.py

Two bombs, each uploaded through the real upload page by an agency member (the form's
content check, then the staging that reads the file once):

1. 300,000 rows of a date and a letter, a few hundred KB, expanding about 66 times: under
   every archive limit, refused by the row count before any cell is parsed;
2. 300,000 identical rows, expanding over 300 times: refused by the archive check.

Each is timed alone, then uploaded again under ``tracemalloc`` for the peak of Python's
allocations; the process's peak resident size (the whole Django process) is printed too.
It builds its own test database (dropped at the end) and its own media folder.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dhr.settings_test")
os.environ.setdefault("DHR_TEST_DB_NAME", "test_dhr_bench_bomb")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

LIMIT_SECONDS = 10
LIMIT_MB = 300


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _setup():
    from cases.models import Stage
    from dhr.accounts.roles import Role
    from panels.contributions import services as contributions
    from tests.cases.factories import walk_to
    from tests.dhr.factories import AgencyFactory, PartnershipFactory, UserFactory

    partnership = PartnershipFactory(name="Swale", code="SWA")
    manager = UserFactory(role=Role.REVIEW_MANAGER, partnerships=[partnership])
    agency = AgencyFactory(name="Bomb agency")
    member = UserFactory(role=Role.AGENCY_MEMBER, agency=agency)
    review = walk_to(Stage.PANEL, manager=manager, agency=agency, pseudonym="Bomb")
    request = contributions.make_request(
        review, by=manager, agency=agency, kind="chronology", due_on=date(2030, 1, 1)
    )
    return review, request, member


def _upload(client, address, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.panels.conftest import XLSX_TYPE

    upload = SimpleUploadedFile("chronology.xlsx", content, content_type=XLSX_TYPE)
    return client.post(address, {"file": upload})


def bench(label, content, client, address):
    import html
    import re

    from panels.models import StagedChronology

    print(f"{label}: {len(content) / 1024:,.0f} KB")
    rss_before = _rss_mb()
    start = time.perf_counter()
    response = _upload(client, address, content)
    seconds = time.perf_counter() - start
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    refused = re.search(r"There is a problem (.*?) Upload a chronology", page)
    tracemalloc.start()
    _upload(client, address, content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    staged = StagedChronology.objects.count()
    print(f"  refused: {refused.group(1) if refused else '(no error shown!)'}")
    print(f"  staged files: {staged} (expected 0)")
    print(f"  time to refuse: {seconds:6.2f} s   (goal < {LIMIT_SECONDS} s)")
    print(f"  peak Python allocations while refusing: {peak / 1024 / 1024:6.1f} MB")
    print(
        f"  process peak resident size: {_rss_mb():6.1f} MB "
        f"(was {rss_before:.1f} MB before; goal < {LIMIT_MB} MB)"
    )
    ok = refused and staged == 0 and seconds < LIMIT_SECONDS and _rss_mb() < LIMIT_MB
    print(f"  {'within the goal' if ok else 'OUTSIDE THE GOAL'}")
    return ok


def main():
    from django.test import Client
    from django.urls import reverse

    from tests.panels.chronology import bombs

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dhr-bench-media-"))
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        review, request, member = _setup()
        client = Client()
        client.force_login(member)
        address = reverse("panels:contribution_upload", args=[review.reference, request.pk])
        row_bomb, ratio_bomb = bombs.row_bomb(), bombs.ratio_bomb()
        print(f"Process resident size after start-up and building the bombs: {_rss_mb():.1f} MB")
        results = [
            bench("1. 300,000-row bomb under the archive limits", row_bomb, client, address),
            bench("2. 300,000-row bomb that expands too far", ratio_bomb, client, address),
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()

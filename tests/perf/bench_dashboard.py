"""Benchmark of the dashboard on a national-size data set (not a test: it prints timings).

    DHR_TEST_DB_NAME=test_dhr_bench_dashboard .venv/bin/python tests/perf/bench_dashboard.py

300 partnerships, 1,500 reviews (about ten years of England and Wales) spread over every stage,
each with its stage changes, a victim, a deadline or two, holds and QA rounds for some; then
the dashboard as a steering-group member of every partnership sees it (all years, and one
year), one CSV table and the annual workbook of one partnership. The rows are written with
bulk_create (a benchmark of reading, not of the domain functions), in their own test database,
dropped at the end.
"""

import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dhr.settings_test")
os.environ.setdefault("DHR_TEST_DB_NAME", "test_dhr_bench_dashboard")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PARTNERSHIPS = 300
REVIEWS = 1500


class Timer:
    def __init__(self, label):
        self.label = label

    def __enter__(self):
        self.start = time.perf_counter()
        self.queries = CaptureQueriesContext(connection)
        self.queries.__enter__()
        return self

    def __exit__(self, *exc):
        self.queries.__exit__(*exc)
        seconds = time.perf_counter() - self.start
        print(f"  {self.label:<56} {seconds:8.2f} s {len(self.queries):5d} queries", flush=True)


def build():
    from django.utils import timezone

    from cases.models import Deadline, Hold, QARound, Review, Stage, StageChange, Subject
    from dhr.accounts.roles import Role
    from dhr.models import Agency, Partnership
    from tests.dhr.factories import UserFactory

    partnerships = Partnership.objects.bulk_create(
        Partnership(name=f"Area {n:03d}", code=f"A{n:03d}") for n in range(PARTNERSHIPS)
    )
    agencies = [Agency.objects.create(name=f"Agency {n}", kind="police") for n in range(40)]
    steering = UserFactory(role=Role.STEERING_GROUP, partnerships=partnerships)
    manager = UserFactory(role=Role.REVIEW_MANAGER, partnerships=partnerships[:1])
    stages = list(Stage)
    reviews = []
    for n in range(REVIEWS):
        notified = date(2016, 1, 4) + timedelta(days=(n * 2) % 3600)
        stage = stages[n % len(stages)]
        reviews.append(
            Review(
                reference=f"DHR-B-{n:05d}",
                partnership=partnerships[n % PARTNERSHIPS],
                pseudonym=f"Bench {n:05d}",
                stage=stage,
                date_of_death=notified - timedelta(days=5),
                notified_on=notified,
                decision="commission" if stages.index(stage) > 2 else "",
                decision_on=notified + timedelta(days=25) if stages.index(stage) > 2 else None,
                decision_due_on=notified + timedelta(days=30),
                completion_due_on=notified + timedelta(days=210),
                relationship_category="intimate_partner" if n % 3 else "adult_family",
                is_on_hold=n % 11 == 0 and stage != Stage.CLOSED,
            )
        )
    reviews = Review.objects.bulk_create(reviews)
    changes, holds, subjects, rounds, deadlines = [], [], [], [], []
    for n, review in enumerate(reviews):
        start = timezone.make_aware(datetime.combine(review.notified_on, datetime.min.time()))
        previous = ""
        for step, stage in enumerate(stages[: stages.index(Stage(review.stage)) + 1]):
            changes.append(
                StageChange(
                    review=review,
                    action="bench",
                    from_stage=previous,
                    to_stage=stage,
                    by=manager,
                    at=start + timedelta(days=30 * step),
                )
            )
            previous = stage
        if review.is_on_hold or n % 7 == 0:
            holds.append(
                Hold(
                    review=review,
                    reason="criminal",
                    started_at=start + timedelta(days=40),
                    ended_at=None if review.is_on_hold else start + timedelta(days=120),
                    started_by=manager,
                )
            )
        subjects.append(
            Subject(
                review=review,
                role="victim",
                pseudonym=review.pseudonym,
                age_band="35-44",
                sex="female",
            )
        )
        if stages.index(Stage(review.stage)) >= stages.index(Stage.QA_SUBMITTED):
            rounds.append(QARound(review=review, number=1, submitted_on=review.notified_on))
        deadlines.append(
            Deadline(
                review=review,
                partnership=review.partnership,
                kind="information_request",
                title="Answer",
                owner_agency=agencies[n % 40],
                due_on=review.notified_on,
                rule="bench",
                source=f"bench:{n}",
                opened_on=review.notified_on,
            )
        )
    StageChange.objects.bulk_create(changes)
    Hold.objects.bulk_create(holds)
    Subject.objects.bulk_create(subjects)
    QARound.objects.bulk_create(rounds)
    Deadline.objects.bulk_create(deadlines)
    print(f"  {len(reviews)} reviews, {len(changes)} stage changes, {len(holds)} holds")
    return steering, partnerships[0]


def bench(steering, partnership):
    from django.test import Client

    client = Client()
    client.force_login(steering)
    with Timer("dashboard, every partnership, every year"):
        assert client.get("/dashboard/").status_code == 200
    with Timer("dashboard, every partnership, 2020"):
        assert client.get("/dashboard/?year=2020").status_code == 200
    with Timer("CSV of time in stage"):
        assert client.get("/dashboard/tables/stage-time.csv").status_code == 200
    with Timer("annual report of one partnership, XLSX"):
        query = f"partnership={partnership.pk}&year=2020&format=xlsx"
        assert client.get(f"/dashboard/annual-report/?{query}").status_code == 200


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench(*build())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

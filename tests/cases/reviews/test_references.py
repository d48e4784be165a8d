"""Review references (cases.reviews.references): DHR-SWA-2026-001, one counter per partnership and
year,
never the same number twice, even for two notifications recorded at the same moment."""

import re
import threading
import time
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from cases.lifecycle import workflow
from cases.models import ReferenceCounter, Review, Stage
from cases.reviews.references import next_reference
from dhr.accounts.roles import Role
from tests.cases.factories import walk_to
from tests.dhr.factories import PartnershipFactory, UserFactory

# Upper bound for anything the concurrency tests wait for; they normally take milliseconds.
TIMEOUT = 10


def notify(manager, notified_on=date(2026, 3, 2), **overrides) -> Review:
    return walk_to(Stage.NOTIFIED, manager=manager, notified_on=notified_on, **overrides)


def test_the_reference_names_type_partnership_year_and_number(review_manager):
    review = notify(review_manager)
    assert review.reference == "DHR-SWA-2026-001"
    assert re.fullmatch(r"DHR-[A-Z0-9]+-\d{4}-\d{3,}", review.reference)


def test_numbers_follow_each_other_within_a_partnership_and_year(review_manager):
    references = [notify(review_manager).reference for _ in range(3)]
    assert references == ["DHR-SWA-2026-001", "DHR-SWA-2026-002", "DHR-SWA-2026-003"]


def test_each_partnership_counts_on_its_own(review_manager):
    medway = PartnershipFactory(name="Medway", code="med")
    medway_manager = UserFactory(role=Role.REVIEW_MANAGER, partnerships=[medway])
    assert notify(review_manager).reference == "DHR-SWA-2026-001"
    assert notify(medway_manager).reference == "DHR-MED-2026-001"  # the code in capitals
    assert notify(review_manager).reference == "DHR-SWA-2026-002"
    assert notify(medway_manager).reference == "DHR-MED-2026-002"


def test_each_year_counts_on_its_own_by_the_date_of_notification(review_manager):
    assert notify(review_manager, date(2026, 12, 31)).reference == "DHR-SWA-2026-001"
    assert notify(review_manager, date(2027, 1, 1)).reference == "DHR-SWA-2027-001"
    # A late-recorded notification of last year takes last year's next number.
    assert notify(review_manager, date(2026, 11, 2)).reference == "DHR-SWA-2026-002"
    assert notify(review_manager, date(2025, 6, 1)).reference == "DHR-SWA-2025-001"
    assert notify(review_manager, date(2027, 2, 1)).reference == "DHR-SWA-2027-002"


def test_the_review_type_prefixes_the_reference_and_shares_the_counter(review_manager):
    assert notify(review_manager).reference == "DHR-SWA-2026-001"
    dardr = notify(review_manager, review_type=Review.ReviewType.DARDR)
    assert dardr.reference == "DARDR-SWA-2026-002"


def test_numbers_widen_past_999(partnership):
    ReferenceCounter.objects.create(partnership=partnership, year=2026, last_number=999)
    assert next_reference(partnership, 2026, "dhr") == "DHR-SWA-2026-1000"


def test_a_refused_notification_uses_no_number(review_manager):
    with pytest.raises(workflow.TransitionRefused):
        notify(review_manager, date_of_death=date(2026, 3, 5))  # after the notification
    assert notify(review_manager).reference == "DHR-SWA-2026-001"


def test_a_notification_that_fails_gives_its_number_back(review_manager):
    notify(review_manager, pseudonym="Diana")
    with pytest.raises(IntegrityError):
        notify(review_manager, pseudonym="Diana")  # pseudonyms are unique
    # The failed notification's transaction took the counter's increment with it.
    assert notify(review_manager).reference == "DHR-SWA-2026-002"


# --- Two notifications at once -----------------------------------------------------------------


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _waits_on_a_lock(pid: int) -> bool:
    """True when the server session ``pid`` is blocked waiting for a lock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def _wait_until(condition, timeout=TIMEOUT, step=0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


class _Notifier(threading.Thread):
    """Records one notification on its own database connection (Django gives each thread its
    own) inside a transaction, and keeps that transaction open until ``release`` is set."""

    def __init__(self, manager, pseudonym, release: threading.Event):
        super().__init__(daemon=True)
        self.manager = manager
        self.pseudonym = pseudonym
        self.release = release
        self.pid = None
        self.connected = threading.Event()
        self.allocated = threading.Event()
        self.reference = None
        self.allocated_at = None
        self.error = None

    def run(self):
        try:
            self.pid = _backend_pid()
            self.connected.set()
            with transaction.atomic():
                review = workflow.record_notification(
                    by=self.manager,
                    partnership=self.manager.partnerships.get(),
                    pseudonym=self.pseudonym,
                    date_of_death=date(2026, 2, 27),
                    notified_on=date(2026, 3, 2),
                    notifying_agency=None,
                    circumstances="",
                    criterion=Review.Criterion.RELATIVE_OR_PARTNER,
                )
                self.reference = review.reference
                self.allocated_at = time.monotonic()
                self.allocated.set()
                if not self.release.wait(TIMEOUT):
                    raise TimeoutError("never released")
        except Exception as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            self.connected.set()
            self.allocated.set()
            connection.close()


@pytest.mark.parametrize("first_of_the_year", [True, False], ids=["new-counter", "existing"])
@pytest.mark.django_db(transaction=True)
def test_concurrent_notifications_queue_for_the_counter_and_get_different_numbers(
    first_of_the_year, review_manager, partnership
):
    if not first_of_the_year:
        notify(review_manager, pseudonym="Earlier")  # committed: the counter row exists
    expected = ["001", "002"] if first_of_the_year else ["002", "003"]

    release_first, release_second = threading.Event(), threading.Event()
    release_second.set()  # the second commits as soon as it has its number
    first = _Notifier(review_manager, "Anna", release_first)
    second = _Notifier(review_manager, "Beth", release_second)
    try:
        first.start()
        assert first.allocated.wait(TIMEOUT)
        assert first.error is None, first.error
        assert first.reference.endswith(expected[0])

        # The first transaction is still open. The second asks for a number and must queue
        # behind the first one's lock on the counter row.
        second.start()
        assert second.connected.wait(TIMEOUT)
        assert _wait_until(lambda: _waits_on_a_lock(second.pid)), "the second never waited"
        assert not second.allocated.is_set()

        released_at = time.monotonic()
        release_first.set()
        first.join(TIMEOUT)
        second.join(TIMEOUT)
        assert not first.is_alive()
        assert not second.is_alive()
    finally:
        release_first.set()  # never leave a thread (and its transaction) hanging
    assert first.error is None, first.error
    assert second.error is None, second.error

    assert second.reference.endswith(expected[1])
    assert second.allocated_at > released_at  # it got its number only after the first commit
    recorded = set(Review.objects.values_list("reference", flat=True))
    assert recorded == {f"DHR-SWA-2026-{number}" for number in ["001", *expected]}
    counter = ReferenceCounter.objects.get(partnership=partnership, year=2026)
    assert counter.last_number == int(expected[1])


@pytest.mark.django_db(transaction=True)
def test_a_number_given_up_by_a_rollback_goes_to_the_one_waiting(review_manager, partnership):
    """If the first transaction rolls back, the waiting one takes the number it gave up."""

    class _RolledBack(_Notifier):
        def run(self):
            try:
                self.pid = _backend_pid()
                with transaction.atomic():
                    self.reference = next_reference(partnership, 2026, "dhr")
                    self.allocated.set()
                    self.release.wait(TIMEOUT)
                    transaction.set_rollback(True)
            except Exception as error:
                self.error = error
            finally:
                self.allocated.set()
                connection.close()

    release = threading.Event()
    first = _RolledBack(review_manager, "", release)
    second = _Notifier(review_manager, "Beth", threading.Event())
    second.release.set()
    try:
        first.start()
        assert first.allocated.wait(TIMEOUT)
        second.start()
        assert second.connected.wait(TIMEOUT)
        assert _wait_until(lambda: _waits_on_a_lock(second.pid))
        release.set()
        first.join(TIMEOUT)
        second.join(TIMEOUT)
    finally:
        release.set()
    assert first.error is None, first.error
    assert second.error is None, second.error
    assert first.reference == second.reference == "DHR-SWA-2026-001"
    assert list(Review.objects.values_list("reference", flat=True)) == ["DHR-SWA-2026-001"]

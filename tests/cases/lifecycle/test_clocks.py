"""The statutory clocks (cases.lifecycle.clocks): month arithmetic, hold lengths in London days, and
the
decision and completion clocks of a review as the days go by (a frozen clock, time-machine)."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.lifecycle import workflow
from cases.lifecycle.clocks import Clock, add_months, held_days, review_clocks
from cases.models import Hold, Review, Stage
from tests.cases.factories import ready_for, walk_to

LONDON = ZoneInfo("Europe/London")


def london(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def utc(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- add_months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # past the month's end: its last day
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # from a leap day to a common year
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # to the next leap day
        (date(2025, 8, 30), 6, date(2026, 2, 28)),
        (date(2023, 8, 30), 6, date(2024, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),  # 30-day month
        (date(2026, 1, 15), 1, date(2026, 2, 15)),  # an ordinary day stays the same day
        (date(2026, 11, 30), 2, date(2027, 1, 30)),  # across the year's end
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


# --- held_days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started_at", "ended_at", "expected"),
    [
        # Clocks go forward on Sunday 29 March 2026 at 01:00 UTC. 24 hours from 23:30 GMT on
        # the 28th end at 00:30 BST on the 30th: two London dates later.
        (utc(2026, 3, 28, 23, 30), utc(2026, 3, 29, 23, 30), 2),
        (utc(2026, 3, 28, 12), utc(2026, 3, 29, 12), 1),
        (utc(2026, 3, 28, 12), utc(2026, 3, 29, 22, 59), 1),  # 23:59 BST on the 29th
        (utc(2026, 3, 28, 12), utc(2026, 3, 29, 23), 2),  # midnight BST: the 30th
        # Clocks go back on Sunday 25 October 2026 at 01:00 UTC. 24 hours from 00:30 BST on
        # the 25th end at 23:30 GMT the same London day.
        (utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 23, 30), 0),
        (utc(2026, 10, 24, 22, 30), utc(2026, 10, 25, 23, 30), 1),  # 23:30 BST on the 24th
        (utc(2026, 10, 24, 12), utc(2026, 11, 3, 12), 10),
        # Same London day, however long.
        (london(2026, 6, 1, 0, 1), london(2026, 6, 1, 23, 59), 0),
        # A whole year across both changes.
        (london(2026, 1, 10), london(2027, 1, 10), 365),
    ],
)
def test_held_days_counts_london_calendar_days(started_at, ended_at, expected):
    assert held_days(started_at, ended_at) == expected


def test_held_days_does_not_depend_on_the_time_zone_of_its_arguments():
    # The same two instants as the March example, written in other zones.
    started_at = utc(2026, 3, 28, 23, 30).astimezone(timezone(timedelta(hours=5)))
    ended_at = utc(2026, 3, 29, 23, 30).astimezone(ZoneInfo("America/New_York"))
    assert held_days(started_at, ended_at) == 2


# --- Clock -------------------------------------------------------------------------------------


def clock(today, *, due_on=date(2026, 5, 10), met_on=None, paused=False) -> Clock:
    return Clock("Decision", due_on, met_on, paused, today)


@pytest.mark.parametrize(
    ("today", "days_left", "summary", "overdue"),
    [
        (date(2026, 5, 8), 2, "2 days left", False),
        (date(2026, 5, 9), 1, "1 day left", False),
        (date(2026, 5, 10), 0, "Due today", False),
        (date(2026, 5, 11), -1, "1 day overdue", True),
        (date(2026, 5, 13), -3, "3 days overdue", True),
    ],
)
def test_a_running_clock_counts_down_to_its_due_date(today, days_left, summary, overdue):
    running = clock(today)
    assert running.started
    assert running.days_left == days_left
    assert running.summary == summary
    assert running.overdue is overdue
    assert not running.met_late


def test_a_clock_not_started_says_so():
    idle = clock(date(2026, 5, 1), due_on=None)
    assert (idle.started, idle.days_left, idle.overdue, idle.summary) == (
        False,
        None,
        False,
        "Not started",
    )


def test_a_paused_clock_is_never_overdue():
    paused = clock(date(2026, 6, 1), paused=True)
    assert paused.summary == "Paused while on hold"
    assert not paused.overdue


@pytest.mark.parametrize(
    ("met_on", "summary", "met_late"),
    [
        (date(2026, 5, 1), "Met on time", False),
        (date(2026, 5, 10), "Met on time", False),  # on the due date is on time
        (date(2026, 5, 11), "Met late", True),
    ],
)
def test_a_met_clock_says_whether_it_was_late(met_on, summary, met_late):
    met = clock(date(2026, 7, 1), met_on=met_on)
    assert (met.summary, met.met_late, met.days_left, met.overdue) == (
        summary,
        met_late,
        None,
        False,
    )


# --- A review's clocks, day by day -------------------------------------------------------------


def decision_clock(review) -> Clock:
    review.refresh_from_db()
    decision, _ = review_clocks(review)
    return decision


def decide(review, by, decision_on: date):
    workflow.record_decision(
        review,
        by=by,
        decision=Review.Decision.COMMISSION,
        decision_on=decision_on,
        rationale="Criteria met.",
        decided_by="CSP board",
        home_office_informed_on=decision_on,
    )


@pytest.fixture
def traveller():
    """Time stands still at 31 January 2024, 10:00 in London, until moved on."""
    with time_machine.travel(london(2024, 1, 31), tick=False) as traveller:
        yield traveller


@pytest.fixture
def notified_31_january(traveller, review_manager):
    """A review notified on 31 January 2024, waiting for the partnership's decision."""
    return walk_to(
        Stage.DECISION,
        manager=review_manager,
        notified_on=date(2024, 1, 31),
        date_of_death=date(2024, 1, 28),
    )


def test_the_decision_is_due_a_month_after_notification(notified_31_january):
    review = notified_31_january
    assert review.decision_due_on == date(2024, 2, 29)
    clock_now = decision_clock(review)
    assert (clock_now.days_left, clock_now.summary) == (29, "29 days left")


def test_a_hold_stops_the_decision_clock_and_resuming_moves_it_on(
    traveller, notified_31_january, review_manager
):
    review = notified_31_january

    traveller.move_to(london(2024, 2, 10))
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.CRIMINAL, details="Trial")
    hold = review.holds.get()
    assert hold.started_at == london(2024, 2, 10)
    at_start = decision_clock(review)
    assert at_start.paused
    assert at_start.summary == "Paused while on hold"

    traveller.move_to(london(2024, 3, 5))  # past the original due date, still on hold
    during = decision_clock(review)
    assert during.summary == "Paused while on hold"
    assert not during.overdue

    traveller.move_to(london(2024, 3, 15, 16, 30))
    workflow.resume(review, by=review_manager, note="Trial over.")
    review.refresh_from_db()
    # 34 London days on hold (10 February to 15 March): 29 February + 34 days.
    assert review.decision_due_on == date(2024, 4, 3)
    assert review.holds.get().ended_at == london(2024, 3, 15, 16, 30)
    after = decision_clock(review)
    assert not after.paused
    assert (after.days_left, after.summary) == (19, "19 days left")


def test_a_ten_day_hold_in_february_moves_the_decision_to_10_march(
    traveller, notified_31_january, review_manager
):
    review = notified_31_january
    traveller.move_to(london(2024, 2, 10))
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.INQUEST)
    traveller.move_to(london(2024, 2, 20))
    workflow.resume(review, by=review_manager)
    review.refresh_from_db()
    assert review.decision_due_on == date(2024, 3, 10)

    traveller.move_to(london(2024, 3, 9))
    assert decision_clock(review).summary == "1 day left"
    traveller.move_to(london(2024, 3, 10))
    assert decision_clock(review).summary == "Due today"
    traveller.move_to(london(2024, 3, 11))
    overdue = decision_clock(review)
    assert overdue.overdue
    assert overdue.summary == "1 day overdue"


def test_days_left_does_not_count_down_while_on_hold(
    traveller, notified_31_january, review_manager
):
    review = notified_31_january
    traveller.move_to(london(2024, 2, 10))
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.CRIMINAL)
    at_start = decision_clock(review)
    traveller.move_to(london(2024, 2, 15))
    five_days_later = decision_clock(review)
    assert five_days_later.days_left == at_start.days_left


@pytest.mark.parametrize(
    ("decided_on", "summary"),
    [
        (date(2024, 3, 8), "Met on time"),
        (date(2024, 3, 10), "Met on time"),
        (date(2024, 3, 12), "Met late"),
    ],
)
def test_the_decision_clock_is_met_by_the_decision(
    decided_on, summary, traveller, notified_31_january, review_manager
):
    review = notified_31_january
    traveller.move_to(london(2024, 2, 10))
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.FAMILY)
    traveller.move_to(london(2024, 2, 20))
    workflow.resume(review, by=review_manager)

    traveller.move_to(london(decided_on.year, decided_on.month, decided_on.day))
    decide(review, review_manager, decided_on)
    decision = decision_clock(review)
    assert decision.met_on == decided_on
    assert decision.summary == summary
    assert decision.days_left is None
    assert not decision.overdue

    traveller.move_to(london(2024, 12, 1))  # long after: still met, never overdue
    assert decision_clock(review).summary == summary


def test_the_completion_clock_runs_from_the_decision_and_is_met_by_the_first_qa_submission(
    traveller, review_manager
):
    review = ready_for(
        "submit_to_qa",
        manager=review_manager,
        notified_on=date(2024, 1, 31),
        date_of_death=date(2024, 1, 28),
        decision_on=date(2024, 2, 26),
    )
    # Six months from 26 February 2024.
    assert review.completion_due_on == date(2024, 8, 26)

    traveller.move_to(london(2024, 4, 1))
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.INQUEST)
    traveller.move_to(london(2024, 4, 21))
    workflow.resume(review, by=review_manager)
    review.refresh_from_db()
    assert review.completion_due_on == date(2024, 9, 15)  # 20 days later
    assert review.decision_due_on == date(2024, 2, 29)  # met: a hold no longer moves it

    traveller.move_to(london(2024, 9, 16))
    _, completion = review_clocks(review)
    assert completion.overdue
    workflow.submit_to_qa(review, by=review_manager, submitted_on=date(2024, 9, 16))
    review.refresh_from_db()
    _, completion = review_clocks(review)
    assert (completion.met_on, completion.summary) == (date(2024, 9, 16), "Met late")

    # A hold after the first submission moves neither clock.
    workflow.record_qa_outcome(
        review,
        by=review_manager,
        outcome="resubmit",
        panel_date=date(2024, 10, 1),
        changes_required="More on the GP's contacts.",
    )
    traveller.move_to(london(2024, 10, 2))
    workflow.put_on_hold(review, by=review_manager, reason=Hold.Reason.OTHER)
    traveller.move_to(london(2024, 10, 30))
    workflow.resume(review, by=review_manager)
    review.refresh_from_db()
    assert review.completion_due_on == date(2024, 9, 15)
    assert review.first_qa_submitted_on == date(2024, 9, 16)


def test_a_review_not_commissioned_has_no_completion_clock(traveller, review_manager):
    review = walk_to(
        Stage.CLOSED,
        manager=review_manager,
        notified_on=date(2024, 1, 31),
        date_of_death=date(2024, 1, 28),
        decision=Review.Decision.NOT_COMMISSION,
    )
    decision, completion = review_clocks(review)
    assert decision.summary == "Met on time"
    assert (completion.started, completion.summary) == (False, "Not started")


def test_review_clocks_read_the_hold_from_the_review_row(traveller, notified_31_january):
    review = notified_31_january
    review.is_on_hold = True  # as a list's row says it, without querying the holds
    decision, completion = review_clocks(review, date(2024, 2, 1))
    assert (decision.name, completion.name) == ("Decision", "Completion")
    assert decision.paused
    assert completion.paused
    assert decision.today == date(2024, 2, 1)

"""The statutory clocks: decision due after notification, completion due after commissioning.

Due dates are stored on the review and moved only by the domain functions: set when the clock
starts, extended by the length of each hold when the review resumes. Days are counted in
calendar days in Europe/London, so a hold's length does not depend on BST or GMT.
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months; a day past the month's end becomes its last day.

    31 January + 1 month is 28 February (29 in a leap year).
    """
    return start + relativedelta(months=months)


def held_days(started_at, ended_at) -> int:
    """Calendar days a hold lasted, from the London date it began to the London date it ended."""
    return (timezone.localdate(ended_at) - timezone.localdate(started_at)).days


@dataclass(frozen=True)
class Clock:
    """One statutory clock of one review, as a page shows it."""

    name: str
    due_on: date | None
    met_on: date | None
    paused: bool
    today: date
    paused_since: date | None = None  # while paused, the clock reads as on this day

    @property
    def started(self) -> bool:
        return self.due_on is not None

    @property
    def days_left(self) -> int | None:
        """Days until due (negative when overdue); None when not started or already met."""
        if not self.started or self.met_on:
            return None
        as_of = self.paused_since if self.paused and self.paused_since else self.today
        return (self.due_on - as_of).days

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and not self.paused

    @property
    def met_late(self) -> bool:
        return bool(self.met_on and self.due_on and self.met_on > self.due_on)

    @property
    def summary(self) -> str:
        if not self.started:
            return "Not started"
        if self.met_on:
            return f"Met {'late' if self.met_late else 'on time'}"
        if self.paused:
            return "Paused while on hold"
        days = self.days_left
        if days < 0:
            return f"{-days} day{'s' if days != -1 else ''} overdue"
        if days == 0:
            return "Due today"
        return f"{days} day{'s' if days != 1 else ''} left"


def review_clocks(review, today: date | None = None) -> list[Clock]:
    """The review's two statutory clocks, read from the review row alone (no queries)."""
    today = today or timezone.localdate()
    paused = review.is_on_hold
    since = review.on_hold_since if paused else None
    return [
        Clock("Decision", review.decision_due_on, review.decision_on, paused, today, since),
        Clock(
            "Completion",
            review.completion_due_on,
            review.first_qa_submitted_on,
            paused,
            today,
            since,
        ),
    ]

"""The timescale rules: how long each kind of deadline runs, and when reminders go out.

One source of truth (domain.md "Timescales"): ``TimescaleRule`` rows. The row with no
partnership is the default; a partnership's own row overrides it. Administrators edit them on
the timescales page; the domain functions read them through ``rule_for`` when they open a
deadline. Changing a rule changes deadlines opened afterwards, never the ones already running.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cases.lifecycle.clocks import add_months
from cases.models import DeadlineKind, TimescaleRule
from dhr.accounts.roles import Role, has_role

K = DeadlineKind
DAYS, MONTHS = TimescaleRule.Unit.DAYS, TimescaleRule.Unit.MONTHS

# What each period is counted from (fixed by the process; only the length is data).
COUNTED_FROM = {
    K.DECISION: "after the notification",
    K.HOME_OFFICE: "after the decision",
    K.COMPLETION: "after the decision to commission",
    K.QA_RESUBMISSION: "after the QA panel asked for resubmission",
    K.COMMISSIONER_RESPONSE: "after the Commissioner's report is published",
}

# The defaults of domain.md; the migration that creates the default rows uses the same values.
# Home Office told: "within the same month (check)" -- a month after the decision, editable.
# QA resubmission: no statutory period; three months is a local default, editable.
DEFAULT_PERIODS = {
    K.DECISION: (1, MONTHS),
    K.HOME_OFFICE: (1, MONTHS),
    K.COMPLETION: (6, MONTHS),
    K.QA_RESUBMISSION: (3, MONTHS),
    K.COMMISSIONER_RESPONSE: (56, DAYS),
}
DEFAULT_REMINDER_DAYS = (14, 7, 1)
# Kinds whose due date is set each time (by the manager, the chair or the action plan).
SET_EACH_TIME = frozenset(set(K) - set(DEFAULT_PERIODS))


@dataclass(frozen=True)
class Timescale:
    """The rule in force for one kind of deadline in one partnership."""

    kind: str
    period: int | None
    unit: str
    reminder_days: tuple[int, ...]
    partnership_name: str = ""  # "" when it is the default rule

    def due_after(self, start: date) -> date:
        """The due date of a deadline that starts on ``start``."""
        if self.period is None:
            raise ValueError(f"The due date of {self.kind} is set each time, not by a rule.")
        if self.unit == MONTHS:
            return add_months(start, self.period)
        return start + timedelta(days=self.period)

    @property
    def period_text(self) -> str:
        if self.period is None:
            return "set each time"
        unit = self.unit if self.period != 1 else self.unit.rstrip("s")
        return f"{self.period} {unit}"

    def describe(self) -> str:
        """The rule in words, as a deadline records it: "1 month after the notification"."""
        where = f" ({self.partnership_name} rule)" if self.partnership_name else ""
        if self.period is None:
            return f"Due date set when asked{where}"
        return f"{self.period_text} {COUNTED_FROM.get(self.kind, '')}".strip() + where


def timescale_of(row: TimescaleRule | None, kind: str) -> Timescale:
    """The ``Timescale`` of a rule row (the code's defaults when there is no row)."""
    if row is None:  # no row at all (a database without the default rows): the code's defaults
        period, unit = DEFAULT_PERIODS.get(kind, (None, ""))
        return Timescale(kind, period, unit, DEFAULT_REMINDER_DAYS)
    return Timescale(
        kind,
        row.period,
        row.unit,
        tuple(sorted(set(row.reminder_days), reverse=True)),
        row.partnership.name if row.partnership_id else "",
    )


def rule_for(partnership, kind: str) -> Timescale:
    """The partnership's own rule for ``kind`` if it has one, else the default (one query)."""
    rows = TimescaleRule.objects.filter(kind=kind).select_related("partnership")
    rows = rows.filter(partnership=partnership) | rows.filter(partnership__isnull=True)
    candidates = sorted(rows, key=lambda row: row.partnership_id is None)
    return timescale_of(candidates[0] if candidates else None, kind)


def all_rules() -> dict:
    """Every rule in force, for a pass over many deadlines: ``lookup(partnership_id, kind)``."""
    rows = {
        (row.partnership_id, row.kind): row
        for row in TimescaleRule.objects.select_related("partnership")
    }

    def lookup(partnership_id, kind) -> Timescale:
        row = rows.get((partnership_id, kind)) or rows.get((None, kind))
        if row is None:
            return timescale_of(None, kind)
        return Timescale(kind, row.period, row.unit, tuple(sorted(set(row.reminder_days))[::-1]))

    return lookup


# --- Changes by administrators -----------------------------------------------------------------


class RuleRefused(Exception):
    """The change is not allowed; ``str(exc)`` says why, for the administrator."""


def _check_administrator(user) -> None:
    if not has_role(user, Role.ADMINISTRATOR):
        raise PermissionDenied("Only administrators change timescale rules.")


def _check_values(kind: str, period, unit: str, reminder_days) -> None:
    if kind in SET_EACH_TIME:
        if period is not None:
            raise RuleRefused("This deadline's due date is set each time: leave the period empty.")
    elif period is None or unit not in (DAYS, MONTHS):
        raise RuleRefused("Enter the period and choose days or months.")
    elif unit == MONTHS and not 1 <= period <= 36:
        raise RuleRefused("The period must be between 1 and 36 months.")
    elif unit == DAYS and not 1 <= period <= 730:
        raise RuleRefused("The period must be between 1 and 730 days.")
    if any(not 1 <= day <= 90 for day in reminder_days):
        raise RuleRefused("Reminders can be sent from 1 to 90 days before the due date.")
    if len(set(reminder_days)) > 5:
        raise RuleRefused("Choose at most five reminder days.")


@transaction.atomic
def save_rule(
    *, by, kind: str, partnership=None, period=None, unit: str = "", reminder_days=()
) -> TimescaleRule:
    """Sets the rule for ``kind`` (the default when ``partnership`` is None), creating the
    partnership's own row the first time. Deadlines already open keep their due dates."""
    _check_administrator(by)
    if kind not in K.values:
        raise RuleRefused("Choose a kind of deadline.")
    unit = unit if period is not None else ""
    _check_values(kind, period, unit, reminder_days)
    # Without the default ordering, which joins the partnership (FOR UPDATE refuses that join).
    existing = TimescaleRule.objects.select_for_update().filter(kind=kind, partnership=partnership)
    rule = existing.order_by().first() or TimescaleRule(kind=kind, partnership=partnership)
    rule.period = period
    rule.unit = unit
    rule.reminder_days = sorted(set(reminder_days), reverse=True)
    rule._history_user = by
    rule.save()
    return rule


@transaction.atomic
def delete_rule(rule: TimescaleRule, *, by) -> None:
    """Removes a partnership's own rule, so the default applies again. Defaults stay."""
    _check_administrator(by)
    if rule.partnership_id is None:
        raise RuleRefused("The default rule cannot be removed; change it instead.")
    rule._history_user = by
    rule.delete()


def largest_reminder_day() -> int:
    """The most days before a due date that any rule reminds: a deadline further off than
    that needs no reminder today, so the daily pass does not read it."""
    days = [
        day
        for reminder_days in TimescaleRule.objects.values_list("reminder_days", flat=True)
        for day in reminder_days
    ]
    return max(days, default=max(DEFAULT_REMINDER_DAYS))


def ensure_default_rules(**kwargs) -> None:
    """Creates each missing default rule with the values of domain.md; never changes one that
    exists (administrators may have changed it). A post_migrate receiver, so every database --
    including a test database emptied between tests -- has them."""
    for kind in K:
        period, unit = DEFAULT_PERIODS.get(kind, (None, ""))
        TimescaleRule.objects.get_or_create(
            kind=kind,
            partnership=None,
            defaults={"period": period, "unit": unit, "reminder_days": list(DEFAULT_REMINDER_DAYS)},
        )

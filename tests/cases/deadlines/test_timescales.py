"""The timescale rules: one source of truth for the periods, with the defaults of domain.md,
overridden per partnership, and the migration that moved the partnerships' own periods in."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.deadlines import timescales
from cases.models import DeadlineKind, TimescaleRule
from tests.dhr.factories import PartnershipFactory

K = DeadlineKind


@pytest.mark.parametrize(
    ("kind", "period", "unit", "text"),
    [
        (K.DECISION, 1, "months", "1 month after the notification"),
        (K.HOME_OFFICE, 1, "months", "1 month after the decision"),
        (K.COMPLETION, 6, "months", "6 months after the decision to commission"),
        (K.QA_RESUBMISSION, 3, "months", "3 months after the QA panel asked for resubmission"),
        (
            K.COMMISSIONER_RESPONSE,
            56,
            "days",
            "56 days after the Commissioner's report is published",
        ),
        (K.INFORMATION_REQUEST, None, "", "Due date set when asked"),
        (K.ACTION, None, "", "Due date set when asked"),
    ],
)
def test_the_defaults_are_those_of_domain_md(db, partnership, kind, period, unit, text):
    rule = timescales.rule_for(partnership, kind)
    assert (rule.period, rule.unit, rule.reminder_days) == (period, unit, (14, 7, 1))
    assert rule.describe() == text
    stored = TimescaleRule.objects.get(kind=kind, partnership=None)
    assert (stored.period, stored.unit) == (period, unit)


def test_a_partnerships_rule_overrides_the_default_for_it_alone(db, partnership):
    medway = PartnershipFactory(name="Medway", code="MED")
    TimescaleRule.objects.create(
        partnership=partnership, kind=K.COMPLETION, period=12, unit="months", reminder_days=[30]
    )
    own = timescales.rule_for(partnership, K.COMPLETION)
    assert own.due_after(date(2026, 2, 20)) == date(2027, 2, 20)
    assert own.reminder_days == (30,)
    assert own.describe() == "12 months after the decision to commission (Swale rule)"
    assert timescales.rule_for(medway, K.COMPLETION).due_after(date(2026, 2, 20)) == date(
        2026, 8, 20
    )
    lookup = timescales.all_rules()
    assert lookup(partnership.pk, K.COMPLETION).period == 12
    assert lookup(medway.pk, K.COMPLETION).period == 6
    assert timescales.largest_reminder_day() == 30


@pytest.mark.parametrize(
    ("start", "period", "unit", "due"),
    [
        (date(2026, 1, 31), 1, "months", date(2026, 2, 28)),
        (date(2028, 1, 31), 1, "months", date(2028, 2, 29)),
        (date(2026, 8, 31), 6, "months", date(2027, 2, 28)),
        (date(2026, 8, 10), 56, "days", date(2026, 10, 5)),
        (date(2026, 12, 20), 56, "days", date(2027, 2, 14)),
    ],
)
def test_due_dates_across_month_and_year_ends(start, period, unit, due):
    assert timescales.Timescale("x", period, unit, (14,)).due_after(start) == due


def test_a_rule_set_each_time_has_no_due_date_of_its_own():
    with pytest.raises(ValueError, match="set each time"):
        timescales.Timescale(K.ACTION, None, "", (7,)).due_after(date(2026, 1, 1))


def test_only_administrators_change_rules(review_manager, administrator):
    with pytest.raises(PermissionDenied):
        timescales.save_rule(by=review_manager, kind=K.DECISION, period=2, unit="months")
    rule = timescales.save_rule(
        by=administrator, kind=K.DECISION, period=2, unit="months", reminder_days=[7, 14, 7]
    )
    assert rule.reminder_days == [14, 7]
    assert rule.history.first().history_user == administrator
    with pytest.raises(timescales.RuleRefused, match="cannot be removed"):
        timescales.delete_rule(rule, by=administrator)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kind": K.DECISION, "period": None}, "Enter the period"),
        ({"kind": K.DECISION, "period": 40, "unit": "months"}, "between 1 and 36 months"),
        ({"kind": K.DECISION, "period": 800, "unit": "days"}, "between 1 and 730 days"),
        ({"kind": K.ACTION, "period": 10, "unit": "days"}, "leave the period empty"),
        ({"kind": K.DECISION, "period": 1, "unit": "months", "reminder_days": [0]}, "1 to 90"),
        ({"kind": K.ACTION, "reminder_days": [1, 2, 3, 4, 5, 6]}, "at most five"),
        ({"kind": "nonsense"}, "Choose a kind"),
    ],
)
def test_rules_that_make_no_sense_are_refused(administrator, values, message):
    with pytest.raises(timescales.RuleRefused, match=message):
        timescales.save_rule(by=administrator, **values)


def test_the_default_rules_are_made_again_if_missing(db):
    TimescaleRule.objects.filter(kind=K.DECISION).delete()
    changed = TimescaleRule.objects.get(kind=K.COMPLETION, partnership=None)
    changed.period = 12
    changed.save()
    timescales.ensure_default_rules()
    timescales.ensure_default_rules()
    assert TimescaleRule.objects.filter(partnership=None).count() == len(K)
    assert TimescaleRule.objects.get(kind=K.COMPLETION, partnership=None).period == 12  # kept


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_partnerships_own_periods_into_rules():
    before = [("cases", "0004_deadlines"), ("dhr", "0005_notification")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Partnership = old_apps.get_model("dhr", "Partnership")
    Partnership.objects.create(name="Swale", code="SWA", completion_period_months=12)
    Partnership.objects.create(name="Medway", code="MED", decision_period_months=2)
    Partnership.objects.create(name="Dover", code="DOV")  # the defaults: no rule of its own

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    own = {
        (rule.partnership.code, rule.kind): (rule.period, rule.unit)
        for rule in TimescaleRule.objects.filter(partnership__isnull=False)
    }
    assert own == {("SWA", "completion"): (12, "months"), ("MED", "decision"): (2, "months")}
    assert TimescaleRule.objects.filter(partnership=None).count() == len(K)

"""The timescale rules become the one source of the statutory periods.

Creates the default rule of every kind (domain.md "Timescales"), and, for each partnership whose
``decision_period_months`` or ``completion_period_months`` differed from the default, that
partnership's own rule. The next dhr migration then removes the two fields from Partnership.
Reversing puts the partnerships' own periods back on the fields (dhr's reverse re-adds them).
"""

from django.db import migrations

# The values of cases.deadlines.timescales.DEFAULT_PERIODS when this migration was written (a migration
# never imports application code, which changes later).
DEFAULTS = {
    "decision": (1, "months"),
    "home_office": (1, "months"),
    "completion": (6, "months"),
    "qa_resubmission": (3, "months"),
    "commissioner_response": (56, "days"),
    "information_request": (None, ""),
    "agency_chronology": (None, ""),
    "agency_report": (None, ""),
    "action": (None, ""),
}
REMINDER_DAYS = [14, 7, 1]
MOVED_FIELDS = {"decision": "decision_period_months", "completion": "completion_period_months"}


def create_rules(apps, schema_editor):
    TimescaleRule = apps.get_model("cases", "TimescaleRule")
    Partnership = apps.get_model("dhr", "Partnership")
    for kind, (period, unit) in DEFAULTS.items():
        TimescaleRule.objects.get_or_create(
            kind=kind,
            partnership=None,
            defaults={"period": period, "unit": unit, "reminder_days": REMINDER_DAYS},
        )
    for partnership in Partnership.objects.all():
        for kind, field in MOVED_FIELDS.items():
            months = getattr(partnership, field)
            if months != DEFAULTS[kind][0]:
                TimescaleRule.objects.get_or_create(
                    kind=kind,
                    partnership=partnership,
                    defaults={"period": months, "unit": "months", "reminder_days": REMINDER_DAYS},
                )


def restore_partnership_periods(apps, schema_editor):
    TimescaleRule = apps.get_model("cases", "TimescaleRule")
    Partnership = apps.get_model("dhr", "Partnership")
    for kind, field in MOVED_FIELDS.items():
        for rule in TimescaleRule.objects.filter(
            kind=kind, partnership__isnull=False, unit="months"
        ):
            Partnership.objects.filter(pk=rule.partnership_id).update(**{field: rule.period})
    TimescaleRule.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_deadlines"),
        ("dhr", "0004_access_log"),
    ]

    operations = [migrations.RunPython(create_rules, restore_partnership_periods)]

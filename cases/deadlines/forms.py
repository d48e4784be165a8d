"""Forms of the deadline pages: the Home Office date and the administrators' timescale rules."""

from django import forms

from cases.models import DeadlineKind, TimescaleRule
from cases.reviews.forms import UKDateField
from dhr.forms import GovUKFormMixin
from dhr.models import Partnership


class HomeOfficeInformedForm(GovUKFormMixin, forms.Form):
    informed_on = UKDateField(
        label="Date the Home Office was told of the decision",
        error_messages={"required": "Enter the date the Home Office was told"},
    )


class ReminderDaysField(forms.CharField):
    """Days before the due date, typed as "14, 7, 1"; cleaned to a list, largest first."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "Days before the due date, separated by commas, for example 14, 7, 1. "
            "A reminder is also sent on the day, and every week while it is overdue.",
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in value)
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        days = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(
                    "Enter whole numbers of days separated by commas, like 14, 7, 1"
                )
            days.append(int(part))
        return sorted(set(days), reverse=True)


class TimescaleRuleForm(GovUKFormMixin, forms.Form):
    """A rule's period and reminder days. For a new partnership rule, also which partnership
    and which kind of deadline."""

    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.filter(is_active=True),
        label="Partnership",
        error_messages={"required": "Select the partnership"},
    )
    kind = forms.ChoiceField(
        choices=DeadlineKind.choices,
        label="Deadline",
        error_messages={"required": "Select the deadline"},
    )
    period = forms.IntegerField(
        required=False,
        min_value=1,
        label="Period",
        help_text="Leave empty for deadlines whose due date is set each time.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={"invalid": "Enter the period as a whole number"},
    )
    unit = forms.ChoiceField(
        choices=TimescaleRule.Unit.choices,
        required=False,
        widget=forms.RadioSelect,
        label="Counted in",
    )
    reminder_days = ReminderDaysField(label="Reminder days")

    def __init__(self, *args, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["partnership"]
            del self.fields["kind"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") is not None and not cleaned.get("unit"):
            self.add_error("unit", "Choose days or months")
        return cleaned

"""Forms of the review pages (GOV.UK markup through crispy-forms-gds)."""

from django import forms
from django.utils import timezone

from cases.models import Review
from dhr.forms import GovUKFormMixin
from dhr.models import Agency, Partnership


class GovUKDateInput(forms.DateInput):
    """A date field as one text input (dd/mm/yyyy), accepted in the UK formats."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})}, format="%d/%m/%Y"
        )


class UKDateField(forms.DateField):
    """A date in UK order (day first); the hint shows an example."""

    widget = GovUKDateInput
    input_formats = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d", "%d %m %Y"]

    def __init__(self, *args, not_future=True, **kwargs):
        kwargs.setdefault("help_text", "For example, 27/03/2026")
        super().__init__(*args, **kwargs)
        self.not_future = not_future
        self.error_messages["invalid"] = "Enter a real date, like 27/03/2026"

    def clean(self, value):
        result = super().clean(value)
        if result and self.not_future and result > timezone.localdate():
            raise forms.ValidationError(f"{self.label} must be today or in the past")
        return result


class NotificationForm(GovUKFormMixin, forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership area",
        error_messages={"required": "Select the partnership area"},
    )
    pseudonym = forms.CharField(
        max_length=60,
        help_text='The name used instead of the victim\'s (for example "Diana"). '
        "Agree it with the family when you can; you can change it later.",
        error_messages={"required": "Enter a pseudonym"},
    )
    review_type = forms.ChoiceField(
        choices=Review.ReviewType.choices,
        initial=Review.ReviewType.DHR,
        widget=forms.RadioSelect,
        label="Type of review",
    )
    date_of_death = UKDateField(
        label="Date of death", error_messages={"required": "Enter the date of death"}
    )
    notified_on = UKDateField(
        label="Date the partnership was notified",
        error_messages={"required": "Enter the date the partnership was notified"},
    )
    notifying_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        label="Notifying agency",
        error_messages={"required": "Select the agency that notified the partnership"},
    )
    criterion = forms.ChoiceField(
        choices=Review.Criterion.choices,
        widget=forms.RadioSelect,
        label="Which criterion appears to be met?",
        error_messages={"required": "Select the criterion that appears to be met"},
    )
    relationship_category = forms.ChoiceField(
        choices=[("", "Not known yet"), *Review.Relationship.choices],
        required=False,
        label="Relationship category",
    )
    circumstances = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Circumstances",
        help_text="What is known of the death. Use pseudonyms, not real names.",
        error_messages={"required": "Describe the circumstances"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = user.partnerships.filter(is_active=True)

    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"].strip()
        if pseudonym.lower().startswith("case "):
            pseudonym = pseudonym[5:].strip()
        if Review.objects.filter(pseudonym__iexact=pseudonym).exists():
            raise forms.ValidationError(
                "This pseudonym is already used by another review: choose another"
            )
        return pseudonym

    def clean(self):
        cleaned = super().clean()
        died, notified = cleaned.get("date_of_death"), cleaned.get("notified_on")
        if died and notified and notified < died:
            self.add_error(
                "notified_on", "The notification date must be on or after the date of death"
            )
        return cleaned

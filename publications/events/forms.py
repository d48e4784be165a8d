"""The forms of learning events: the event, and one agency's registrations and attendance."""

from crispy_forms_gds.layout import Layout
from django import forms

from actionplans.models import Theme
from actionplans.recommendations.services import themes_for
from cases.models import Review
from cases.reviews.forms import UKDateField
from dhr.forms import GovUKFormMixin
from dhr.models import Agency, Partnership
from publications.events.models import LearningEvent


class ReviewChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} (Case {obj.pseudonym})"


class EventForm(GovUKFormMixin, forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership",
        error_messages={"required": "Select the partnership that runs the event"},
    )
    title = forms.CharField(
        max_length=200, label="Title", error_messages={"required": "Enter the event's title"}
    )
    held_on = UKDateField(
        label="Date",
        not_future=False,
        error_messages={"required": "Enter the date of the event"},
    )
    format = forms.ChoiceField(
        choices=LearningEvent.Format.choices,
        widget=forms.RadioSelect,
        label="Format",
        error_messages={"required": "Select the format of the event"},
    )
    audience = forms.CharField(
        max_length=300,
        label="Audience",
        help_text="For example, GPs, health visitors and adult social care practitioners.",
        error_messages={"required": "Enter who the event is for"},
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reviews = ReviewChoice(
        queryset=Review.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Reviews covered",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes covered",
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        if len(partnerships) == 1:
            self.fields["partnership"].initial = partnerships[0].pk
        self.fields["reviews"].queryset = Review.objects.filter(
            partnership__in=partnerships
        ).order_by("reference")
        for partnership in partnerships:
            themes_for(partnership)  # a partnership's list starts with domain.md's themes
        self.fields["themes"].queryset = Theme.objects.filter(
            partnership__in=partnerships, is_active=True
        ).order_by("name")
        self.helper.layout = Layout(*self.fields)

    def clean(self):
        cleaned = super().clean()
        partnership = cleaned.get("partnership")
        if partnership is None:
            return cleaned
        if any(r.partnership_id != partnership.pk for r in cleaned.get("reviews") or []):
            self.add_error("reviews", "Choose reviews of the event's partnership only")
        if any(t.partnership_id != partnership.pk for t in cleaned.get("themes") or []):
            self.add_error("themes", "Choose themes of the event's partnership only")
        return cleaned


class AttendanceForm(GovUKFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        error_messages={"required": "Select the agency"},
    )
    registered = forms.IntegerField(
        min_value=0,
        max_value=100000,
        label="Practitioners registered",
        error_messages={
            "required": "Enter how many practitioners registered",
            "min_value": "Registrations cannot be negative",
            "invalid": "Enter registrations as a whole number, like 12",
        },
    )
    attended = forms.IntegerField(
        min_value=0,
        max_value=100000,
        label="Practitioners who attended",
        help_text="Enter 0 for both to remove the agency from the event.",
        error_messages={
            "required": "Enter how many practitioners attended",
            "min_value": "Attendance cannot be negative",
            "invalid": "Enter attendance as a whole number, like 10",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        self.helper.layout = Layout(*self.fields)


class ReachFilterForm(GovUKFormMixin, forms.Form):
    year = forms.IntegerField(
        label="Year the events were held",
        required=False,
        min_value=2011,
        max_value=2100,
        error_messages={"invalid": "Enter a year, like 2026"},
    )

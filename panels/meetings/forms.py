"""Forms of the agency contributions, combined chronology and panel meeting pages.

Plain forms: they check what was typed and hand ``cleaned_data`` to the domain functions
(``panels.contributions.services``, ``panels.meetings.services``), which make the change.
"""

from django import forms

from cases.documents.forms import UploadField
from cases.reviews.forms import UKDateField
from dhr.forms import GovUKFormMixin
from dhr.models import Agency
from panels.models import MeetingAttendance

# --- Meetings ------------------------------------------------------------------------------------


class MeetingForm(GovUKFormMixin, forms.Form):
    held_on = UKDateField(
        not_future=False,
        label="Date of the meeting",
        error_messages={"required": "Enter the date of the meeting"},
    )
    starts_at = forms.TimeField(
        required=False,
        label="Start time (optional)",
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"invalid": "Enter a real time, like 14:30"},
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}, format="%H:%M"),
    )
    location = forms.CharField(max_length=150, required=False, label="Where (optional)")
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Agenda"
    )
    minutes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}), required=False, label="Minutes"
    )
    minutes_upload = UploadField(
        label="Minutes as a file (optional)", required=False, purpose="minutes"
    )


class AttendanceForm(GovUKFormMixin, forms.Form):
    """One choice per panel agency: present, apologies, absent (or not recorded)."""

    def __init__(self, *args, agencies, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {f"agency_{agency.pk}": agency for agency in agencies}
        choices = [*MeetingAttendance.Status.choices, ("", "Not recorded")]
        for name, agency in self.agencies.items():
            self.fields[name] = forms.ChoiceField(
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                label=str(agency),
                initial=current.get(agency.pk, ""),
            )

    def statuses(self) -> dict:
        return {agency: self.cleaned_data.get(name, "") for name, agency in self.agencies.items()}


class ActionForm(GovUKFormMixin, forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Action",
        error_messages={"required": "Describe the action"},
    )
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency responsible",
        empty_label="Select an agency",
        error_messages={"required": "Select the agency responsible"},
    )
    due_on = UKDateField(
        not_future=False, label="Due date", error_messages={"required": "Enter the due date"}
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


class DoneForm(GovUKFormMixin, forms.Form):
    done_on = UKDateField(
        label="Date done", error_messages={"required": "Enter the date it was done"}
    )

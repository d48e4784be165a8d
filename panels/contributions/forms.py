"""Forms of the agency contributions, combined chronology and panel meeting pages.

Plain forms: they check what was typed and hand ``cleaned_data`` to the domain functions
(``panels.contributions.services``, ``panels.meetings.services``), which make the change.
"""

from django import forms
from django.core.exceptions import ValidationError

from cases.documents.forms import UploadField, upload_hint
from cases.lifecycle.forms import ReceivedFromAgencyForm
from cases.reviews.forms import UKDateField
from dhr.files.forms import ColumnsForm as SharedColumnsForm
from dhr.files.uploads import describe_size, max_upload_bytes
from dhr.forms import GovUKFormMixin
from dhr.models import Agency
from panels.chronology.importer import COLUMNS
from panels.contributions.services import CHRONOLOGY_PURPOSE
from panels.models import ContributionRequest


class RequestForm(GovUKFormMixin, forms.Form):
    """The manager or the chair asks an agency for a contribution."""

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        empty_label="Select an agency",
        error_messages={"required": "Select the agency to ask"},
    )
    kind = forms.ChoiceField(
        choices=ContributionRequest.Kind.choices,
        widget=forms.RadioSelect,
        label="What is the agency asked for?",
        error_messages={"required": "Select what the agency is asked for"},
    )
    title = forms.CharField(
        max_length=150,
        required=False,
        label="Which document (for another document)",
        help_text="For example: safeguarding referral records.",
    )
    details = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="What the panel needs (optional)",
    )
    due_on = UKDateField(
        not_future=False,
        label="Date it is due",
        error_messages={"required": "Enter the date it is due"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        # Panel agencies first would need a custom widget; every active agency is offered,
        # because an agency can be asked before (or without) joining the panel.
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ContributionRequest.Kind.OTHER and not cleaned.get("title"):
            self.add_error("title", "Enter which document the agency is asked for")
        return cleaned


class DocumentUploadForm(GovUKFormMixin, forms.Form):
    """A new version of an agency report or another document: ``purpose`` is the request's
    upload purpose (``services.upload_purpose``)."""

    file = UploadField(label="File")
    note = forms.CharField(max_length=300, required=False, label="What changed (optional)")

    def __init__(self, *args, purpose: str = "agency_report", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.purpose = purpose
        field.help_text = upload_hint(purpose)


class RecordForAgencyForm(ReceivedFromAgencyForm):
    """The manager or the chair uploads what an agency with no users sent: the contribution
    (``purpose`` of the request, a spreadsheet for a chronology), how it came, the original."""

    field_order = ["file", "note", "received_via", "received_on", "original"]

    file = UploadField(label="The agency's contribution")
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")

    def __init__(self, *args, purpose: str = "agency_report", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.purpose = purpose
        field.help_text = (
            _chronology_hint() if purpose == CHRONOLOGY_PURPOSE else upload_hint(purpose)
        )


def _chronology_hint() -> str:
    return (
        "An Excel (.xlsx or .xls) or CSV file, smaller than "
        f"{describe_size(max_upload_bytes())}. Your own spreadsheet is fine: you will be "
        "asked to match its columns if their headings differ from the template's."
    )


class ChronologyUploadField(UploadField):
    """A spreadsheet: checked by content, name and size like every upload (XLSX, XLS or CSV)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _chronology_hint())
        kwargs.setdefault("purpose", CHRONOLOGY_PURPOSE)
        super().__init__(*args, **kwargs)


class ChronologyUploadForm(GovUKFormMixin, forms.Form):
    file = ChronologyUploadField(label="Chronology file")


class ConfirmImportForm(GovUKFormMixin, forms.Form):
    note = forms.CharField(max_length=300, required=False, label="What changed (optional)")


class ColumnsForm(SharedColumnsForm):
    """For each of the chronology's columns, which of the file's columns holds it (the shared
    matcher of ``dhr.files.columns``, as the action-plan import uses it)."""

    def __init__(self, *args, labels: list, initial_columns: dict | None = None, **kwargs):
        super().__init__(
            *args, labels=labels, columns=COLUMNS, initial_columns=initial_columns, **kwargs
        )


def non_field_error(form: forms.Form, message: str) -> None:
    """Adds a refusal from the domain to the form, keeping the input."""
    form.add_error(None, ValidationError(message))

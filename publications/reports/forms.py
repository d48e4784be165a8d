"""Forms of the Report tab: a new version, a finding's resolution, the public summary and the
withdrawal of a published document. Plain forms; the domain functions make the changes."""

from django import forms

from cases.documents.forms import UploadField
from dhr.forms import GovUKFormMixin
from publications.checks.models import Finding
from publications.reports.models import ReportVersion


class VersionForm(GovUKFormMixin, forms.Form):
    document = forms.ChoiceField(
        choices=ReportVersion.Document.choices,
        widget=forms.RadioSelect,
        label="Which document is this a version of?",
        error_messages={"required": "Select which document this is"},
    )
    status = forms.ChoiceField(
        choices=[
            (ReportVersion.Status.DRAFT, "Draft"),
            (ReportVersion.Status.PANEL_DRAFT, "Panel draft"),
        ],
        initial=ReportVersion.Status.DRAFT,
        widget=forms.RadioSelect,
        label="Status",
    )
    changes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="What changed",
        help_text="For example: the family's comments added; names removed after the check.",
    )
    file = UploadField(label="File", purpose="report_version")


class ResolveForm(GovUKFormMixin, forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.ChoiceField(
        choices=[(Finding.Resolution.REDACT, "Redact"), (Finding.Resolution.KEEP, "Keep")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose to redact or to keep it"},
    )
    reason = forms.CharField(required=False, label="Why it can be kept", max_length=500)


class SummaryForm(GovUKFormMixin, forms.Form):
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Public summary",
        help_text="A short summary for the public register: no real names, dates of birth, "
        "addresses or contact details. It is checked like the report.",
        error_messages={"required": "Enter the public summary"},
    )


class WithdrawForm(GovUKFormMixin, forms.Form):
    document = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is it withdrawn?",
        max_length=500,
        error_messages={"required": "Say why the document is withdrawn"},
    )

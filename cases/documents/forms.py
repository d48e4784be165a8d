"""Forms of the people, documents, terms of reference and QA pages.

Plain forms, not model forms: they check what the user typed and hand ``cleaned_data`` to the domain
functions (``cases.documents.services``, ``cases.lifecycle.workflow``), which make the change.
"""

from django import forms
from django.utils.functional import lazy

from cases.models import (
    Document,
    QARound,
    TermsOfReference,
)
from cases.reviews.forms import UKDateField
from dhr.files.uploads import (
    DEFAULT_PURPOSE,
    check_upload,
    describe_kinds,
    describe_size,
    max_upload_bytes,
    purpose_kinds,
)
from dhr.forms import GovUKFormMixin


def upload_hint(purpose: str = DEFAULT_PURPOSE) -> str:
    """ "A PDF, Word or OpenDocument file, smaller than 20 MB." for the purpose's kinds."""
    limit = describe_size(max_upload_bytes())
    described = describe_kinds(purpose_kinds(purpose))
    return f"{described[0].upper()}{described[1:]} file, smaller than {limit}."


class UploadField(forms.FileField):
    """A file checked by its content, name and size for its ``purpose`` (an entry of
    ``dhr.files.uploads.PURPOSES``); cleans to a ``CheckedUpload``."""

    def __init__(self, *args, purpose: str = DEFAULT_PURPOSE, **kwargs):
        self.purpose = purpose
        # Empty files reach check_upload, whose message is the one we want to show.
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault("error_messages", {"required": "Select a file"})
        kwargs.setdefault("help_text", lazy(upload_hint, str)(purpose))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        return check_upload(uploaded, purpose=self.purpose) if uploaded else None


# --- Documents ---------------------------------------------------------------------------------


# The overview report and the executive summary are versioned on the review's Report tab
# (publications.reports); their kinds stay for the documents uploaded before versions existed.
UPLOAD_KINDS = [
    kind
    for kind in Document.Kind
    if kind not in (Document.Kind.REPORT, Document.Kind.EXECUTIVE_SUMMARY)
]


def shared_kinds_hint() -> str:
    """ "Agency members on the panel can download terms of reference, overview reports, ...
    only." from ``services.SHARED_DOCUMENT_KINDS``, in the order of the kinds."""
    from cases.documents.services import SHARED_DOCUMENT_KINDS

    shared = [
        kind.label[:1].lower() + kind.label[1:]
        for kind in UPLOAD_KINDS
        if kind in SHARED_DOCUMENT_KINDS
    ]
    listed = ", ".join(shared[:-1]) + f" and {shared[-1]}" if len(shared) > 1 else shared[0]
    return (
        f"Agency members on the panel can download only these: {listed}. Upload the overview "
        "report and the executive summary on the Report tab."
    )


class DocumentForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(max_length=150, error_messages={"required": "Enter a title"})
    # Versions of the overview report and the executive summary are uploaded on the review's
    # Report tab (publications.reports), not here.
    kind = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in UPLOAD_KINDS],
        widget=forms.RadioSelect,
        label="What kind of document is it?",
        help_text=lazy(shared_kinds_hint, str)(),
        error_messages={"required": "Select what kind of document it is"},
    )
    file = UploadField(label="File")


class WithdrawDocumentForm(GovUKFormMixin, forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label="Why are you withdrawing this document?",
        help_text="For example, the wrong file was uploaded, or a newer version replaces it. "
        "The reason is kept in the review's history.",
        error_messages={
            "required": "Enter the reason for withdrawing the document",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )


# --- Terms of reference ------------------------------------------------------------------------

TERMS_FIELDS = (
    "period_start",
    "period_end",
    "key_lines_of_enquiry",
    "family_involvement",
    "equality_and_diversity",
    "parallel_processes",
)


class TermsForm(GovUKFormMixin, forms.Form):
    """A new version of the terms of reference, with an optional document."""

    period_start = UKDateField(
        label="Start of the period under review",
        error_messages={"required": "Enter the start of the period under review"},
    )
    period_end = UKDateField(
        label="End of the period under review",
        error_messages={"required": "Enter the end of the period under review"},
    )
    key_lines_of_enquiry = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Key lines of enquiry",
        error_messages={"required": "Enter the key lines of enquiry"},
    )
    family_involvement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Family involvement"
    )
    equality_and_diversity = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Equality and diversity"
    )
    parallel_processes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Parallel processes",
        help_text="Criminal proceedings, inquest, other reviews.",
    )
    document = UploadField(label="Document (optional)", required=False)
    document_title = forms.CharField(
        max_length=150,
        required=False,
        label="Document title (optional)",
        help_text="Leave blank to call it “Terms of reference, version …”.",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be on or after its start")
        return cleaned


def terms_initial(latest: TermsOfReference | None) -> dict:
    """A new version starts as a copy of the latest one."""
    if latest is None:
        return {}
    return {name: getattr(latest, name) for name in TERMS_FIELDS}


class TermsAgreeForm(GovUKFormMixin, forms.Form):
    agreed_on = UKDateField(
        label="Date the terms were agreed",
        error_messages={"required": "Enter the date the terms were agreed"},
    )


# --- Home Office QA ------------------------------------------------------------------------------


class QASubmitForm(GovUKFormMixin, forms.Form):
    submitted_on = UKDateField(
        label="Date sent to the Home Office",
        error_messages={"required": "Enter the date the report was sent"},
    )


class QAOutcomeForm(GovUKFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        choices=QARound.Outcome.choices,
        widget=forms.RadioSelect,
        label="What did the QA panel decide?",
        error_messages={"required": "Select the QA panel's outcome"},
    )
    panel_date = UKDateField(
        label="Date of the QA panel", error_messages={"required": "Enter the date of the QA panel"}
    )
    changes_required = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label="Changes the panel asked for",
        help_text="Needed unless the report was approved as it is.",
    )
    letter = UploadField(label="Feedback letter (optional)", required=False)

    def clean(self):
        cleaned = super().clean()
        needs_changes = cleaned.get("outcome") in (
            QARound.Outcome.APPROVED_WITH_CHANGES,
            QARound.Outcome.RESUBMIT,
        )
        if needs_changes and not cleaned.get("changes_required", "").strip():
            self.add_error("changes_required", "List the changes the QA panel asked for")
        return cleaned

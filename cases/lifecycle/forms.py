"""Forms of the stage pages (GOV.UK markup through crispy-forms-gds).

The forms check what a person can get wrong while typing (a missing field, a date in the
future, a due date before the sending date); the rules of the review lifecycle stay in
``cases.lifecycle.workflow``, whose refusals the views show as errors of these forms.
"""

from django import forms

from cases.documents.forms import UploadField
from cases.lifecycle.models import RECEIVED_IN_WRITING, ReceivedVia
from cases.models import Hold, LinkedReview, Review
from cases.reviews.forms import UKDateField
from dhr.forms import GovUKFormMixin
from dhr.locking import OptimisticLockFormMixin
from dhr.models import Agency


class LinkedReviewForm(GovUKFormMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=LinkedReview.Kind.choices,
        widget=forms.RadioSelect,
        label="Type of process",
        error_messages={"required": "Select the type of process"},
    )
    description = forms.CharField(
        max_length=200,
        label="Description",
        help_text="A reference, the court or the body that leads it.",
        error_messages={"required": "Enter a description of the process"},
    )
    status = forms.CharField(
        max_length=200,
        required=False,
        label="Status (optional)",
        help_text="For example: trial listed for March, inquest opened and adjourned.",
    )


class InformationRequestForm(GovUKFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        error_messages={"required": "Select the agency to ask"},
    )
    sent_on = UKDateField(
        label="Date sent", error_messages={"required": "Enter the date the request was sent"}
    )
    due_on = UKDateField(
        label="Date the answer is due",
        not_future=False,
        help_text="Usually 2 to 6 weeks after sending. For example, 27/03/2026",
        error_messages={"required": "Enter the date the answer is due"},
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        # Each agency is asked once per review: offer only those not asked yet.
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).exclude(
            pk__in=review.info_requests.values("agency")
        )

    def clean(self):
        cleaned = super().clean()
        sent, due = cleaned.get("sent_on"), cleaned.get("due_on")
        if sent and due and due < sent:
            self.add_error("due_on", "The due date must be on or after the date sent")
        return cleaned


class AnswerRequestForm(OptimisticLockFormMixin, GovUKFormMixin, forms.Form):
    """An agency's answer; its members may change it, so the form carries the version of the
    request it was opened on (``record=``, see ``dhr.locking``)."""

    had_contact = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Did your agency have contact with the people concerned?",
        error_messages={"required": "Select yes if your agency had contact"},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Summary",
        help_text="What contact, when, and what was done. Use pseudonyms, not real names.",
        error_messages={"required": "Enter a summary of your agency's answer"},
    )


class ReceivedFromAgencyForm(GovUKFormMixin, forms.Form):
    """How an answer or a contribution of an agency reached the partnership, and the original
    e-mail or letter (needed when it came by one of those). Shared with ``panels``."""

    received_via = forms.ChoiceField(
        choices=ReceivedVia.choices,
        widget=forms.RadioSelect,
        label="How did the agency send it?",
        error_messages={"required": "Select how the agency sent it"},
    )
    received_on = UKDateField(
        label="Date it was received",
        error_messages={"required": "Enter the date it was received"},
    )
    original = UploadField(
        purpose="agency_correspondence",
        required=False,
        label="The original e-mail or letter",
        help_text="Needed for an e-mail or a letter: save the e-mail as a PDF or text file. "
        "A PDF, Word, OpenDocument or plain text file.",
    )

    def clean(self):
        cleaned = super().clean()
        via = cleaned.get("received_via")
        if (
            via in RECEIVED_IN_WRITING
            and not cleaned.get("original")
            and "original" not in (self.errors)
        ):
            self.add_error(
                "original", f"Attach the original {ReceivedVia(via).label.lower()} from the agency"
            )
        return cleaned


class RecordAnswerForm(ReceivedFromAgencyForm):
    """The review manager records an agency's answer received outside the service."""

    field_order = ["had_contact", "summary", "received_via", "received_on", "original"]

    had_contact = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Did the agency have contact with the people concerned?",
        error_messages={"required": "Select yes if the agency had contact"},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        label="Summary of the agency's answer",
        help_text="What contact, when, and what was done. Use pseudonyms, not real names.",
        error_messages={
            "required": "Enter a summary of the agency's answer",
            "max_length": "The summary must be 20,000 characters or fewer",
        },
    )


class DecisionForm(GovUKFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
        label="What did the partnership decide?",
        error_messages={"required": "Select the partnership's decision"},
    )
    decision_on = UKDateField(
        label="Date of the decision", error_messages={"required": "Enter the date of the decision"}
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Reasons for the decision",
        error_messages={"required": "Enter the reasons for the decision"},
    )
    decided_by = forms.CharField(
        max_length=150,
        label="Decided by",
        help_text="For example: CSP board, CSP chair.",
        error_messages={"required": "Enter who made the decision"},
    )
    home_office_informed_on = UKDateField(
        label="Date the Home Office was told (optional)", required=False
    )
    referred_to = forms.CharField(
        max_length=150,
        required=False,
        label="Other review type it is referred to or run jointly with",
        help_text="Needed when you refer the case or run the review jointly, "
        "for example: Safeguarding Adults Review.",
    )

    def clean(self):
        cleaned = super().clean()
        decision, referred_to = cleaned.get("decision"), cleaned.get("referred_to", "")
        if decision not in (Review.Decision.REFER, Review.Decision.JOINT):
            cleaned["referred_to"] = ""  # typed before another decision was chosen
        elif not referred_to:
            self.add_error(
                "referred_to", "Enter the review type it is referred to or run jointly with"
            )
        return cleaned


class CommissionerForm(GovUKFormMixin, forms.Form):
    sent_on = UKDateField(
        label="Date the report was sent to the Domestic Abuse Commissioner",
        help_text="For example, 27/03/2026. If the Commissioner makes recommendations to a "
        "public body, it must respond within 56 days and publish its response.",
        error_messages={"required": "Enter the date the report was sent"},
    )


class PublicationLinkForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(
        max_length=150,
        label="Title",
        help_text="For example: Overview report, Executive summary.",
        error_messages={"required": "Enter the title of the published document"},
    )
    url = forms.URLField(
        max_length=500,
        label="Web address",
        assume_scheme="https",
        # A text input: crispy-forms-gds gives URL inputs neither the GOV.UK style nor the
        # error style. The field still checks that it is a web address.
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={
            "required": "Enter the web address where it is published",
            "invalid": "Enter a web address in the correct format, like https://example.org",
        },
    )


class PublishForm(GovUKFormMixin, forms.Form):
    published_on = UKDateField(
        label="Date of publication", error_messages={"required": "Enter the date of publication"}
    )


class CloseForm(GovUKFormMixin, forms.Form):
    closed_on = UKDateField(
        label="Date closed", error_messages={"required": "Enter the date the review closed"}
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Reason for closing",
        help_text="For example: all actions in the action plan are complete.",
        error_messages={"required": "Enter the reason for closing the review"},
    )


class HoldForm(GovUKFormMixin, forms.Form):
    reason = forms.ChoiceField(
        choices=Hold.Reason.choices,
        widget=forms.RadioSelect,
        label="Why is the review going on hold?",
        error_messages={"required": "Select why the review is going on hold"},
    )
    details = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Details (optional)",
        help_text="For example: the trial is listed for 3 March at Maidstone Crown Court.",
    )


class ResumeForm(GovUKFormMixin, forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why can the review resume?",
        help_text="For example: the trial has ended.",
        error_messages={"required": "Enter why the review can resume"},
    )

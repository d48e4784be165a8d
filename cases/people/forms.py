"""Forms of the people, documents, terms of reference and QA pages.

Plain forms, not model forms: they check what the user typed and hand ``cleaned_data`` to the domain
functions (``cases.documents.services``, ``cases.lifecycle.workflow``), which make the change.
"""

from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from cases.models import RESTRICTED_SUBJECT_FIELDS, Subject
from dhr.forms import GovUKFormMixin, MemorableDateField
from dhr.locking import OptimisticLockFormMixin

# --- People ------------------------------------------------------------------------------------


class SubjectForm(OptimisticLockFormMixin, GovUKFormMixin, forms.Form):
    """A person in the review: role, pseudonym and identity (restricted). Their Home Office
    data (age band, ethnicity, ...) is answered on the review's Home Office data form.

    Several review managers may change one person: the form carries the version it was opened
    on (``dhr.locking``)."""

    role = forms.ChoiceField(
        choices=Subject.Role.choices,
        widget=forms.RadioSelect,
        label="Role in the review",
        error_messages={"required": "Select the person's role in the review"},
    )
    pseudonym = forms.CharField(
        max_length=60,
        help_text="The name used for this person in every document. Never their real name.",
        error_messages={"required": "Enter a pseudonym"},
    )
    real_name = forms.CharField(
        max_length=150,
        required=False,
        label="Real name",
        help_text="Seen only by the review manager and the chair.",
    )
    date_of_birth = MemorableDateField(label="Date of birth", required=False)
    address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Address"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Reason for changing the identity details",
        help_text="Needed when you change the real name, date of birth or address. "
        "It is kept in the history.",
    )

    def __init__(self, *args, review, subject=None, **kwargs):
        if subject is not None:
            kwargs.setdefault("initial", subject_initial(subject))
        super().__init__(*args, record=subject, **kwargs)
        self.review = review
        self.subject = subject
        identity = ["real_name", "date_of_birth", "address"]
        if subject is None:
            del self.fields["reason"]  # a new person has no identity to change yet
        else:
            identity.append("reason")
        self.helper.layout = Layout(
            "role",
            "pseudonym",
            Fieldset(
                *identity,
                legend="Identity (seen only by the review manager and the chair)",
                legend_size=Size.MEDIUM,
                css_class="dhr-restricted",
            ),
        )

    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"].strip()
        others = self.review.subjects.filter(pseudonym__iexact=pseudonym)
        if self.subject is not None:
            others = others.exclude(pk=self.subject.pk)
        if others.exists():
            raise ValidationError(
                "Another person in this review already has this pseudonym: choose another"
            )
        return pseudonym

    def clean(self):
        cleaned = super().clean()
        pseudonym, real_name = cleaned.get("pseudonym"), cleaned.get("real_name", "")
        if pseudonym and real_name and pseudonym.casefold() in real_name.casefold().split():
            self.add_error("pseudonym", "The pseudonym must not be part of the person's real name")
        identity_changed = set(self.changed_data) & set(RESTRICTED_SUBJECT_FIELDS)
        if self.subject is not None and identity_changed and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give the reason for changing the identity details")
        return cleaned


def subject_initial(subject: Subject) -> dict:
    """The form's starting values from a saved person."""
    return {name: getattr(subject, name) for name in SubjectForm.base_fields if name != "reason"}

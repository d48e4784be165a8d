"""Forms of the family engagement pages (GOV.UK markup through crispy-forms-gds)."""

from django import forms

from cases.models import FamilyContact, FamilyMember, YesNoUndecided
from cases.reviews.forms import UKDateField
from dhr.forms import GovUKFormMixin


class FamilyMemberForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(max_length=150, error_messages={"required": "Enter their name"})
    relationship = forms.CharField(
        max_length=100,
        label="Relationship to the victim",
        help_text="For example: mother, sister, friend.",
        error_messages={"required": "Enter their relationship to the victim"},
    )
    phone = forms.CharField(max_length=40, required=False, label="Telephone (optional)")
    email = forms.EmailField(
        required=False,
        label="E-mail address (optional)",
        error_messages={"invalid": "Enter an e-mail address like name@example.com"},
    )
    address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Address (optional)"
    )
    contact_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="How to contact them (optional)",
        help_text="Best times, language, accessibility needs.",
    )
    participation = forms.ChoiceField(
        choices=FamilyMember.Participation.choices,
        initial=FamilyMember.Participation.UNDECIDED,
        widget=forms.RadioSelect,
        label="How do they wish to take part?",
    )
    pseudonym_choice = forms.CharField(
        max_length=60, required=False, label="Pseudonym they chose or suggested (optional)"
    )
    wants_draft = forms.ChoiceField(
        choices=YesNoUndecided.choices,
        initial=YesNoUndecided.UNDECIDED,
        widget=forms.RadioSelect,
        label="Do they want to see the draft report?",
    )
    advocate_referred_on = UKDateField(
        required=False, label="Date referred to an advocate (optional)"
    )
    advocate_organisation = forms.CharField(
        max_length=150,
        required=False,
        label="Advocacy organisation (optional)",
        help_text="For example: AAFDA (Advocacy After Fatal Domestic Abuse).",
    )
    advocate_name = forms.CharField(max_length=150, required=False, label="Advocate (optional)")

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("advocate_organisation") or cleaned.get("advocate_name")
        if (
            named
            and not cleaned.get("advocate_referred_on")
            and "advocate_referred_on" not in self.errors
        ):
            self.add_error("advocate_referred_on", "Enter the date they were referred")
        return cleaned


class FamilyContactForm(GovUKFormMixin, forms.Form):
    contacted_on = UKDateField(
        label="Date of the contact", error_messages={"required": "Enter the date of the contact"}
    )
    method = forms.ChoiceField(
        choices=FamilyContact.Method.choices,
        widget=forms.RadioSelect,
        label="How",
        error_messages={"required": "Select how the contact was made"},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Summary",
        error_messages={"required": "Summarise the contact"},
    )
    made_by = forms.CharField(
        max_length=150,
        label="Contact made by",
        help_text="Name and role, for example the chair.",
        error_messages={"required": "Enter who made the contact"},
    )

"""Forms of the chair pool, chair appointment and panel pages (GOV.UK, crispy-forms-gds)."""

from crispy_forms_gds.choices import Choice
from django import forms

from cases.reviews.forms import UKDateField
from dhr.accounts.roles import Role
from dhr.forms import GovUKFormMixin
from dhr.locking import OptimisticLockFormMixin
from dhr.models import Agency
from panels.models import ChairProfile, PanelMember

YES_NO = [(True, "Yes"), (False, "No")]


def _to_bool(value) -> bool:
    return value in (True, "True", "true", "1")


class ChairProfileForm(OptimisticLockFormMixin, GovUKFormMixin, forms.Form):
    """An administrator's form for a chair's place in the pool.

    Several administrators may change one profile: the form carries the version it was opened
    on (``record=``, None while the chair has no profile; see ``dhr.locking``)."""

    is_available = forms.TypedChoiceField(
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        label="Is this chair available for new reviews?",
        error_messages={"required": "Select yes if the chair is available for new reviews"},
    )
    background = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="Background",
        help_text="Experience and accreditation.",
    )


class ConflictForm(GovUKFormMixin, forms.Form):
    """A conflict of interest the chair declares with an agency."""

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        empty_label="Select an agency",
        error_messages={"required": "Select the agency the conflict is with"},
    )
    details = forms.CharField(
        max_length=300,
        label="Nature of the conflict",
        help_text="For example, former employee or close relative works there.",
        error_messages={"required": "Describe the conflict"},
    )
    declared_on = UKDateField(
        label="Date declared",
        error_messages={"required": "Enter the date the conflict was declared"},
    )

    def __init__(self, *args, profile: ChairProfile, **kwargs):
        super().__init__(*args, **kwargs)
        # One declaration per agency: offer only the agencies not declared yet.
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).exclude(
            pk__in=profile.conflicts.values("agency")
        )


def _conflicts_hint(profile: ChairProfile) -> str:
    conflicts = [f"{c.agency} ({c.details})" for c in profile.conflicts.all()]
    if not conflicts:
        return "No declared conflicts"
    return "Declared conflicts: " + "; ".join(conflicts)


def available_chairs():
    """The pool a review manager chooses from: available, active chairs, with their conflicts."""
    return (
        ChairProfile.objects.filter(is_available=True, user__is_active=True, user__role=Role.CHAIR)
        .select_related("user")
        .prefetch_related("conflicts__agency")
    )


class AppointChairForm(GovUKFormMixin, forms.Form):
    """The review manager picks a chair from the pool; each radio lists the chair's conflicts."""

    chair = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Independent chair",
        error_messages={
            "required": "Select the independent chair",
            "invalid_choice": "Select a chair from the pool",
        },
    )
    appointed_on = UKDateField(
        label="Date of appointment",
        error_messages={"required": "Enter the date the chair was appointed"},
    )

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = {str(profile.pk): profile for profile in available_chairs()}
        # A chair who declared a conflict with an agency on this panel is shown, disabled,
        # with the conflict: the manager sees why they cannot be chosen (one query, not one
        # per chair: the conflicts are prefetched).
        panel_agencies = (
            set(review.panel_members.values_list("agency_id", flat=True)) if review else set()
        )
        self.panel_conflicts = {
            pk: [c for c in profile.conflicts.all() if c.agency_id in panel_agencies]
            for pk, profile in self.profiles.items()
        }
        self.fields["chair"].choices = [
            self._choice(pk, profile, self.panel_conflicts[pk])
            for pk, profile in self.profiles.items()
        ]

    @staticmethod
    def _choice(pk, profile: ChairProfile, panel_conflicts: list) -> Choice:
        if not panel_conflicts:
            return Choice(pk, profile.user.full_name, hint=_conflicts_hint(profile))
        clashes = "; ".join(f"{c.agency} ({c.details})" for c in panel_conflicts)
        return Choice(
            pk,
            profile.user.full_name,
            hint=f"Cannot be appointed: declared a conflict of interest with {clashes}, "
            "which is on this panel",
            disabled=True,
        )

    def clean_chair(self) -> ChairProfile:
        pk = self.cleaned_data["chair"]
        clashes = self.panel_conflicts[pk]
        if clashes:
            profile = self.profiles[pk]
            raise forms.ValidationError(
                f"{profile.user.full_name} cannot be appointed: they declared a conflict of "
                f"interest with {clashes[0].agency}, which is on this panel. Select another chair"
            )
        return self.profiles[pk]


class ChangeChairForm(AppointChairForm):
    """The review manager replaces the chair with another from the pool, saying why."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label="Reason for the change",
        help_text="For example, the chair stood down for health reasons.",
        error_messages={"required": "Enter the reason for the change"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].label = "New independent chair"
        self.fields["appointed_on"].label = "Date of the new appointment"


class PanelMemberForm(GovUKFormMixin, forms.Form):
    """Seats an agency (or a specialist adviser's organisation) on the panel."""

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        empty_label="Select an agency",
        error_messages={"required": "Select the agency to add to the panel"},
    )
    role = forms.ChoiceField(
        choices=PanelMember.PanelRole.choices,
        initial=PanelMember.PanelRole.AGENCY,
        widget=forms.RadioSelect,
        label="Role on the panel",
        error_messages={"required": "Select the agency's role on the panel"},
    )
    representative = forms.CharField(
        max_length=150,
        required=False,
        label="Representative (optional)",
        help_text="Name and job title of the person attending.",
    )
    added_on = UKDateField(
        label="Date added to the panel",
        error_messages={"required": "Enter the date the agency joined the panel"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).exclude(
            pk__in=review.panel_members.values("agency")
        )

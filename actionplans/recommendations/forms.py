"""Forms of the action plan pages (GOV.UK markup through crispy-forms-gds). Plain forms: they
check what was typed and hand ``cleaned_data`` to ``actionplans.recommendations.services``."""

from django import forms

from actionplans.models import PlanAction, ProgressUpdate, Recommendation, RecommendationLink
from cases.documents.forms import UploadField
from cases.reviews.forms import UKDateField
from dhr.files.uploads import check_upload
from dhr.forms import GovUKFormMixin
from dhr.models import Agency, Partnership

S = PlanAction.Status


def _agencies():
    return Agency.objects.filter(is_active=True).order_by("name")


class RecommendationForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Recommendation",
        error_messages={"required": "Enter the recommendation"},
    )
    level = forms.ChoiceField(
        choices=Recommendation.Level.choices,
        widget=forms.RadioSelect,
        label="Level",
        error_messages={"required": "Choose the level of the recommendation"},
    )
    addressed_agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Agencies it is addressed to",
    )
    addressed_to = forms.CharField(
        max_length=200,
        required=False,
        label="Or another body it is addressed to (optional)",
        help_text="For example, the Home Office or NHS England.",
    )
    source = forms.ChoiceField(
        choices=Recommendation.Source.choices,
        widget=forms.RadioSelect,
        label="Where it comes from",
        initial=Recommendation.Source.OVERVIEW_REPORT,
    )
    source_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Whose agency report (if it comes from one)",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Recommendation.themes.rel.model.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes",
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressed_agencies"].queryset = _agencies()
        self.fields["source_agency"].queryset = _agencies()
        self.fields["themes"].queryset = themes

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and not data.get("addressed_agencies")
            and not (data.get("addressed_to") or "").strip()
        ):
            self.add_error(
                "addressed_agencies", "Choose the agencies or name the body it is addressed to"
            )
        if data.get("source") == Recommendation.Source.AGENCY_REPORT and not data.get(
            "source_agency"
        ):
            self.add_error("source_agency", "Choose the agency whose report it comes from")
        return data


class WithdrawForm(GovUKFormMixin, forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is the recommendation withdrawn?",
        error_messages={"required": "Enter why the recommendation is withdrawn"},
    )


class LinkForm(forms.Form):
    earlier = forms.IntegerField()
    relation = forms.ChoiceField(choices=RecommendationLink.Relation.choices)
    score = forms.FloatField(required=False)


class ActionForm(GovUKFormMixin, forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What will be done",
        error_messages={"required": "Enter what will be done"},
    )
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Lead agency",
        error_messages={"required": "Choose the lead agency"},
    )
    owner_name = forms.CharField(
        max_length=150,
        required=False,
        label="Named owner (optional)",
        help_text="A role or a name in the lead agency, for example: Head of safeguarding.",
    )
    target_date = UKDateField(
        not_future=False,
        label="Target date",
        help_text="The lead agency is reminded before it. For example, 31/03/2027",
        error_messages={"required": "Enter the target date"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = _agencies()


class CloseActionForm(GovUKFormMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[(S.NOT_COMPLETED, S.NOT_COMPLETED.label), (S.SUPERSEDED, S.SUPERSEDED.label)],
        widget=forms.RadioSelect,
        label="Record the action as",
        error_messages={"required": "Choose how the action ends"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason",
        error_messages={"required": "Enter the reason"},
    )


class MilestoneForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(
        max_length=200, label="Milestone", error_messages={"required": "Enter the milestone"}
    )
    due_on = UKDateField(
        not_future=False, label="Due date", error_messages={"required": "Enter the due date"}
    )


class MilestoneEditForm(MilestoneForm):
    done_on = UKDateField(
        required=False,
        label="Date reached (optional)",
        help_text="Leave it empty while the milestone is not reached.",
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files, each checked by content and size like every upload."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [check_upload(super(EvidenceField, self).clean(item, initial)) for item in files]


class UpdateForm(GovUKFormMixin, forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What has been done",
        error_messages={"required": "Enter what has been done"},
    )
    proposed_status = forms.ChoiceField(
        choices=[
            (status, status.label) for status in (S.IN_PROGRESS, S.COMPLETED, S.NOT_COMPLETED)
        ],
        widget=forms.RadioSelect,
        label="Status you propose",
        help_text="The review manager signs off a completion (or a non-completion).",
        error_messages={"required": "Choose the status you propose"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="If it will not be completed, why not",
    )
    evidence = EvidenceField(
        label="Evidence (optional unless you propose completion)",
        help_text="One or more PDF, Word, Excel, OpenDocument or plain text files.",
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("proposed_status") == S.NOT_COMPLETED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Enter why the action will not be completed")
        return data


class SignOffForm(GovUKFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("sign_off", "Sign it off"), ("refuse", "Send it back to the lead agency")],
        widget=forms.RadioSelect,
        label="Your decision",
        error_messages={"required": "Choose whether to sign it off or send it back"},
    )
    refusal_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="If you send it back, why",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("refusal_reason") or "").strip():
            self.add_error("refusal_reason", "Enter why the update is sent back")
        return data


class ThemeForm(GovUKFormMixin, forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership",
        error_messages={"required": "Choose the partnership"},
    )
    name = forms.CharField(
        max_length=100, label="New theme", error_messages={"required": "Enter the theme"}
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships


class ImportForm(GovUKFormMixin, forms.Form):
    """The first step of the import: the file (read once, then kept on the server)."""

    upload = UploadField(
        purpose="action_plan",
        label="The action plan (Excel .xlsx or .xls, or CSV)",
        help_text="Title rows, merged recommendation cells and blank rows are fine.",
        error_messages={"required": "Select the action plan file"},
    )


class ImportConfirmForm(GovUKFormMixin, forms.Form):
    """The last step: import what the preview shows, adding to or replacing the plan."""

    replace = forms.BooleanField(
        required=False,
        label="Replace the review's recommendations (they stay in the history)",
    )


ProgressDecision = ProgressUpdate.Decision

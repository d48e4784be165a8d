"""The briefing's form: its seven parts, with the review's themes and agreed recommendations
offered as choices; and the reason a published briefing is withdrawn."""

from crispy_forms_gds.layout import Layout
from django import forms

from actionplans.models import Recommendation, Theme
from dhr.forms import GovUKFormMixin
from publications.briefings.models import PARTS


class RecommendationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"Recommendation {obj.number}: {obj.text}"


class BriefingForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="Leave empty for “Learning briefing: Case <pseudonym>”.",
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes of the briefing",
        help_text="The themes of the review's agreed recommendations are chosen to start with.",
    )
    recommendations = RecommendationChoice(
        queryset=Recommendation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Recommendations to list under “What to do”",
        help_text="The review's agreed recommendations.",
    )

    def __init__(self, *args, themes, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading, hint in PARTS:
            self.fields[name] = forms.CharField(
                label=heading,
                help_text=hint,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        self.fields["themes"].queryset = themes
        self.fields["recommendations"].queryset = recommendations
        self.order_fields(["title", *(name for name, _, _ in PARTS)])
        self.helper.layout = Layout(*self.fields)

    def clean(self):
        cleaned = super().clean()
        written = [name for name, _, _ in PARTS if (cleaned.get(name) or "").strip()]
        if not written and not cleaned.get("themes") and not cleaned.get("recommendations"):
            raise forms.ValidationError("Write at least one part of the briefing")
        return cleaned

    def parts(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name, _, _ in PARTS}


class WithdrawForm(GovUKFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the briefing withdrawn?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the briefing is withdrawn"},
    )

"""Forms of the Commissioner's pages (GOV.UK markup through crispy-forms-gds)."""

from django import forms

from cases.documents.forms import UploadField
from cases.reviews.forms import UKDateField
from dhr.forms import GovUKFormMixin
from dhr.models import Agency, Partnership


class ReportForm(GovUKFormMixin, forms.Form):
    """The Commissioner's report on a review; with ``themed``, a report on a theme of one of
    the user's partnerships."""

    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership",
        error_messages={"required": "Select the partnership"},
    )
    title = forms.CharField(
        max_length=200,
        label="Title of the report",
        error_messages={"required": "Enter the title of the report"},
    )
    theme = forms.CharField(
        max_length=200,
        label="Theme",
        help_text="What the report is about, for example: stalking.",
        error_messages={"required": "Enter the theme of the report"},
    )
    published_on = UKDateField(
        label="Date the Commissioner published it",
        help_text="Responses are due 56 days after this date. For example, 27/03/2026",
        error_messages={"required": "Enter the date the report was published"},
    )
    url = forms.URLField(
        max_length=500,
        required=False,
        label="Address of the published report (optional)",
        assume_scheme="https",
    )

    def __init__(self, *args, themed: bool, user, **kwargs):
        super().__init__(*args, **kwargs)
        if themed:
            self.fields["partnership"].queryset = user.partnerships.filter(is_active=True)
        else:
            del self.fields["partnership"]
            del self.fields["theme"]


class RecommendationForm(GovUKFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        label="Public body the recommendation is addressed to",
        error_messages={"required": "Select the public body"},
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Recommendation",
        error_messages={"required": "Enter the recommendation"},
    )


class ResponseForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Your response",
        help_text="What your organisation will do, or why it will not act on it.",
        error_messages={"required": "Enter your response"},
    )
    responded_on = UKDateField(
        label="Date of the response",
        error_messages={"required": "Enter the date of the response"},
    )
    published_url = forms.URLField(
        max_length=500,
        required=False,
        label="Where the response is published (optional)",
        help_text="The law asks you to publish your response, usually on your website.",
        assume_scheme="https",
    )
    document = UploadField(
        required=False,
        label="The response as a document (optional)",
        purpose="commissioner_response",
    )

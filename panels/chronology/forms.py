"""Forms of the agency contributions, combined chronology and panel meeting pages.

Plain forms: they check what was typed and hand ``cleaned_data`` to the domain functions
(``panels.contributions.services``, ``panels.meetings.services``), which make the change.
"""

from django import forms

from cases.reviews.forms import UKDateField
from dhr.forms import GovUKFormMixin


class ChronologyFilterForm(GovUKFormMixin, forms.Form):
    """The combined chronology's filters (a GET form: nothing here changes anything)."""

    # The agencies' ids and names come from the review's current versions, which the page has
    # read already (``combined.agencies_with_entries``): no query of the agencies of its own.
    agency = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Agency")
    date_from = UKDateField(not_future=False, required=False, label="From")
    date_to = UKDateField(not_future=False, required=False, label="To")

    def __init__(self, *args, agencies: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.agency_names = dict(agencies)
        self.fields["agency"].choices = [("", "All agencies"), *agencies]
        for name in ("date_from", "date_to"):
            self.fields[name].help_text = "For example, 01/03/2021"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned


class AnnotationForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Annotation",
        help_text="Everyone on the panel can read annotations, including the agencies.",
        error_messages={"required": "Enter the annotation"},
    )

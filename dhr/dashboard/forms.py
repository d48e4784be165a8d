"""The dashboard's filter, and the annual report's choice of year and partnership."""

from django import forms
from django.utils import timezone

from dhr.dashboard import registry
from dhr.dashboard.scope import Scope, partnerships_for
from dhr.forms import GovUKFormMixin

FIRST_YEAR = 2011  # section 9 of the 2004 Act came into force on 13 April 2011


def year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class DashboardFilterForm(forms.Form):
    """Narrows the figures to one partnership, one year of notification, one review type."""

    partnership = forms.ChoiceField(label="Partnership", required=False)
    year = forms.TypedChoiceField(
        label="Year notified", required=False, coerce=int, empty_value=None
    )
    review_type = forms.ChoiceField(label="Review type", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.partnerships = list(partnerships_for(user))
        self.fields["partnership"].choices = [
            ("", "All your partnerships"),
            *((str(p.pk), p.name) for p in self.partnerships),
        ]
        self.fields["year"].choices = [("", "Every year"), *year_choices()]
        self.fields["review_type"].choices = [("", "All review types"), *registry.review_types()]

    def scope(self) -> Scope:
        """The scope chosen; an invalid choice counts as no choice (the form shows its error)."""
        data = self.cleaned_data if self.is_valid() else {}
        chosen = data.get("partnership")
        ids = tuple(p.pk for p in self.partnerships if not chosen or str(p.pk) == chosen)
        return Scope(
            user=self.user,
            partnership_ids=ids,
            year=data.get("year"),
            review_type=data.get("review_type") or "",
        )

    def chosen_partnerships(self):
        scope_ids = set(self.scope().partnership_ids)
        return [p for p in self.partnerships if p.pk in scope_ids]


class AnnualReportForm(GovUKFormMixin, forms.Form):
    """One year and one partnership, as the committee receives them."""

    FORMATS = [("pdf", "PDF"), ("xlsx", "Spreadsheet (XLSX)")]

    partnership = forms.ChoiceField(label="Partnership")
    year = forms.TypedChoiceField(label="Year notified", coerce=int)
    format = forms.ChoiceField(label="Format", choices=FORMATS, widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.partnerships = list(partnerships_for(user))
        self.fields["partnership"].choices = [(str(p.pk), p.name) for p in self.partnerships]
        self.fields["year"].choices = year_choices()
        self.fields["partnership"].error_messages["required"] = "Choose a partnership"
        self.fields["partnership"].error_messages["invalid_choice"] = "Choose a partnership"
        self.fields["year"].error_messages["required"] = "Choose a year"
        self.fields["format"].error_messages["required"] = "Choose PDF or spreadsheet"

    def chosen_partnership(self):
        return next(p for p in self.partnerships if str(p.pk) == self.cleaned_data["partnership"])

    def scope(self) -> Scope:
        return Scope(
            user=self.user,
            partnership_ids=(self.chosen_partnership().pk,),
            year=self.cleaned_data["year"],
        )

"""The administrators' forms for partnerships and agencies."""

from django import forms

from dhr.forms import GovUKFormMixin
from dhr.locking import OptimisticLockFormMixin
from dhr.organisations.models import Agency, Partnership


class PartnershipForm(OptimisticLockFormMixin, GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "code", "region"]
        labels = {"name": "Name", "code": "Code", "region": "Region (optional)"}
        help_texts = {
            "name": "The Community Safety Partnership's area, for example Swale.",
            "code": "Two to twelve letters used in review references, for example SWA in "
            "DHR-SWA-2026-001.",
        }
        error_messages = {
            "name": {
                "required": "Enter the partnership's name",
                "unique": "There is already a partnership with this name",
                "max_length": "The name must be 120 characters or fewer",
            },
            "code": {
                "required": "Enter the partnership's code",
                "unique": "There is already a partnership with this code",
                "max_length": "The code must be 12 characters or fewer",
                "invalid": "The code can only contain letters, numbers, hyphens and underscores",
            },
            "region": {"max_length": "The region must be 80 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.fields["code"].widget.attrs["class"] = "govuk-input--width-10"
        if self.instance.pk and self.instance.reviews.exists():
            # References already given out contain the code: it stays what it was.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = (
                "The code cannot be changed: the partnership's reviews have references made "
                "with it."
            )

    def clean_code(self):
        code = self.cleaned_data["code"].upper()
        if len(code) < 2:
            raise forms.ValidationError("The code must be at least 2 characters")
        clash = Partnership.objects.filter(code__iexact=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already a partnership with this code")
        return code


class AgencyForm(OptimisticLockFormMixin, GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind"]
        labels = {"name": "Name", "kind": "Kind of agency"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {
                "required": "Enter the agency's name",
                "unique": "There is already an agency with this name",
                "max_length": "The name must be 160 characters or fewer",
            },
            "kind": {"required": "Select the kind of agency"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Agency.Kind.choices  # no empty choice among the radios

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Agency.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already an agency with this name")
        return name


class ActivationForm(GovUKFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why? (optional)",
        required=False,
        max_length=100,
        widget=forms.TextInput,
        help_text="Kept in the history, for example: merged into another trust.",
        error_messages={"max_length": "The reason must be 100 characters or fewer"},
    )

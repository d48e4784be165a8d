"""Forms of the core app, rendered with crispy-forms-gds (GOV.UK Design System markup)."""

from django import forms
from django.contrib.auth import forms as auth_forms

from dhr.accounts.roles import Role
from dhr.forms import GovUKFormMixin
from dhr.locking import OptimisticLockFormMixin
from dhr.models import Agency, Partnership, User


class SignInForm(GovUKFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password.",
        "inactive": "This account has been deactivated. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address"
        # No autofocus: it skips the page's heading and skip link for screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["username"].error_messages["required"] = "Enter your e-mail address"
        self.fields["password"].error_messages["required"] = "Enter your password"


class PasswordResetForm(GovUKFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].error_messages["required"] = "Enter your e-mail address"


class SetPasswordForm(GovUKFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovUKFormMixin, auth_forms.PasswordChangeForm):
    pass


class UserForm(OptimisticLockFormMixin, GovUKFormMixin, forms.ModelForm):
    """An administrator's form for a user's details, role, agency and partnerships.

    Several administrators may change one user: the form carries the version of the user it
    was opened on (``dhr.locking``)."""

    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the user's role"},
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="No agency",
        help_text="Required for agency members: they see the reviews their agency takes part in.",
    )
    partnerships = forms.ModelMultipleChoiceField(
        queryset=Partnership.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Review managers and steering group members work for these partnerships.",
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "role", "agency", "partnerships"]
        labels = {"full_name": "Full name", "email": "E-mail address"}
        error_messages = {
            "full_name": {"required": "Enter the user's full name"},
            "email": {
                "required": "Enter the user's e-mail address",
                "invalid": "Enter an e-mail address in the correct format, like name@example.org",
            },
        }

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A user with this e-mail address already exists")
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Role.AGENCY_MEMBER and not cleaned.get("agency"):
            self.add_error("agency", "Select the agency this agency member works for")
        if role in (Role.REVIEW_MANAGER, Role.STEERING_GROUP) and not cleaned.get("partnerships"):
            self.add_error("partnerships", "Select at least one partnership for this role")
        return cleaned


class UserFilterForm(forms.Form):
    """Search and filters of the user list (GET)."""

    q = forms.CharField(label="Search by name or e-mail", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )
    agency = forms.ModelChoiceField(
        label="Agency", required=False, queryset=Agency.objects.all(), empty_label="Any agency"
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Active and deactivated"), ("active", "Active"), ("inactive", "Deactivated")],
    )

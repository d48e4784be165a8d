"""Every free-text field has a maximum, refused with a message, never cut short: the browser's
``maxlength`` (which drops what is pasted beyond it without a word) is never sent, and the
server says how long the text may be and how long it was (``dhr.forms.apply_text_limits``)."""

import pytest
from django import forms
from django.urls import reverse

from cases.family.forms import FamilyMemberForm
from cases.lifecycle.forms import AnswerRequestForm
from dhr.accounts.forms import UserForm
from dhr.accounts.roles import Role
from dhr.forms import LONG_TEXT_MAX, SHORT_TEXT_MAX, GovUKFormMixin, described
from dhr.models import User
from dhr.organisations.forms import PartnershipForm

pytestmark = pytest.mark.django_db  # the model forms read their choices


class Sample(GovUKFormMixin, forms.Form):
    name = forms.CharField(max_length=150, label="Full name")
    search = forms.CharField(required=False, label="Search")
    notes = forms.CharField(widget=forms.Textarea, label="Notes", required=False)
    reason = forms.CharField(widget=forms.Textarea, label="Why is it withdrawn?", required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)


def errors_of(form, field: str) -> list[str]:
    assert not form.is_valid()
    return form.errors[field]


def test_a_300_character_name_is_refused_not_cut_to_150():
    form = Sample({"name": "N" * 300})
    assert errors_of(form, "name") == [
        "The full name must be 150 characters or fewer (you entered 300)"
    ]
    assert Sample({"name": "N" * 150}).is_valid()


def test_fields_without_a_limit_of_their_own_get_the_shared_ones():
    form = Sample({"name": "Ann", "search": "s" * (SHORT_TEXT_MAX + 1)})
    assert errors_of(form, "search") == [
        f"The search must be {SHORT_TEXT_MAX} characters or fewer (you entered 501)"
    ]
    notes = Sample({"name": "Ann", "notes": "n" * (LONG_TEXT_MAX + 2)})
    assert errors_of(notes, "notes") == [
        "The notes must be 50,000 characters or fewer (you entered 50,002)"
    ]
    # A question as the label: the message speaks of the answer.
    reason = Sample({"name": "Ann", "reason": "r" * (LONG_TEXT_MAX + 1)})
    assert errors_of(reason, "reason") == [
        "The answer must be 50,000 characters or fewer (you entered 50,001)"
    ]
    # 30,000 characters are a long answer, not too long.
    assert Sample({"name": "Ann", "notes": "n" * 30_000}).is_valid()


def test_no_field_is_rendered_with_maxlength():
    html = str(Sample().as_div())
    assert "maxlength" not in html
    for form in (UserForm(), FamilyMemberForm(), AnswerRequestForm(record=None)):
        assert "maxlength" not in str(form.as_div()), type(form).__name__


def test_a_forms_own_message_for_the_limit_is_kept():
    form = PartnershipForm({"name": "P" * 121, "code": "SWA"})
    assert "The name must be 120 characters or fewer" in errors_of(form, "name")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Full name", "The full name"),
        ("Where (optional)", "The answer"),
        ("What will be done", "The answer"),
        ("Why can the review resume?", "The answer"),
        ("DASH risk level", "The DASH risk level"),
    ],
)
def test_how_a_message_names_the_field(label, expected):
    assert described(label) == expected


def test_the_family_members_name_is_refused_when_too_long():
    form = FamilyMemberForm({"name": "R" * 300, "relationship": "Sister"})
    assert errors_of(form, "name") == ["The name must be 150 characters or fewer (you entered 300)"]


def test_the_answer_summary_has_the_long_maximum():
    form = AnswerRequestForm(
        {"had_contact": "yes", "summary": "s" * (LONG_TEXT_MAX + 1)}, record=None
    )
    assert errors_of(form, "summary") == [
        "The summary must be 50,000 characters or fewer (you entered 50,001)"
    ]


def test_inviting_a_user_with_a_300_character_name_is_refused_on_the_page(admin_client):
    response = admin_client.post(
        reverse("users:invite"),
        {"full_name": "N" * 300, "email": "long@example.org", "role": Role.CHAIR},
    )
    assert response.status_code == 200
    assert "The full name must be 150 characters or fewer (you entered 300)" in (
        response.content.decode()
    )
    assert not User.objects.filter(email="long@example.org").exists()

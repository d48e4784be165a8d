"""Forms of the core app, rendered with crispy-forms-gds (GOV.UK Design System markup).

Every free-text field has a maximum, checked on the server with a message that says so
(``apply_text_limits``): a field's own ``max_length`` (a model field's, or the form's), else
``LONG_TEXT_MAX`` for a text area and ``SHORT_TEXT_MAX`` for a one-line field. The browser's
``maxlength`` attribute is never set: it cuts pasted text off without a word (GOV.UK Design
System: "avoid using the maxlength attribute"), so a 300-character name would be saved as its
first 150 characters instead of being refused.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import pretty_name

# About 8,000 words: more than any answer, summary or set of minutes a review holds.
LONG_TEXT_MAX = 50_000
# A one-line field that no model column limits (a search, a filter).
SHORT_TEXT_MAX = 500

_QUESTION_WORDS = {"what", "why", "how", "when", "where", "who", "which", "if", "is", "does", "did"}


class TextLimit(MaxLengthValidator):
    """A maximum length with the project's message: "The full name must be 150 characters or
    fewer (you entered 300)". Its code is ``max_length``, so a form's own message for that code
    (``error_messages={"max_length": ...}``) still takes its place."""

    def __init__(self, limit: int, what: str):
        super().__init__(limit)
        self.what = what

    def __call__(self, value):
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(
                f"{self.what} must be {self.limit_value:,} characters or fewer "
                f"(you entered {length:,})",
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": length},
            )

    def __eq__(self, other):
        return (
            isinstance(other, TextLimit)
            and self.limit_value == other.limit_value
            and self.what == other.what
        )


def described(label: str) -> str:
    """How a message names a field: "The full name", or "The answer" when the label is a
    question ("Why is the recommendation withdrawn?")."""
    text = str(label).replace("(optional)", "").strip()
    words = text.split()
    if not words or text.endswith("?") or words[0].lower() in _QUESTION_WORDS:
        return "The answer"
    if len(words[0]) > 1 and words[0][1].isupper():  # an acronym: "DASH risk level"
        return f"The {text}"
    return f"The {text[0].lower()}{text[1:]}"


def apply_text_limits(form: forms.BaseForm) -> None:
    """Gives every text field of ``form`` its maximum (see the module's docstring) as a
    server-side check with a clear message, and takes the ``maxlength`` attribute off."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
            continue
        limit = field.max_length or (
            LONG_TEXT_MAX if isinstance(field.widget, forms.Textarea) else SHORT_TEXT_MAX
        )
        field.max_length = limit
        field.validators = [
            validator
            for validator in field.validators
            if not isinstance(validator, MaxLengthValidator)
        ]
        field.validators.append(TextLimit(limit, described(field.label or pretty_name(name))))
        field.widget.attrs.pop("maxlength", None)


class GovUKFormMixin:
    """Gives a form the GOV.UK helper (labels at size S, errors in the page's error summary) and
    the text fields' maximum lengths (``apply_text_limits``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The page's own <form> carries the CSRF token; crispy would add a second one.
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        apply_text_limits(self)

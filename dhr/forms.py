"""Forms of the core app, rendered with crispy-forms-gds (GOV.UK Design System markup).

Every free-text field has a maximum, checked on the server with a message that says so
(``apply_text_limits``): a field's own ``max_length`` (a model field's, or the form's), else
``LONG_TEXT_MAX`` for a text area and ``SHORT_TEXT_MAX`` for a one-line field. The browser's
``maxlength`` attribute is never set: it cuts pasted text off without a word (GOV.UK Design
System: "avoid using the maxlength attribute"), so a 300-character name would be saved as its
first 150 characters instead of being refused.
"""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import pretty_name
from django.utils import timezone

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


# --- Dates people remember -----------------------------------------------------------------------

DATE_PARTS = ("day", "month", "year")


class MemorableDateWidget(forms.MultiWidget):
    """The GOV.UK date input: three text inputs, Day, Month and Year, posted as
    ``<name>_day``, ``<name>_month`` and ``<name>_year``. The parts the field found wrong
    (``error_parts``) get the error style; the error summary links to the first of them."""

    template_name = "gds/widgets/date.html"

    def __init__(self, attrs=None, autocomplete: str = ""):
        def part(label, width):
            part_attrs = {
                "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                "inputmode": "numeric",
                "label": label,
            }
            if autocomplete:  # "bday" for the user's own birthday; never for someone else's
                part_attrs["autocomplete"] = f"{autocomplete}-{label.lower()}"
            return forms.TextInput(attrs=part_attrs)

        widgets = {"day": part("Day", 2), "month": part("Month", 2), "year": part("Year", 4)}
        super().__init__(widgets, attrs)
        self.error_parts: tuple = ()

    def decompress(self, value):
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        whole_id = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            part_attrs = subwidget["attrs"]
            if whole_id:
                part_attrs["id"] = f"{whole_id}_{part}"
            # crispy-forms-gds marks every part of a field in error; only the wrong ones are.
            classes = [c for c in part_attrs["class"].split() if c != "govuk-input--error"]
            part_attrs.pop("aria-invalid", None)
            if part in self.error_parts:
                classes.append("govuk-input--error")
                part_attrs["aria-invalid"] = "true"
            part_attrs["class"] = " ".join(classes)
        return context

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else id_


class MemorableDateField(forms.MultiValueField):
    """A date people remember (a date of birth) in the GOV.UK three-field date input, with the
    Design System's error messages: "Enter date of birth", "Date of birth must include a month",
    "Date of birth must be a real date", "Date of birth must be in the past".

    ``earliest`` is the first date accepted (1 January 1900 unless told); ``not_future``
    refuses dates after today."""

    widget = MemorableDateWidget

    def __init__(self, *, label: str, not_future=True, earliest=None, **kwargs):
        kwargs.setdefault("help_text", "For example, 27 3 1985")
        self.required_message = kwargs.get("error_messages", {}).get("required")
        fields = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(fields, label=label, require_all_fields=False, **kwargs)
        self.not_future = not_future
        self.earliest = date(1900, 1, 1) if earliest is None else earliest

    @property
    def _name(self) -> str:
        return str(self.label)

    def _refuse(self, message: str, parts=DATE_PARTS, code="invalid"):
        self.widget.error_parts = tuple(parts)
        raise forms.ValidationError(message, code=code)

    def clean(self, value):
        self.widget.error_parts = ()
        parts = [str(v or "").strip() for v in (list(value or []) + [None] * 3)[:3]]
        if not any(parts):
            if self.required:
                self._refuse(
                    self.required_message or f"Enter {self._name.lower()}", code="required"
                )
            return None
        missing = [name for name, part in zip(DATE_PARTS, parts, strict=True) if not part]
        if missing:
            self._refuse(f"{self._name} must include a {' and '.join(missing)}", missing)
        if not all(part.isdigit() for part in parts):
            wrong = [n for n, p in zip(DATE_PARTS, parts, strict=True) if not p.isdigit()]
            self._refuse(f"{self._name} must be a real date", wrong)
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) != 4:
            self._refuse("Year must include 4 numbers", ("year",))
        try:
            result = date(year, month, day)
        except ValueError:
            self._refuse(f"{self._name} must be a real date")
        if self.not_future and result > timezone.localdate():
            self._refuse(f"{self._name} must be today or in the past")
        if result < self.earliest:
            self._refuse(
                f"{self._name} must be the same as or after "
                f"{self.earliest.day} {self.earliest:%B %Y}"
            )
        return result

    def compress(self, data_list):  # clean() builds the date itself
        return None

    def has_changed(self, initial, data) -> bool:
        """Changed when the date typed differs from the one recorded ("04" is 4)."""
        shown = self.widget.error_parts  # kept: this check must not change what is highlighted
        try:
            typed = self.clean(data)
        except forms.ValidationError:
            return True
        finally:
            self.widget.error_parts = shown
        return typed != initial

"""Forms of the core app, rendered with crispy-forms-gds (GOV.UK Design System markup)."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.utils import timezone


class GovUKFormMixin:
    """Gives a form the GOV.UK helper: labels at size S, errors in the page's error summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The page's own <form> carries the CSRF token; crispy would add a second one.
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL


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

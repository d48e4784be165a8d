"""The form of one section of the Home Office data form, built from ``fields``.

Each question asked on the form (not filled in from elsewhere) becomes a field named after the
attribute that stores it. Nothing is required: a manager may save a section part-answered and
come back; the page and the QA guard say what is still missing. "Not known" is an answer like
any other, so it is always one of the options.
"""

from crispy_forms_gds.layout import Layout
from django import forms

from cases.reviews.forms import UKDateField
from dhr.forms import GovUKFormMixin
from dhr.locking import OptimisticLockFormMixin
from publications.homeoffice import fields
from publications.homeoffice.exports import CSV, XLSX, Basis, Filters
from publications.homeoffice.fields import Answer, Question


def _form_field(question: Question, to_check: str = "") -> forms.Field:
    help_text = question.hint
    if to_check:
        help_text = (
            f"{help_text} Recorded before as “{to_check}”: choose the answer that fits.".strip()
        )
    common = {"label": question.label, "required": False, "help_text": help_text}
    if question.answer == Answer.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=question.choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.uses_select:
        return forms.ChoiceField(choices=[("", "Not answered yet"), *question.choices], **common)
    return forms.ChoiceField(choices=question.choices, widget=forms.RadioSelect, **common)


class SectionForm(GovUKFormMixin, forms.Form):
    """The questions of one section that are asked here (``items``: ``services.Item``)."""

    def __init__(self, *args, items, **kwargs):
        self.items = [item for item in items if item.editable]
        initial = {item.question.attribute: item.value for item in self.items}
        super().__init__(*args, initial=initial, **kwargs)
        for item in self.items:
            self.fields[item.question.attribute] = _form_field(item.question, item.to_check)
        self.helper.layout = Layout(*self.fields)

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            question = item.question
            chosen = cleaned.get(question.attribute)
            if question.answer != Answer.MULTIPLE or not chosen:
                continue
            exclusive = [code for code in chosen if code in fields.EXCLUSIVE_CODES]
            if exclusive and len(chosen) > 1:
                self.add_error(
                    question.attribute,
                    f"Select “{question.labels[exclusive[0]]}” on its own, or the answers "
                    "that apply",
                )
        return cleaned

    def answers(self) -> dict:
        """The answers as the services take them (attribute -> code or list of codes)."""
        return {
            item.question.attribute: self.cleaned_data[item.question.attribute]
            for item in self.items
        }


class PersonSectionForm(OptimisticLockFormMixin, SectionForm):
    """A person's questions; several managers may answer them, so the form is locked
    optimistically on the person (``dhr.locking``)."""

    def __init__(self, *args, items, subject, **kwargs):
        super().__init__(*args, items=items, record=subject, **kwargs)


class BulkExportForm(GovUKFormMixin, forms.Form):
    """What the bulk export holds: a date range on one of the reviews' dates, a partnership
    (among those the user may export) or all of them, and the file's format."""

    date_from = UKDateField(label="From", required=False, not_future=False)
    date_to = UKDateField(label="To", required=False, not_future=False)
    basis = forms.ChoiceField(
        label="Which date the range is about",
        choices=Basis.CHOICES,
        initial=Basis.DEATH,
        widget=forms.RadioSelect,
        required=False,
    )
    partnership = forms.ChoiceField(label="Partnership", required=False)
    file_format = forms.ChoiceField(
        label="File",
        choices=[(XLSX, "Spreadsheet (XLSX) with the columns and codes explained"), (CSV, "CSV")],
        initial=XLSX,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [
            ("", "All partnerships"),
            *[(p.code, p.name) for p in partnerships],
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end of the range must be on or after its start")
        cleaned["basis"] = cleaned.get("basis") or Basis.DEATH
        cleaned["file_format"] = cleaned.get("file_format") or XLSX
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            basis=data["basis"],
            partnership=data.get("partnership", ""),
        )

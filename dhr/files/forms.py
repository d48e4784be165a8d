"""The column-matching form of the spreadsheet imports (``dhr.files.columns``)."""

from collections.abc import Sequence

from django import forms

from dhr.files.columns import Column
from dhr.forms import GovUKFormMixin

NOT_IN_FILE = ""


class ColumnsForm(GovUKFormMixin, forms.Form):
    """For each of our columns, which of the file's columns holds it (once per column)."""

    def __init__(
        self,
        *args,
        labels: list,
        columns: Sequence[Column],
        initial_columns: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, "Not in this file"), *((label, label) for label in labels)]
        for column in columns:
            self.fields[column.name] = forms.ChoiceField(
                choices=choices,
                required=column.required,
                label=column.heading,
                initial=(initial_columns or {}).get(column.name, NOT_IN_FILE),
                error_messages={
                    "required": f"Select the column that holds the {column.heading.lower()}",
                    "invalid_choice": "Select one of the file's columns",
                },
            )

    def clean(self):
        cleaned = super().clean()
        seen: dict = {}
        for name, label in list(cleaned.items()):
            if not label:
                continue
            if label in seen:
                self.add_error(name, f"“{label}” is already used for {seen[label]}")
            else:
                seen[label] = self.fields[name].label.lower()
        return cleaned

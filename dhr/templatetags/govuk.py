"""Template helpers for GOV.UK Design System markup."""

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error summary link should point at: the field, or its first option.

    crispy-forms-gds numbers radio and checkbox options from 1 (``id_role_1``); a date input
    links to its first wrong part (``id_date_of_birth_month``).
    """
    widget = bound_field.field.widget
    if isinstance(widget, forms.MultiWidget):
        # The GOV.UK date input (dhr.forms.MemorableDateWidget): the first part in error.
        parts = getattr(widget, "error_parts", ()) or ("day",)
        return f"{bound_field.auto_id}_{parts[0]}"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return bound_field.auto_id


@register.filter
def page_links(page) -> list:
    """The page numbers the GOV.UK pagination shows for ``page``: the first and last, two
    either side of the current one, and ``None`` for each gap (an ellipsis). Worked out by
    Django (``get_elided_page_range``), so the template loops over a handful of items rather
    than every page (a 40,000-entry chronology has 800)."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return [None if number == page.paginator.ELLIPSIS else number for number in numbers]


@register.filter
def options(bound_field) -> list:
    """A choice field's ``(value, label, selected)`` options, as ``includes/select_field.html``
    draws them; ``selected`` is the option whose value, as text, is the field's (the field's
    value is worked out once, not once an option). A model choice field's own choices, looped
    over by ``{% for %}``, first count the rows (the loop asks their ``len()``) and then read
    them through a server-side cursor: four round trips for a dozen agencies. Here the queryset
    is read once, as a list, in the same order and with the same labels (and django-filter's
    "null" option after the empty one, as it puts it)."""
    field = bound_field.field
    choices = field.choices
    if isinstance(choices, forms.models.ModelChoiceIterator):
        drawn = []
        if field.empty_label is not None:
            drawn.append(("", field.empty_label))
        if getattr(field, "null_label", None) is not None:
            drawn.append((field.null_value, field.null_label))
        drawn += [choices.choice(instance) for instance in field.queryset]
    else:
        drawn = list(choices)
    current = str(bound_field.value())
    return [(value, label, str(value) == current) for value, label in drawn]

"""Template helpers for GOV.UK Design System markup."""

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error summary link should point at: the field, or its first option.

    crispy-forms-gds numbers radio and checkbox options from 1 (``id_role_1``).
    """
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return bound_field.auto_id

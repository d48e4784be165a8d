"""Forms of the core app, rendered with crispy-forms-gds (GOV.UK Design System markup)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size


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

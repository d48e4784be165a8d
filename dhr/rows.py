"""The rows of long tables, rendered by Jinja2 (the ``rows`` template engine in the settings).

Django's template engine interprets a template node by node: about 8 µs a variable and 150 µs
a chronology entry. A page of 50 entries under a summary of 61 months spent about 13 ms of its
37 in those rows, and My work and the review list a third of theirs. Jinja2 compiles a template
to Python once, and renders the same rows several times faster.

Only the rows of long lists are written for it, as ``*.jinja`` files beside the page's own
template (the same folders). The page stays a Django template: the view renders the rows with
``render_rows`` and the page shows them as ``{{ entry_rows }}``. Every value is escaped by
Django's own escape (its safe strings stay as they are), and the filters are the project's.
"""

import jinja2
from django.template import engines
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from dhr.templatetags.dates import DATE_FILTERS

ENGINE = "rows"


def environment(**options) -> jinja2.Environment:
    """The Jinja2 environment of the ``rows`` engine, from the options Django's backend passes
    (the template folders, reloading only under DEBUG). Escaping is always on, whatever the
    settings say."""
    options.pop("autoescape", None)
    # Every value escaped by Django's own escape before Jinja2 sees it (a safe string, left as
    # it is): the same characters as the Django templates write ("&#x27;", not "&#39;").
    env = jinja2.Environment(autoescape=True, finalize=conditional_escape, **options)
    env.filters.update(DATE_FILTERS)
    # Django's own, escaping the text first: the same <br> as the Django templates give.
    env.filters["linebreaksbr"] = linebreaksbr
    return env


def render_rows(template_name: str, **context) -> SafeString:
    """The rows as HTML for a Django template to show as they are (escaped by Jinja2)."""
    return mark_safe(engines[ENGINE].get_template(template_name).render(context))  # noqa: S308

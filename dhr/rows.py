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

import html
import re

import jinja2
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

from dhr.templatetags.dates import DATE_FILTERS

ENGINE = "rows"


def environment(**options) -> jinja2.Environment:
    """The Jinja2 environment of the ``rows`` engine, from the options Django's backend passes
    (the template folders, reloading only under DEBUG). Escaping is always on, whatever the
    settings say."""
    options.pop("autoescape", None)
    env = jinja2.Environment(autoescape=True, finalize=escaped, **options)
    env.filters.update(DATE_FILTERS)
    env.filters["linebreaksbr"] = linebreaksbr
    return env


def escaped(value):
    """A value escaped as Django's ``escape`` does (``html.escape``: "&#x27;", where Jinja2
    would write "&#39;"), so both engines write the same characters; a safe string (Django's or
    Jinja2's) as it is. Jinja2 applies it to every value it writes (``finalize``). Django's own
    ``conditional_escape`` gives the same, but through its lazy-string wrappers, several times
    slower at a thousand values a page."""
    if hasattr(value, "__html__"):
        return value
    return SafeString(html.escape(str(value)))


_NEWLINES = re.compile(r"\r\n|\r")


def linebreaksbr(value):
    """Django's ``linebreaksbr`` filter: the text escaped (unless safe), each line break a
    ``<br>``."""
    text = str(value) if hasattr(value, "__html__") else html.escape(str(value))
    return SafeString(_NEWLINES.sub("\n", text).replace("\n", "<br>"))


def render_rows(template_name: str, **context) -> SafeString:
    """The rows as HTML for a Django template to show as they are (escaped by Jinja2)."""
    return mark_safe(engines[ENGINE].get_template(template_name).render(context))  # noqa: S308

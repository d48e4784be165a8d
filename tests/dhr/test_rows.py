"""The Jinja2 rows of long tables (``dhr.rows``): escaped as Django escapes, Django's safe
strings kept, the project's date filters (in local time) and Django's ``linebreaksbr``."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils.safestring import SafeString, mark_safe

from dhr.rows import environment, render_rows


def _render(source: str, **context) -> str:
    from django.template import engines

    return engines["rows"].from_string(source).render(context)


def test_text_is_escaped_and_safe_strings_are_kept():
    rendered = _render(
        "{{ text }}|{{ safe }}", text='<script>alert("x")</script> & co', safe=mark_safe("<b>b</b>")
    )
    assert rendered == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co|<b>b</b>"
    # The characters Django's templates write, quotes included.
    django = Template("{{ text }}").render(Context({"text": 'Commissioner\'s "x" <y>'}))
    assert _render("{{ text }}", text='Commissioner\'s "x" <y>') == django
    assert "&#x27;" in django


def test_linebreaksbr_gives_what_the_django_filter_gives():
    for text in (
        "first <line>\nsecond & last",
        "Windows\r\nand old Mac\rline ends, 'quoted' \"too\"",
        mark_safe("<b>safe</b>\nkept"),
        None,
        "",
    ):
        django = Template("{{ text|linebreaksbr }}").render(Context({"text": text}))
        assert _render("{{ text|linebreaksbr }}", text=text) == django, text
    assert _render("{{ text|linebreaksbr }}", text="a <b>\nc") == "a &lt;b&gt;<br>c"


def test_date_filters_match_the_django_ones_in_local_time():
    # 23:30 UTC on 31 July is 00:30 on 1 August in London (BST): the day shown is London's.
    moment = datetime(2026, 7, 31, 23, 30, tzinfo=UTC)
    source = "{{ moment|d_mmm_yyyy }} {{ moment|dd_mm_yyyy }} {{ day|d_mmm_yyyy }}"
    source += " [{{ none|dd_mm_yyyy }}]"
    django = Template("{% load dates %}" + source).render(
        Context({"moment": moment, "day": date(2026, 12, 3), "none": None})
    )
    rows = _render(source, moment=moment, day=date(2026, 12, 3), none=None)
    assert rows == django == "1 Aug 2026 01/08/2026 3 Dec 2026 []"
    # The day Django's own date filter gives the same moment.
    assert Template('{{ moment|date:"j M Y" }}').render(Context({"moment": moment})) == "1 Aug 2026"


def test_render_rows_gives_a_safe_string_for_a_django_page():
    rows = render_rows("panels/chronology/period_rows.jinja", periods=[], largest=0)
    assert isinstance(rows, SafeString)
    assert rows.strip() == ""


def test_the_environment_autoescapes_whatever_the_options_say():
    env = environment(autoescape=False)
    assert env.from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"

"""URLs reversed once: one for every row of a list, and the layout's own.

``reverse()`` walks the URL patterns and quotes its arguments: about 45 µs a call, 70 µs as a
template's ``{% url %}``. A list page that links every one of its 50 rows to a review spent
several milliseconds of a 30 ms page on it. ``row_url`` reverses the URL once, with a stand-in
for the argument that changes from row to row, and gives a function that puts each row's
value in the stand-in's place: the same URL ``reverse()`` would give, as the tests check.

Every page also links to the same few places (the header's and footer's links, the menu, a
review's tabs and back link): ``fixed_url`` and ``review_url`` (and the ``links`` template tags
of the same names) reverse each once per process, for its script prefix and URL patterns.
"""

import functools
import re

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

# Digits match every converter the project's URLs use for a row's value (<int:...>, <str:...>);
# no real reference or pk is this long, so it occurs nowhere else in a URL.
_STAND_IN = "9090909090909090909"
# Values that reverse() would put in a URL as they are (no quoting needed); others go through it.
_PLAIN = re.compile(r"[A-Za-z0-9._~-]+")


def row_url(view_name: str, *fixed_args):
    """``url(value)`` == ``reverse(view_name, args=[*fixed_args, value])``."""
    pattern = reverse(view_name, args=[*fixed_args, _STAND_IN])
    before, _, after = pattern.partition(_STAND_IN)

    def url(value) -> str:
        text = str(value)
        if not _PLAIN.fullmatch(text):
            return reverse(view_name, args=[*fixed_args, value])
        return f"{before}{text}{after}"

    return url


def fixed_url(view_name: str) -> str:
    """``reverse(view_name)`` of a URL without arguments, reversed once."""
    return _fixed(view_name, get_script_prefix(), get_urlconf())


def review_url(view_name: str, reference: str) -> str:
    """``reverse(view_name, args=[reference])``, its pattern reversed once (``row_url``)."""
    return _row_url(view_name, get_script_prefix(), get_urlconf())(reference)


@functools.lru_cache(maxsize=512)
def _fixed(view_name: str, _prefix: str, urlconf) -> str:
    return reverse(view_name, urlconf=urlconf)


@functools.lru_cache(maxsize=512)
def _row_url(view_name: str, _prefix: str, _urlconf):
    return row_url(view_name)


def _forget(*, setting, **kwargs):
    """A test that swaps the URL patterns (``override_settings(ROOT_URLCONF=...)``)."""
    if setting == "ROOT_URLCONF":
        _fixed.cache_clear()
        _row_url.cache_clear()


setting_changed.connect(_forget, dispatch_uid="dhr-links-forget")

"""Every URL pattern needs a signed-in user, except the few pages meant for everyone."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

# Pages an anonymous visitor may open: signing in, resetting a password, the statements, health,
# and a calendar feed (404 unless its secret token is right).
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accessibility",
    "privacy",
    "healthz",
    "favicon",
    "admin:login",
    # A calendar program fetches the feed with no session: its secret address is the key.
    "deadlines:calendar_feed",
    # The public register of published reviews, its Atom feed and the published documents.
    "publications:register",
    "publications:register_feed",
    "publications:public_document",
    # A published learning briefing and its PDF (tests/publications/briefings).
    "publications:public_briefing",
    "publications:public_briefing_pdf",
}
# Public pages behind a secret in their address: a made-up one is a 404, not a sign-in page.
SECRET_ADDRESS = {"deadlines:calendar_feed"}
# Public pages of one record: the sample address names none, so it is a 404, not a sign-in page.
PUBLIC_RECORD = {"publications:public_document"}
# Public pages of one published briefing: a made-up one is a 404, not a sign-in page.
SECRET_ADDRESS |= {"publications:public_briefing", "publications:public_briefing_pdf"}

_GROUP = re.compile(r"\(\?P<(\w+)>([^()]*(?:\([^()]*\)[^()]*)*)\)")
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": "12345678-1234-5678-1234-567812345678",
    "path": "x",
}


def _sample_regex(pattern: str) -> str:
    def group(match):
        body = match.group(2)
        if "|" in body and re.fullmatch(r"[\w|]+", body):
            return body.split("|")[0]
        return "1" if ("\\d" in body or "0-9" in body) else "x"

    text = _GROUP.sub(group, pattern)
    return text.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _sample(pattern) -> str:
    text = str(pattern)
    if hasattr(pattern, "regex") and text.startswith("^"):
        return _sample_regex(text)
    return _CONVERTER.sub(lambda m: _SAMPLES.get(m.group(1) or "str", "x"), text)


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + _sample(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, "/" + prefix + _sample(entry.pattern)


ALL_URLS = sorted(set(_walk(get_resolver())), key=lambda item: item[1])


def test_the_walk_finds_the_project_pages():
    names = {name for name, _ in ALL_URLS}
    assert {"home", "users:list", "users:detail", "admin:index", "login"} <= names


@pytest.mark.parametrize(("name", "url"), ALL_URLS, ids=[url for _, url in ALL_URLS])
def test_anonymous_request_is_sent_to_sign_in(db, client, name, url):
    resolve(url)  # the sample URL must reach the pattern it stands for
    response = client.get(url)
    if name in SECRET_ADDRESS or name in PUBLIC_RECORD:
        assert response.status_code == 404
        return
    if name in PUBLIC:
        assert response.status_code in (200, 302)
        if response.status_code == 302:  # e.g. a reset link with a bad token goes to its own page
            assert "/accounts/login/" not in response["Location"]
        return
    assert response.status_code == 302, f"{url} answered {response.status_code}"
    assert response["Location"].startswith(("/accounts/login/?next=", "/admin/login/?next="))


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_exist(name):
    assert name in {n for n, _ in ALL_URLS}

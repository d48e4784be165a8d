"""Accessibility kept at zero: every page each role can reach on the demo data passes axe-core.

The test signs in as one demo user of each role, crawls the links it is offered from the home
page (same-origin GET links only, one page per URL shape), and runs axe-core's WCAG 2.0, 2.1
and 2.2 A and AA rules on each page in Chromium. Any violation fails the test with the rule,
the page, the element and axe's advice. A link that answers with an error fails it too: a page
must not offer what its reader cannot open.

Speed: the demo data is seeded once per test process (a module-scoped server and database, not
the function-scoped ``live_server``, which would flush and reseed for every role) and each role
is its own test, so ``pytest -n 2`` checks the roles in parallel.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from dhr.accounts.roles import Role
from dhr.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser]

# One demo user of each role (dhr/demo.py): the ones with the most to see.
ROLE_USERS = {
    Role.ADMINISTRATOR: "admin@example.org",
    Role.REVIEW_MANAGER: "manager.north@example.org",
    Role.CHAIR: "chair.ellison@example.org",
    Role.AGENCY_MEMBER: "police@example.org",
    Role.STEERING_GROUP: "steering@example.org",
}

# axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no rule tagged
# "wcag22a": the 2.2 level-A criteria it can test automatically are none).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# Not crawled: signing out ends the crawl; the Django admin is the emergency tool, not the
# service (its own styles and markup); files are not pages.
SKIP_PATH = re.compile(
    r"^/(accounts/logout|admin)/"
    r"|/download/?$|/downloads?/|/export(s)?/.+|\.(xlsx|csv|ics|pdf|docx?|zip|svg|png)$"
    r"|/feed(\.ics)?/?$|/calendar(\.ics)?/?$|/template/?$"
)
# Above this a crawl is not finding shapes but enumerating records: widen ``shape()``.
MAX_PAGES_PER_ROLE = 250


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker):
    """A live server on the demo data, seeded once for the module and flushed after it."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


REVIEW_OVERVIEW = re.compile(r"^/reviews/[^/]+/$")


def shape(path: str, query: str) -> str:
    """One key for every page that differs only by which record it shows: ids, references,
    tokens and dates become placeholders; query values are dropped, names kept.

    A review's overview is the exception: its task list and actions change with the stage, and
    the demo has one review at each stage, so every overview is checked."""
    if REVIEW_OVERVIEW.match(path) and not query:
        return path
    parts = []
    for segment in path.split("/"):
        if re.fullmatch(r"\d+", segment):
            segment = "<n>"
        elif re.fullmatch(r"[A-Z]{2,5}-[A-Z0-9]{2,5}-\d{4}-\d{2,4}", segment):
            segment = "<reference>"
        elif re.fullmatch(r"[0-9a-f]{8}-[0-9a-f-]{27}", segment) or re.fullmatch(
            r"[A-Za-z0-9_-]{20,}", segment
        ):
            segment = "<token>"
        elif re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", segment):
            segment = "<date>"
        parts.append(segment)
    names = sorted({name for name, _ in parse_qsl(query, keep_blank_values=True)})
    return "/".join(parts) + ("?" + "&".join(names) if names else "")


@dataclass
class Crawl:
    role: str
    pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#signed-in-user")).to_be_visible()


def links_on(page, origin: str) -> list[str]:
    """The same-origin GET links of the page, without fragments, in document order."""
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "elements => elements.map(a => a.href)"
    )
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        found.append(parts._replace(fragment="").geturl())
    return found


def describe(violation: dict, url: str, role: str) -> list[str]:
    lines = []
    for node in violation["nodes"]:
        target = " ".join(str(t) for t in node["target"])
        lines.append(
            f"{violation['id']} ({violation['impact']}) on {url} as {role}: {target}\n"
            f"    {violation['help']} ({violation['helpUrl']})\n"
            f"    {node.get('failureSummary', '').replace(chr(10), ' ')}\n"
            f"    {node['html'][:300]}"
        )
    return lines


def crawl(page, base_url: str, role: str, axe: Axe) -> Crawl:
    result = Crawl(role)
    origin = f"{urlsplit(base_url).scheme}://{urlsplit(base_url).netloc}"
    queue = deque([(f"{base_url}/", "sign-in")])
    seen = set()
    while queue:
        url, linked_from = queue.popleft()
        parts = urlsplit(url)
        key = shape(parts.path, parts.query)
        if key in seen or SKIP_PATH.search(parts.path):
            continue
        seen.add(key)
        if len(result.pages) >= MAX_PAGES_PER_ROLE:
            result.problems.append(f"more than {MAX_PAGES_PER_ROLE} page shapes: widen shape()")
            break
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file, not a page
            raise
        content_type = response.headers.get("content-type", "") if response else ""
        if response is None or not content_type.startswith("text/html"):
            continue
        if response.status >= 400:
            result.problems.append(
                f"HTTP {response.status} on {path} as {role} (linked from {linked_from})"
            )
            continue
        if urlsplit(page.url).path.startswith("/accounts/login"):
            result.problems.append(f"{path} signed {role} out (linked from {linked_from})")
            break
        result.pages.append(path)
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            result.problems.extend(describe(violation, path, role))
        queue.extend((link, path) for link in links_on(page, origin))
    return result


# The mark makes pytest-django set up the test database even when only these tests run; each
# test's own transaction is empty (the server thread commits on its own connection), and the
# module's data is flushed by ``demo_server``.
@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLE_USERS), ids=[r.value for r in ROLE_USERS])
def test_every_page_a_role_reaches_has_no_axe_violations(role, demo_server, page, record_property):
    page.set_default_timeout(15_000)
    sign_in(page, demo_server.url, ROLE_USERS[role])
    result = crawl(page, demo_server.url, role.value, Axe())
    # Read by tests/e2e/conftest.py, which prints the totals at the end of the run.
    record_property("axe_pages", len(result.pages))
    record_property("axe_role", role.value)
    print(f"axe-core checked {len(result.pages)} pages as {role.value}:")
    print("\n".join(f"  {path}" for path in result.pages))
    assert len(result.pages) > 3, f"the crawl as {role.value} found almost nothing"
    assert not result.problems, (
        f"{len(result.problems)} accessibility problem(s) as {role.value}:\n"
        + "\n".join(result.problems)
    )


def test_a_violation_is_reported_with_its_rule_page_and_element(page):
    """The failure message names what the lead needs to find the fault after a merge."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><h1>Broken</h1><img id="photo" src="data:,"></main></body></html>'
    )
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    lines = [line for v in violations for line in describe(v, "/broken/", "chair")]
    assert any(
        line.startswith("image-alt (critical) on /broken/ as chair: #photo") for line in lines
    )


def test_shapes_fold_records_but_keep_each_review_overview():
    assert shape("/reviews/DHR-SWA-2025-001/meetings/12/edit/", "") == (
        "/reviews/<reference>/meetings/<n>/edit/"
    )
    assert shape("/reviews/DHR-SWA-2025-001/", "") != shape("/reviews/DHR-MED-2026-001/", "")
    assert shape("/users/", "page=2&q=x") == shape("/users/", "q=y&page=3") == "/users/?page&q"

"""A review manager's main journey with the keyboard alone: no clicks, no ``fill``, no ``goto``
after the first page. The skip link, sign-in, the menu, the home page's "Record a
notification", a form sent empty (the error summary takes focus and each of its links moves
focus to its field), the form filled in (text, select, radios, date inputs), the task list and
a second form. Every element reached with Tab must show where the focus is (WCAG 2.4.7)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dhr.accounts.roles import Role
from tests.dhr.factories import PASSWORD, AgencyFactory, PartnershipFactory, UserFactory
from tests.e2e.test_accessibility import AXE_OPTIONS, Axe, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80

# What the focused element says: its label for a form control, otherwise its text.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {text: "", id: "", tag: ""};
  let text = (el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
  if (el.labels && el.labels.length) text = el.labels[0].innerText.trim();
  return {text: text.replace(/\\s+/g, " "), id: el.id, tag: el.tagName.toLowerCase(),
          type: el.type || ""};
}"""

# Whether the focused element is drawn differently from its unfocused self: GOV.UK Frontend
# marks focus with an outline, a box shadow or the yellow background.
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none"
      || style.backgroundColor === "rgb(255, 221, 0)";
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, text: str, *, exact: bool = False, tag: str | None = None) -> dict:
    """Presses Tab until the focused element says ``text`` (at its start, or all of it), then
    checks that the focus can be seen. Fails after ``MAX_TABS`` presses."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        said = now["text"]
        if (said == text if exact else said.startswith(text)) and (
            tag is None or now["tag"] == tag
        ):
            assert page.evaluate(FOCUS_VISIBLE), f"{text!r} has no visible focus indicator"
            return now
    raise AssertionError(f"{text!r} cannot be reached with the Tab key on {page.url}")


def type_into(page, label: str, value: str) -> None:
    tab_to(page, label)
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


def type_date(page, label: str, day) -> None:
    """A date typed as a person would: into the GOV.UK three-field date input (Day, Month,
    Year) where the page has one, otherwise into the one text field."""
    fieldset = page.locator("fieldset", has=page.locator("legend", has_text=label))
    if fieldset.count() and fieldset.locator("input").count() == 3:
        for part, value in zip(
            ("Day", "Month", "Year"), (day.day, day.month, day.year), strict=True
        ):
            type_into(page, part, str(value))
        return
    type_into(page, label, day.strftime("%d/%m/%Y"))


def choose_option(page, label: str, option: str) -> None:
    """Focuses the select and moves through its options with the arrow keys."""
    tab_to(page, label, tag="select")
    for _ in range(60):
        chosen = page.evaluate(
            "() => document.activeElement.selectedOptions[0]?.textContent.trim()"
        )
        if chosen == option:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{option!r} is not an option of {label!r}")


def choose_radio(page, label: str) -> None:
    """Tabs into a radio group (the first radio takes the focus), then arrows to ``label``."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page)["type"] == "radio":
            break
    for _ in range(12):
        if focused(page)["text"] == label:
            page.keyboard.press("Space")
            assert page.evaluate("() => document.activeElement.checked")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no radio {label!r} in the next group on {page.url}")


def back_to_summary(page) -> None:
    """Shift+Tab until the focus is on a link of the error summary."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => !!document.activeElement.closest('.govuk-error-summary')"):
            return
    raise AssertionError("the error summary cannot be reached with Shift+Tab")


def assert_no_axe_violations(page) -> None:
    """The crawl follows links only; the states a form leads to are checked here."""
    path = page.url.split("//", 1)[1].split("/", 1)[1]
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    problems = [line for v in violations for line in describe(v, f"/{path}", "review_manager")]
    assert not problems, "\n".join(problems)


def press_enter_on(page, text: str, **kwargs) -> None:
    tab_to(page, text, **kwargs)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def manager(db):
    swale = PartnershipFactory(name="Swale", code="SWA")
    AgencyFactory(name="Kent Police")
    return UserFactory(
        email="manager@example.org",
        full_name="Sarah Whitfield",
        role=Role.REVIEW_MANAGER,
        partnerships=[swale],
    )


def test_a_review_manager_records_a_notification_and_a_request_by_keyboard(
    live_server, page, manager
):
    page.set_default_timeout(10_000)
    today = timezone.localdate()
    page.goto(f"{live_server.url}/")

    # The skip link is the first stop, and it moves focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"

    # Signing in: type, Tab, type, Enter.
    type_into(page, "E-mail address", manager.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Sarah")).to_be_visible()

    # The menu reaches the reviews, and the home page starts the work.
    press_enter_on(page, "Reviews", exact=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews")
    press_enter_on(page, "Home", exact=True)
    press_enter_on(page, "Record a notification")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a notification")

    # Sent empty: the error summary takes the focus; each link moves focus to its field.
    press_enter_on(page, "Save notification")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert_no_axe_violations(page)  # the form in its error state
    targets = [
        href.lstrip("#")
        for href in summary.locator("a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    ]
    assert len(targets) >= 4
    page.keyboard.press("Tab")  # from the summary to its first link
    for index, target in enumerate(targets):
        assert page.evaluate("() => document.activeElement.getAttribute('href')") == f"#{target}"
        page.keyboard.press("Enter")
        now = page.evaluate("() => document.activeElement.id")
        assert now == target, f"error link {index + 1} moved the focus to {now!r}, not {target!r}"
        # Back up the page into the summary (its last link), then to the next link.
        back_to_summary(page)
        for _ in range(len(targets) - index - 2):
            page.keyboard.press("Shift+Tab")

    # Filled in with the keyboard, from the summary down: select, text, dates, radios, textarea.
    choose_option(page, "Partnership area", "Swale")
    type_into(page, "Pseudonym", "Ottoline")
    type_date(page, "Date of death", today - timedelta(days=10))
    type_date(page, "Date the partnership was notified", today - timedelta(days=8))
    choose_option(page, "Notifying agency", "Kent Police")
    choose_radio(page, "Death by a relative or a current or former intimate partner")
    type_into(page, "Circumstances", "Found at home after a call from a neighbour.")
    press_enter_on(page, "Save notification")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Case Ottoline")
    reference = re.search(r"DHR-SWA-\d{4}-\d{3}", heading.inner_text()).group(0)

    # The overview's action, then the task list, then the request form.
    press_enter_on(page, "Start information gathering")
    press_enter_on(page, "Information gathering", tag="a")
    press_enter_on(page, "Send an information request")
    choose_option(page, "Agency", "Kent Police")
    type_date(page, "Date sent", today - timedelta(days=7))
    type_date(page, "Date the answer is due", today + timedelta(days=14))
    press_enter_on(page, "Record the request")
    expect(page.get_by_role("cell", name="Kent Police")).to_be_visible()
    assert reference in page.url

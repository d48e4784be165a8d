"""The review's tab row marks the page's own tab (and no tab on a stage page), and the task list
says "Not started" for a stage that could start but has not."""

import re
from datetime import date

import pytest
from django.urls import reverse

from cases.lifecycle import workflow
from cases.models import Stage
from cases.reviews import tasklist


def current_tabs(html: str) -> dict:
    """{tab label: its aria-current value} for the tabs marked current in the tab row."""
    nav = re.search(r'<nav class="dhr-sub-navigation.*?</nav>', html, re.S).group(0)
    return {
        label.strip(): current
        for current, label in re.findall(r'aria-current="(\w+)"[^>]*>([^<]+)</a>', nav)
    }


@pytest.mark.parametrize(
    ("url_name", "tab"),
    [
        ("cases:detail", "Overview"),
        ("cases:subjects", "People"),
        ("cases:documents", "Documents"),
        ("deadlines:review", "Deadlines"),
        ("cases:history", "History"),
    ],
)
def test_each_tab_page_marks_its_own_tab(manager_client, cast, url_name, tab):
    review = cast.walk_to(Stage.PANEL)
    page = manager_client.get(reverse(url_name, args=[review.reference]))
    assert page.status_code == 200
    assert current_tabs(page.text) == {tab: "page"}


@pytest.mark.parametrize(
    "url_name",
    ["cases:requests", "cases:terms", "cases:qa", "panels:panel", "panels:appoint_chair"],
)
def test_a_stage_page_marks_no_tab(manager_client, cast, url_name):
    """Stage pages are reached from the overview's task list; they are not the overview."""
    review = cast.walk_to(Stage.PANEL)
    page = manager_client.get(reverse(url_name, args=[review.reference]))
    assert page.status_code == 200
    assert current_tabs(page.text) == {}


def test_a_page_inside_a_tab_marks_its_section(manager_client, cast):
    """A page of a tab's section (adding a person) marks the tab as the current section."""
    review = cast.walk_to(Stage.PANEL)
    page = manager_client.get(reverse("cases:subject_add", args=[review.reference]))
    assert current_tabs(page.text) == {"People": "true"}


def statuses(review) -> dict:
    return {task["title"]: task["status"] for task in tasklist.tasks_for(review)}


def test_information_gathering_is_not_started_until_the_manager_starts_it(manager_client, cast):
    review = cast.walk_to(Stage.NOTIFIED)
    assert statuses(review)["Information gathering"] == tasklist.Status.NOT_STARTED
    overview = manager_client.get(reverse("cases:detail", args=[review.reference])).text
    task = re.search(r"Information gathering.*?</li>", overview, re.S).group(0)
    assert "Not started" in task
    assert "In progress" not in task

    review = cast.walk_to(Stage.SCOPING)
    assert statuses(review)["Information gathering"] == tasklist.Status.IN_PROGRESS
    review = cast.walk_to(Stage.DECISION)
    assert statuses(review)["Information gathering"] == tasklist.Status.DONE


def test_terms_of_reference_are_not_started_until_a_version_is_written(cast):
    review = cast.walk_to(Stage.COMMISSIONED)
    assert statuses(review)["Terms of reference"] == tasklist.Status.NOT_STARTED
    workflow.save_terms_of_reference(
        review,
        by=cast.manager,
        period_start=date(2023, 1, 1),
        period_end=review.date_of_death,
        key_lines_of_enquiry="What did agencies know?",
    )
    assert statuses(review)["Terms of reference"] == tasklist.Status.IN_PROGRESS

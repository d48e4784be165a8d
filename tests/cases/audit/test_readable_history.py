"""History and audit pages speak as people do: "Put on hold", not "Put_on_hold"; "1 December
2026, 8:51pm" (Europe/London), not "2026-12-01 20:51:54.399613+00:00"."""

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases.lifecycle import workflow
from cases.models import Stage, StageChange
from dhr.formats import readable_datetime, readable_time

RAW_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 12, 1, 20, 51, 54, 399613, tzinfo=UTC), "1 December 2026, 8:51pm"),
        # British Summer Time: 08:05 UTC is 9:05am in London.
        (datetime(2026, 7, 3, 8, 5, tzinfo=UTC), "3 July 2026, 9:05am"),
        (datetime(2026, 7, 3, 11, 0, tzinfo=UTC), "3 July 2026, midday"),
        (datetime(2026, 1, 3, 0, 0, tzinfo=UTC), "3 January 2026, midnight"),
        (datetime(2026, 1, 3, 9, 0, tzinfo=UTC), "3 January 2026, 9am"),
        (datetime(2026, 1, 3, 12, 30, tzinfo=UTC), "3 January 2026, 12:30pm"),
        (date(2026, 3, 27), "27 March 2026"),
        (None, ""),
    ],
)
def test_moments_are_shown_in_local_time_as_people_read_them(moment, shown):
    assert readable_datetime(moment) == shown


def test_the_time_alone_is_in_local_time():
    assert readable_time(datetime(2026, 12, 1, 20, 51, tzinfo=UTC)) == "8:51pm"


@pytest.fixture
def held_review(cast):
    review = cast.walk_to(Stage.PANEL)
    workflow.put_on_hold(review, by=cast.manager, reason="inquest", details="Waiting.")
    workflow.resume(review, by=cast.manager, note="The inquest is over.")
    return review


def test_the_history_tab_names_actions_readably(manager_client, held_review):
    assert set(held_review.stage_changes.values_list("action", flat=True)) >= {
        "put_on_hold",
        "resume",
    }
    page = manager_client.get(reverse("cases:history", args=[held_review.reference])).text
    assert "Put on hold" in page
    assert "Resume" in page
    assert "Put_on_hold" not in page
    assert "_" not in "".join(re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', page))


def test_an_action_the_workflow_does_not_list_is_still_readable(cast):
    change = StageChange(action="record_notification")
    assert change.get_action_display() == "Record notification"
    assert StageChange(action="put_on_hold").get_action_display() == "Put on hold"


def test_history_and_audit_show_no_raw_timestamps(cast, administrator, held_review):
    """Resuming records the moment the hold ended: its change is shown in words, local time."""
    ended = readable_datetime(held_review.holds.get().ended_at)  # "3 December 2026, 7:12am"
    manager, admin = Client(), Client()
    manager.force_login(cast.manager)
    admin.force_login(administrator)
    history = manager.get(reverse("cases:history", args=[held_review.reference])).text
    audit = admin.get(reverse("audit:search"), {"reference": held_review.reference}).text
    for page in (history, audit):
        raw = RAW_TIMESTAMP.search(page)
        assert raw is None, raw.group(0)
        assert "+00:00" not in page
        assert f'<td class="govuk-table__cell">{ended}</td>' in page  # Ended at: (blank) -> ...


def test_numeric_dates_and_clock_times_as_chronologies_write_them():
    from datetime import time

    from django.template import Context, Template
    from django.utils.formats import date_format

    from dhr.formats import clock_time, numeric_date, short_date

    assert numeric_date(date(2021, 3, 1)) == "01/03/2021"
    for month in range(1, 13):  # as Django's "j M Y" writes them, every month
        day = date(2026, month, 3)
        assert short_date(day) == date_format(day, "j M Y")
    assert clock_time(time(8, 5)) == "08:05"
    template = Template(
        "{% load dates %}{{ day|dd_mm_yyyy }} {{ moment|hh_mm }}|{{ none|dd_mm_yyyy }}"
        "|{{ day|d_mmm_yyyy }}"
    )
    rendered = template.render(Context({"day": date(2026, 12, 3), "moment": time(23, 59)}))
    assert rendered == "03/12/2026 23:59||3 Dec 2026"

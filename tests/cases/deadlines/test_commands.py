"""``manage.py send_reminders`` and ``manage.py deadlines``."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from cases.lifecycle import workflow
from cases.models import Reminder, Stage
from tests.cases.factories import walk_to


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def requested(cast):
    """A review with an open request to Kent Police due on 15 June 2026."""
    review = walk_to(
        Stage.SCOPING, manager=cast.manager, agency=cast.agency, notified_on=date(2026, 6, 1)
    )
    workflow.send_information_request(
        review,
        by=cast.manager,
        agency=cast.agency,
        sent_on=date(2026, 6, 1),
        due_on=date(2026, 6, 15),
    )
    return review


def test_send_reminders_sends_once_per_date(requested, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = run("send_reminders", "--date", "2026-06-08")
    assert first == "Sent 1 reminder for 2026-06-08.\n"
    assert [m.to for m in mail.outbox] == [[cast.agency_member.email]]
    with django_capture_on_commit_callbacks(execute=True):
        second = run("send_reminders", "--date", "2026-06-08")
    assert second == "Sent 0 reminders for 2026-06-08.\n"
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_send_reminders_can_send_the_digests_too(requested, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("send_reminders", "--date", "2026-06-10", "--digest")
    assert "Sent 2 weekly digests for the week of 2026-06-08." in output


def test_send_reminders_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="--date must be YYYY-MM-DD"):
        run("send_reminders", "--date", "10/06/2026")


def test_deadlines_lists_the_open_ones(requested, clock):
    text = run("deadlines")
    lines = text.splitlines()
    assert lines[0].split() == ["Review", "Kind", "Owner", "Due", "Days", "left"]
    request_line = next(line for line in lines if "information_request" in line)
    assert requested.reference in request_line
    assert "Kent Police" in request_line
    assert "2026-06-15" in request_line
    assert request_line.rstrip().endswith(" 14")  # from 1 June
    assert lines[-1] == "2 open deadlines."


def test_deadlines_as_json(requested, clock):
    entries = json.loads(run("deadlines", "--json"))
    assert [entry["kind"] for entry in entries] == ["information_request", "decision"]
    assert entries[0] == {
        "review": requested.reference,
        "partnership": "Swale",
        "kind": "information_request",
        "title": "Answer to the information request sent to Kent Police",
        "owner": "Kent Police",
        "due_on": "2026-06-15",
        "days_left": 14,
        "paused": False,
    }


def test_deadlines_with_none_open(db):
    assert run("deadlines") == "No open deadlines.\n"
    assert json.loads(run("deadlines", "--json")) == []

"""Two reminder passes for the same day run AT ONCE on a real Celery worker (two processes,
on Redis in CI, else the filesystem broker): every reminder is recorded and e-mailed once.

"At once" is made sure of, not hoped for: the test holds a lock on every open deadline while
the two passes start, so both are seen running (each has its ``ReminderRun`` row, neither has
finished) before either can remind anyone; the runs' recorded times must then overlap."""

import email
from collections import Counter
from datetime import date

import pytest
from django.db import transaction

from cases.deadlines.tasks import send_deadline_reminders
from cases.lifecycle import workflow
from cases.models import Deadline, Reminder, ReminderRun, Stage
from dhr.accounts.roles import Role
from dhr.models import OutboundEmail
from tests.cases.factories import walk_to
from tests.celery_worker import running_worker, wait_until
from tests.dhr.factories import UserFactory

DAY = "2026-06-08"


def sent_emails(folder) -> list:
    """Every message the worker's file-based e-mail backend wrote (one file per connection,
    messages separated by a line of dashes)."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.strip()))
    return messages


def make_work(cast) -> int:
    """Eight reviews with a request to Kent Police due a week after ``DAY`` (a reminder to each
    of its two members) and four with a decision overdue (an escalation to Rita Manager).
    Returns how many reminders the day's pass must send."""
    UserFactory(full_name="Bella Second", role=Role.AGENCY_MEMBER, agency=cast.agency)
    for number in range(8):
        review = walk_to(
            Stage.SCOPING,
            manager=cast.manager,
            agency=cast.agency,
            notified_on=date(2026, 6, 1),
            pseudonym=f"Request {number}",
        )
        workflow.send_information_request(
            review,
            by=cast.manager,
            agency=cast.agency,
            sent_on=date(2026, 6, 1),
            due_on=date(2026, 6, 15),
        )
    for number in range(4):
        walk_to(
            Stage.NOTIFIED,
            manager=cast.manager,
            notified_on=date(2026, 4, 1),
            pseudonym=f"Late {number}",
        )
    # Sending the requests told the agency's members at once (cases.deadlines.notices): those
    # e-mails are not this test's, which counts the reminders' own.
    OutboundEmail.objects.all().delete()
    return 8 * 2 + 4


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_two_passes_at_once_send_each_reminder_exactly_once(cast, tmp_path, monkeypatch):
    expected = make_work(cast)
    outbox = tmp_path / "mail"
    outbox.mkdir()
    monkeypatch.setenv("DHR_TEST_EMAIL_FILE_PATH", str(outbox))

    running = ReminderRun.objects.filter(run_for=DAY, finished_at__isnull=True)
    with running_worker(concurrency=2) as queue:
        # Both passes start and wait on the deadlines this transaction locks.
        with transaction.atomic():
            locked = list(Deadline.objects.open().select_for_update().values_list("pk", flat=True))
            assert locked  # every open deadline of the twelve reviews, reminded or not
            for _ in range(2):
                send_deadline_reminders.apply_async(kwargs={"on": DAY}, queue=queue)
            both_running = wait_until(lambda: running.count() == 2, timeout=120)
            assert both_running, "the two passes were never running at the same time"
            assert not Reminder.objects.exists()  # neither got past the locks
        assert wait_until(
            lambda: ReminderRun.objects.filter(run_for=DAY, finished_at__isnull=False).count() == 2,
            timeout=120,
        ), "the two passes did not finish"
        # Each reminder's e-mail is a row of the outbox (dhr.mail), sent by its own task.
        assert wait_until(
            lambda: (
                OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == expected
            ),
            timeout=120,
        ), "the outbox was not sent"

    runs = list(ReminderRun.objects.filter(run_for=DAY))
    assert len(runs) == 2
    # Recorded by the passes themselves: each started before the other finished.
    assert max(run.started_at for run in runs) < min(run.finished_at for run in runs)
    assert sum(run.sent for run in runs) == expected  # between them; however shared out
    reminders = Reminder.objects.all()
    assert reminders.count() == expected
    assert all(reminder.emailed_at for reminder in reminders)
    assert OutboundEmail.objects.count() == expected

    messages = sent_emails(outbox)
    assert len(messages) == expected
    once_each = Counter((message["To"], message["Subject"]) for message in messages)
    assert set(once_each.values()) == {1}
    to_rita = [m for m in messages if m["To"] == cast.manager.email]
    assert len(to_rita) == 4
    assert all(m["Subject"].startswith("Overdue: Partnership's decision") for m in to_rita)

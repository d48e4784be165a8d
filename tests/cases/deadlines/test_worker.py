"""Two reminder passes for the same day run AT ONCE on a real Celery worker (two processes,
on Redis in CI, else the filesystem broker): every reminder is recorded and e-mailed once."""

import email
from collections import Counter
from datetime import date

import pytest

from cases.deadlines.tasks import send_deadline_reminders
from cases.lifecycle import workflow
from cases.models import Reminder, ReminderRun, Stage
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

    with running_worker(concurrency=2) as queue:
        for _ in range(2):
            send_deadline_reminders.apply_async(kwargs={"on": DAY}, queue=queue)
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

    runs = list(ReminderRun.objects.filter(run_for=DAY).values_list("sent", flat=True))
    assert sum(runs) == expected  # between them; however the work was shared out
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

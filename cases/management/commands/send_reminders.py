"""``manage.py send_reminders [--date YYYY-MM-DD] [--digest]``: the daily reminder pass, by hand.

The same pass as the Celery beat task, so running it again for the same date sends nothing.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cases.deadlines import reminders


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as bad:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from bad


class Command(BaseCommand):
    help = (
        "Sends the deadline reminders due on a date (default: today in London). Exactly once: "
        "a second run for the same date sends none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="The day to run the pass for.")
        parser.add_argument(
            "--digest", action="store_true", help="Also send the weekly digests for that week."
        )

    def handle(self, *args, **options):
        day = _date(options["date"]) if options["date"] else reminders.london_today()
        sent = reminders.send_reminders(day)
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''} for {day:%Y-%m-%d}.")
        if options["digest"]:
            digests = reminders.send_weekly_digests(day)
            self.stdout.write(
                f"Sent {digests} weekly digest{'s' if digests != 1 else ''} for the week of "
                f"{reminders.week_of(day):%Y-%m-%d}."
            )

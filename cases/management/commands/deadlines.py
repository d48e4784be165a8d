"""``manage.py deadlines [--json]``: every open deadline, soonest first."""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.deadlines import services as deadlines
from cases.models import Deadline


def _entry(row: deadlines.DeadlineRow) -> dict:
    deadline = row.deadline
    return {
        "review": deadline.review.reference if deadline.review else "",
        "partnership": deadline.partnership.name,
        "kind": deadline.kind,
        "title": deadline.title,
        "owner": row.owner_label,
        "due_on": deadline.due_on.isoformat(),
        "days_left": row.days_left,
        "paused": row.paused,
    }


class Command(BaseCommand):
    help = "Lists the open deadlines: review reference, kind, owner, due date and days left."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON array, for scripts.")

    def handle(self, *args, **options):
        open_deadlines = (
            Deadline.objects.open()
            .select_related("review", "partnership", "owner_agency", "owner_user")
            .order_by("due_on", "pk")
        )
        entries = [_entry(row) for row in deadlines.rows(open_deadlines, timezone.localdate())]
        if options["json"]:
            self.stdout.write(json.dumps(entries, indent=2))
            return
        if not entries:
            self.stdout.write("No open deadlines.")
            return
        header = f"{'Review':<20} {'Kind':<22} {'Owner':<40} {'Due':<10} {'Days left':>9}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for entry in entries:
            days = "paused" if entry["paused"] else str(entry["days_left"])
            self.stdout.write(
                f"{entry['review'] or entry['partnership']:<20} {entry['kind']:<22} "
                f"{entry['owner'][:40]:<40} {entry['due_on']:<10} {days:>9}"
            )
        self.stdout.write(f"{len(entries)} open deadline{'s' if len(entries) != 1 else ''}.")

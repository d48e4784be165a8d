"""``manage.py repeated_recommendations REFERENCE [--json]``: for each recommendation of the
review, the earlier recommendations of other reviews, across every partnership in the system,
suggested as repeats (the same service as the pages: ``actionplans.recommendations.repeats``).

``--json`` prints exactly
``[{"number": 1, "repeats": [{"reference": "DHR-…", "number": 3, "score": 0.62}, …]}, …]``.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from actionplans.recommendations import repeats
from cases.models import Review


class Command(BaseCommand):
    help = "Lists the earlier recommendations each recommendation of a review may repeat."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The review's reference, e.g. DHR-SWA-2026-001.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        review = Review.objects.filter(reference=options["reference"]).first()
        if review is None:
            raise CommandError(f"No review has the reference {options['reference']}.")
        found = repeats.repeated_recommendations(review)
        if options["json"]:
            self.stdout.write(json.dumps(found, ensure_ascii=False))
            return
        if not found:
            self.stdout.write(f"{review.reference} has no recommendations.")
        for item in found:
            if not item["repeats"]:
                self.stdout.write(f"Recommendation {item['number']}: no earlier repeat found")
                continue
            self.stdout.write(f"Recommendation {item['number']} may repeat:")
            for earlier in item["repeats"]:
                self.stdout.write(
                    f"  {earlier['reference']} recommendation {earlier['number']}"
                    f" (similarity {earlier['score']:.2f})"
                )

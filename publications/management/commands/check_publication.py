"""``manage.py check_publication REFERENCE FILE``: the pre-publication check on a file.

Prints each finding (kind, the matched text, where) and, last, their count."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Review
from publications.checks import services


class Command(BaseCommand):
    help = "Checks a DOCX or PDF file for what must not be published in the review's report."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The review's reference, e.g. DHR-SWA-2026-007.")
        parser.add_argument("file", help="A DOCX or PDF file.")

    def handle(self, *args, reference, file, **options):
        review = Review.objects.filter(reference=reference).first()
        if review is None:
            raise CommandError(f"No review has the reference {reference}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        try:
            hits = services.check_file(review, path.read_bytes(), path.suffix)
        except ValueError as wrong:
            raise CommandError(str(wrong)) from wrong
        except Exception as unreadable:
            raise CommandError(f"The file could not be read: {unreadable}") from unreadable
        for hit in hits:
            self.stdout.write(f"{hit.kind}\t{hit.text}\t{hit.location}")
        self.stdout.write(f"{len(hits)} finding{'s' if len(hits) != 1 else ''}")

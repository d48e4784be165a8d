"""``manage.py import_chronology REFERENCE AGENCY FILE [--dry-run] [--submit]``: loads an
agency's chronology spreadsheet into a review, through the same checks as the upload page.

Prints the rows accepted, then every error and warning with its row number as the spreadsheet
shows it (1-based, counting title rows and the header). Any error: nothing is saved and the
command fails. ``--dry-run`` checks only. ``--submit`` submits the imported version to the
panel (for chronologies of existing reviews that the agency already signed off).
"""

import gc
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review
from dhr.models import Agency
from panels.contributions import services as contributions


class Command(BaseCommand):
    help = "Imports an agency's chronology (XLSX or CSV) into a review, all or nothing."
    # The system checks import every URL module and view (about half a second) and check
    # nothing this command relies on; ``manage.py check`` and the server run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The review's reference, e.g. DHR-SWA-2026-001.")
        parser.add_argument("agency", help="The agency's name, exactly as recorded.")
        parser.add_argument("file", help="The chronology: an .xlsx file or a UTF-8 CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )
        parser.add_argument(
            "--submit", action="store_true", help="Submit the imported version to the panel."
        )

    def handle(self, *args, **options):
        # What exists before the rows are read (in a command's process: Django's start, some
        # 80,000 objects that live until it ends) is frozen for the command's run, so
        # the garbage collector stops walking it again and again while the rows are read and
        # checked, which allocate many small objects. Unfrozen afterwards, for a caller in the
        # same process (call_command, the tests), whose objects are then collected as before.
        gc.freeze()
        try:
            self._import(options)
        finally:
            gc.unfreeze()

    def _import(self, options):
        review = Review.objects.filter(reference=options["reference"]).first()
        if review is None:
            raise CommandError(f"No review has the reference {options['reference']}.")
        agency = Agency.objects.filter(name=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency is called {options['agency']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as handle:
            try:
                outcome = contributions.load_chronology(
                    review,
                    agency,
                    File(handle, name=path.name),
                    dry_run=options["dry_run"],
                    submit=options["submit"],
                )
            except TransitionRefused as refused:
                raise CommandError(str(refused)) from refused
        self._report(outcome.result)
        result = outcome.result
        if result.needs_mapping:
            labels = ", ".join(result.header.labels) if result.header else ""
            raise CommandError(
                "The file's columns could not be matched (date and event or contact are "
                f"needed); its headings: {labels}. Map them once on the upload page."
            )
        if result.errors:
            raise CommandError("Nothing was imported: fix the errors and run the command again.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return
        version = outcome.version
        state = "submitted to the panel" if version.submitted_at else "a draft"
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {version.entry_count} entries as version {version.number} of the "
                f"chronology of {agency} ({state})."
            )
        )

    def _report(self, result) -> None:
        self.stdout.write(f"Rows accepted: {len(result.entries)}")
        self.stdout.write(f"Errors: {len(result.errors)}")
        for issue in result.errors:
            self.stdout.write(f"  {issue}")
        self.stdout.write(f"Warnings: {len(result.warnings)}")
        for issue in result.warnings:
            self.stdout.write(f"  {issue}")

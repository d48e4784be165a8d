"""``manage.py import_action_plan REFERENCE FILE [--dry-run] [--replace] [--column FIELD=HEADING]``:
loads an existing
action plan (XLSX or CSV) into a review at any stage, also a review finished before the system
existed, through the same reading and saving as the import page.

Prints how many recommendations and actions the file holds ("4 recommendations, 9 actions"),
then every error and warning with the spreadsheet's row number. Any error: nothing is saved and
the command fails. ``--dry-run`` only checks. ``--replace`` replaces the review's
recommendations (their history keeps them) instead of adding to them. ``--column
lead_agency="Responsible organisation"`` (repeatable) says which heading holds one of our
fields, as the import page's column matching does; without it, the partnership's remembered
choice is used, then our headings and their usual variants.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from actionplans.recommendations import importer
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review
from dhr.files.columns import ColumnOptionError, parse_column_options
from dhr.files.uploads import check_upload


class Command(BaseCommand):
    help = "Imports an action plan (XLSX or CSV) into a review, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The review's reference, e.g. DHR-SWA-2026-001.")
        parser.add_argument("file", help="The action plan: an .xlsx or .xls file, or a CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the review's recommendations instead of adding to them.",
        )
        fields = ", ".join(column.name for column in importer.COLUMNS)
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=HEADING",
            help=f"The file's heading for one of our fields ({fields}); repeatable.",
        )

    def handle(self, *args, **options):
        review = Review.objects.filter(reference=options["reference"]).first()
        if review is None:
            raise CommandError(f"No review has the reference {options['reference']}.")
        try:
            chosen = parse_column_options(options["column"], importer.COLUMNS)
        except ColumnOptionError as invalid:
            raise CommandError(str(invalid)) from invalid
        chosen = importer.saved_columns(review.partnership) | chosen
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as handle:
            try:
                checked = check_upload(File(handle, name=path.name), purpose="action_plan")
            except ValidationError as invalid:
                raise CommandError(" ".join(invalid.messages)) from invalid
            content = checked.file.read()
        result = importer.read_plan(content, checked.extension, chosen=chosen)
        self.stdout.write(result.counts())
        for issue in result.errors:
            self.stdout.write(f"Error: {issue}")
        for issue in result.warnings:
            self.stdout.write(f"Warning: {issue}")
        if result.needs_mapping:
            headings = ", ".join(f"“{label}”" for label in result.header.labels)
            self.stdout.write(
                f"The file's headings are {headings}: say which holds each missing column "
                "with --column FIELD=HEADING"
            )
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} error{'s' if len(result.errors) != 1 else ''}: "
                "nothing was imported."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was imported.")
            return
        try:
            counts = importer.import_plan(review, result, by=None, replace=options["replace"])
        except TransitionRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(f"Imported {counts} into {review.reference}."))

"""Writes Home Office data collection forms to a file, through the same service as the page.

    manage.py export_home_office_forms [--review REFERENCE] [--from DATE --to DATE]
        [--partnership CODE] [--basis death|decision|qa_submission] --user EMAIL --output FILE

The format follows the file's ending: .xlsx (with the columns-and-codes sheet) or .csv; one
review's form (``--review``) as .xlsx or .pdf. ``--user`` names who is exporting: the export
is limited to what that administrator or review manager may see, and written to the access
log in their name.
"""

from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from cases.models import Review
from dhr.models import User
from publications.homeoffice import exports


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = "Exports Home Office data collection forms (XLSX, CSV or, for one review, PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--review", default="", help="One review's reference.")
        parser.add_argument("--from", dest="date_from", default="", help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", default="", help="YYYY-MM-DD")
        parser.add_argument("--partnership", default="", help="A partnership's code.")
        parser.add_argument(
            "--basis",
            default=exports.Basis.DEATH,
            choices=[code for code, _ in exports.Basis.CHOICES],
            help="Which date --from and --to are about (default: the date of death).",
        )
        parser.add_argument("--user", required=True, help="The exporting user's e-mail.")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, **options):
        output = Path(options["output"])
        file_format = output.suffix.lower().lstrip(".")
        user = User.objects.filter(email__iexact=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['user']}.")
        try:
            if options["review"]:
                if file_format not in (exports.XLSX, exports.PDF):
                    raise CommandError("One review's form is written as .xlsx or .pdf.")
                file = exports.export_review(user, options["review"], file_format)
            else:
                if file_format not in (exports.XLSX, exports.CSV):
                    raise CommandError("The bulk export is written as .xlsx or .csv.")
                filters = exports.Filters(
                    date_from=_date(options["date_from"]) if options["date_from"] else None,
                    date_to=_date(options["date_to"]) if options["date_to"] else None,
                    basis=options["basis"],
                    partnership=options["partnership"],
                )
                file = exports.export_bulk(user, filters, file_format)
        except PermissionDenied as refused:
            raise CommandError(str(refused)) from refused
        except Review.DoesNotExist as missing:
            raise CommandError(f"No review {options['review']} that this user may export.") from (
                missing
            )
        output.write_bytes(file.content)
        self.stdout.write(f"Written {output} ({len(file.content)} bytes).")

"""``manage.py clean_files [--dry-run]``: what the daily clean-up task does, by hand."""

from django.core.management.base import BaseCommand

from dhr.files import cleanup


class Command(BaseCommand):
    help = (
        "Deletes staged imports not confirmed within a day, background exports older than a "
        "week and files no record points to (older than a day). Never a file a record names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be removed."
        )

    def handle(self, *args, dry_run=False, **options):
        report = cleanup.clean(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for description, count in report.expired.items():
            self.stdout.write(f"{verb} {count} {description}")
        for name in report.files_removed:
            self.stdout.write(f"{verb} file {name}")
        for name in report.files_kept:
            self.stdout.write(f"Kept file {name} (another record points to it)")
        self.stdout.write(self.style.SUCCESS(f"{verb} {report.total_removed} file(s) in all."))

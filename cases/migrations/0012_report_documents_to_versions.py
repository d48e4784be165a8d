"""Moves the review documents of the former kind "Overview report" into report versions
(``publications.ReportVersion``), keeping their stored files, uploader and dates.

Each moved version remembers the document it came from (``moved_from_document``) and gets a
history row saying so; the document's own history stays, closed by a row that records the move.
Files are not copied: the version points at the same stored file. Reversible.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Moved from the review's documents to the report versions"


def _document_of(title: str) -> str:
    return "executive_summary" if "executive summary" in title.lower() else "overview"


def forwards(apps, schema_editor):
    Document = apps.get_model("cases", "Document")
    HistoricalDocument = apps.get_model("cases", "HistoricalDocument")
    ReportVersion = apps.get_model("publications", "ReportVersion")
    HistoricalReportVersion = apps.get_model("publications", "HistoricalReportVersion")
    now = timezone.now()
    numbers = {}
    for document in Document.objects.filter(kind="report").order_by("uploaded_at", "pk"):
        which = _document_of(document.title)
        key = (document.review_id, which)
        if key not in numbers:
            latest = (
                ReportVersion.objects.filter(review_id=document.review_id, document=which)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            numbers[key] = latest or 0
        numbers[key] += 1
        version = ReportVersion.objects.create(
            review_id=document.review_id,
            document=which,
            number=numbers[key],
            status="draft",
            changes=f"Uploaded as “{document.title}”.",
            file=document.file.name,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_by_id=document.uploaded_by_id,
            uploaded_at=document.uploaded_at,
            qa_round_id=document.qa_round_id,
            moved_from_document=document.pk,
            created_at=document.uploaded_at,
        )
        fields = {
            field.attname: getattr(version, field.attname)
            for field in ReportVersion._meta.concrete_fields
        }
        HistoricalReportVersion.objects.create(
            **fields,
            history_date=now,
            history_type="+",
            history_user_id=document.uploaded_by_id,
            history_change_reason=REASON,
        )
        document_fields = {
            field.attname: getattr(document, field.attname)
            for field in Document._meta.concrete_fields
        }
        HistoricalDocument.objects.create(
            **document_fields,
            history_date=now,
            history_type="-",
            history_user_id=None,
            history_change_reason=REASON,
        )
        document.delete()


def backwards(apps, schema_editor):
    Document = apps.get_model("cases", "Document")
    ReportVersion = apps.get_model("publications", "ReportVersion")
    for version in ReportVersion.objects.filter(moved_from_document__isnull=False):
        Document.objects.create(
            pk=version.moved_from_document,
            review_id=version.review_id,
            kind="report",
            title=version.changes.removeprefix("Uploaded as “").removesuffix("”.")[:150],
            file=version.file.name,
            original_name=version.original_name,
            content_type=version.content_type,
            size=version.size,
            sha256=version.sha256,
            qa_round_id=version.qa_round_id,
            uploaded_by_id=version.uploaded_by_id,
            uploaded_at=version.uploaded_at,
        )
        version.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_merge_plan_actions_and_home_office"),
        ("publications", "0002_report_versions_and_register"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

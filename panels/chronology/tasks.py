"""Background work of the panels app: PDFs of the combined chronology too large to make while
the browser waits. The task takes the export's id and is idempotent (a finished export is left
alone), per STYLE.md 9."""

import uuid

from django.core.files.base import ContentFile
from django.db import close_old_connections
from django.utils import timezone

from dhr.celery import app
from panels.chronology import combined, export
from panels.models import ChronologyExport


def build_export(export_id: int) -> None:
    """Makes the PDF of one export and stores it; marks the export failed if that raises."""
    job = ChronologyExport.objects.select_related("review", "agency").get(pk=export_id)
    if job.status != ChronologyExport.Status.PENDING:
        return
    filters = combined.Filters(
        agency_id=job.agency_id, date_from=job.date_from, date_to=job.date_to
    )
    try:
        content = export.pdf_bytes(
            job.review,
            combined.export_rows(job.review, filters),
            annotations=combined.review_annotations(job.review),
            filters_text=export.describe_filters(filters, job.agency.name if job.agency else ""),
        )
    except Exception:
        job.status = ChronologyExport.Status.FAILED
        job.finished_at = timezone.now()
        job.save()
        raise
    job.entry_count = combined.filtered(job.review, filters).count()
    job.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
    job.status = ChronologyExport.Status.READY
    job.finished_at = timezone.now()
    job.save()


@app.task
def build_chronology_pdf(export_id: int) -> None:
    # A PDF of tens of thousands of entries takes minutes: start from a fresh connection.
    close_old_connections()
    build_export(export_id)

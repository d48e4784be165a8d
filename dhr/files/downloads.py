"""Serving stored files and generated exports: always as attachments, never cached, logged.

Every view that hands out a file calls ``stored_file_response`` or ``attachment`` after its own
permission check, so the headers and the access-log entry are the same everywhere.
"""

from django.http import FileResponse, Http404, HttpResponse

from dhr.files import access_log
from dhr.models import AccessLog


def _harden(response):
    response["X-Content-Type-Options"] = "nosniff"  # the browser never sniffs and renders it
    response["Cache-Control"] = "private, no-store"  # personal data: no shared or disk caches
    return response


def log_download(request, *, description: str, object_type: str, object_id="", review_reference=""):
    access_log.record(
        request.user,
        AccessLog.Action.DOWNLOAD,
        description=description,
        object_type=object_type,
        object_id=object_id,
        review_reference=review_reference,
    )


def stored_file_response(
    request,
    field_file,
    *,
    filename: str,
    content_type: str,
    description: str,
    object_type: str,
    object_id="",
    review_reference="",
) -> FileResponse:
    """A stored file as a download, after recording it in the access log (404 if missing)."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing from storage.") from missing
    log_download(
        request,
        description=description,
        object_type=object_type,
        object_id=object_id,
        review_reference=review_reference,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    return _harden(response)


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """Generated content (an export) as a download; the caller logs it."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _harden(response)

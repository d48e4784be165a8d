"""A checked report and a public summary for a review about to be published: what the demo
(``panels.demo.register_before_action("publish", ...)``) and the test walks do before
"publish", through the domain functions, as the review manager would."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from publications.checks import services as checks
from publications.checks.models import Finding
from publications.register import services as register
from publications.reports import services as reports
from publications.reports.models import ReportVersion

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_docx(pseudonym: str, paragraphs=()) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.author = "Community Safety Partnership"
    document.core_properties.title = f"Domestic Homicide Review: Case {pseudonym}"
    document.add_heading(f"Domestic Homicide Review: Case {pseudonym}", level=1)
    for text in paragraphs or (
        f"This overview report looks at the contact agencies had with {pseudonym} and her "
        "former partner in the five years before her death.",
        "The panel found that risk was not shared between agencies, that coercive control "
        "was not recognised, and that the family's concerns were not asked for.",
        "The recommendations ask agencies to share risk through the MARAC, to train staff in "
        "recognising coercive control, and to involve families from the start.",
    ):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def summary_for(pseudonym: str) -> str:
    return (
        f"The review of the death of {pseudonym} found that agencies did not share what they "
        "knew of the risk she faced, and that coercive control went unrecognised. It makes "
        "recommendations on information sharing, training and involving families."
    )


def prepare_publication(review, *, manager, chair=None, on=None) -> None:
    """An overview report with a clean check (a redacted copy if the check finds anything)
    and a public summary, where the review has none yet."""
    latest = reports.latest_versions(review).get(ReportVersion.Document.OVERVIEW)
    if latest is None or not checks.is_clean(checks.latest_check(latest)):
        latest = reports.upload_version(
            review,
            by=manager,
            document=ReportVersion.Document.OVERVIEW,
            upload=SimpleUploadedFile(
                f"overview-report-{review.pseudonym.lower()}.docx",
                report_docx(review.pseudonym),
                content_type=DOCX_TYPE,
            ),
            changes="The version approved by Home Office QA, ready for publication.",
        )
        check = checks.run_check(latest, by=manager)
        if not checks.is_clean(check):
            for finding in check.findings.all():
                checks.resolve(finding, by=manager, resolution=Finding.Resolution.REDACT)
            checks.make_redacted_copy(check, by=manager)
    for version in checks.versions_to_publish(review):  # an older summary version, say
        if not checks.is_clean(checks.latest_check(version)):
            check = checks.latest_check(version) or checks.run_check(version, by=manager)
            if not checks.is_clean(check):
                for finding in check.findings.exclude(resolution=Finding.Resolution.KEEP):
                    checks.resolve(finding, by=manager, resolution=Finding.Resolution.REDACT)
                checks.make_redacted_copy(check, by=manager)
    record = getattr(review, "publication_record", None)
    if record is None or not record.summary.strip():
        register.save_summary(review, by=manager, summary=summary_for(review.pseudonym))

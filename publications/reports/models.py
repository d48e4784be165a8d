"""The review's report as versioned documents: the overview report and the executive summary.

Every upload is a new version with who uploaded it and what changed; a version moves through
draft, panel draft, submitted to QA, approved and published. A Home Office QA round points at
the versions it judged (``qa_round``). Versions moved from the Documents tab (the former
"Overview report" kind of ``cases.Document``) keep that document's id in ``moved_from_document``.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import QARound, Review
from dhr.models import TimeStampedModel


class ReportVersion(TimeStampedModel):
    class Document(models.TextChoices):
        OVERVIEW = "overview", "Overview report"
        EXECUTIVE_SUMMARY = "executive_summary", "Executive summary"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PANEL_DRAFT = "panel_draft", "Panel draft"
        QA_SUBMITTED = "qa_submitted", "Submitted to QA"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="report_versions")
    document = models.CharField(max_length=20, choices=Document.choices)
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    changes = models.TextField("what changed", blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    # The Home Office QA round that judged this version (set when it is submitted).
    qa_round = models.ForeignKey(
        QARound,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_versions",
    )
    # A redacted copy points at the version it was made from.
    redacted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="redacted_copies"
    )
    moved_from_document = models.PositiveIntegerField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "document", "number"], name="report_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()}, version {self.number}"

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""

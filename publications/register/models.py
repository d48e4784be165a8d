"""The publication record of a review and the documents on the public register.

The record holds only what may be public: the pseudonym, the publication date, a short
summary and the published documents (checked versions of the report). A published document
can be withdrawn: its public address then answers 410 Gone.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Review
from dhr.models import TimeStampedModel
from publications.reports.models import ReportVersion


class PublicationRecord(TimeStampedModel):
    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="publication_record"
    )
    pseudonym = models.CharField(max_length=60, blank=True)
    summary = models.TextField(
        help_text="A short public summary: no real names, dates of birth or addresses."
    )
    published_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"Publication of {self.pseudonym or self.review.reference}"


class PublishedDocument(TimeStampedModel):
    record = models.ForeignKey(
        PublicationRecord, on_delete=models.CASCADE, related_name="documents"
    )
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

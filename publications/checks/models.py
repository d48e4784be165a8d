"""Pre-publication checks: what a version of the report holds that must not be published.

A check is run on one ``ReportVersion``; each ``Finding`` is one occurrence (a real name, a date
of birth, an address, ...) with where it is and its context. The review manager resolves each:
redact it (a redacted copy is then made, and checked again) or keep it with a reason. A check
is clean when every finding is kept with a reason (or there is none).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from dhr.models import TimeStampedModel
from publications.reports.models import ReportVersion


class PublicationCheck(TimeStampedModel):
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="checks")
    run_at = models.DateTimeField()
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    redacted_copy = models.ForeignKey(
        ReportVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-run_at", "-pk"]
        get_latest_by = "run_at"

    def __str__(self) -> str:
        return f"Check of {self.version} on {self.run_at:%d %B %Y}"


class Finding(models.Model):
    class Kind(models.TextChoices):
        NAME = "name", "Real name"
        DATE_OF_BIRTH = "date_of_birth", "Date of birth"
        ADDRESS = "address", "Address"
        POSTCODE = "postcode", "Postcode"
        PHONE = "phone", "Phone number"
        EMAIL = "email", "E-mail address"
        REVIEW_REFERENCE = "review_reference", "Another review's reference"

    class Resolution(models.TextChoices):
        PENDING = "", "Not resolved"
        REDACT = "redact", "Redact"
        KEEP = "keep", "Keep"

    check_run = models.ForeignKey(
        PublicationCheck, on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300)
    location = models.CharField(max_length=60)  # "page 2", "paragraph 14"
    context = models.TextField()
    resolution = models.CharField(
        max_length=8, choices=Resolution.choices, blank=True, default=Resolution.PENDING
    )
    reason = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.location}"

"""The Domestic Abuse Commissioner's recommendations and the public bodies' responses.

Domestic Abuse Act 2021 s.16: a public body to which the Commissioner makes recommendations
must respond within 56 days (what it will do, or why not) and publish its response. Each
recommendation's window is a ``cases.Deadline`` owned by the body (an ``Agency``), opened when
the recommendation is recorded and met by the response.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Review
from dhr.models import Agency, Partnership, TimeStampedModel


class CommissionerReport(TimeStampedModel):
    """A report of the Domestic Abuse Commissioner: on one review, or on a theme (no review)
    that concerns the partnership."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="commissioner_reports"
    )
    review = models.ForeignKey(
        Review,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commissioner_reports",
    )
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=200, blank=True, help_text="For a themed report.")
    published_on = models.DateField(help_text="Starts the 56 days for the responses.")
    url = models.URLField(max_length=500, blank=True, help_text="Where the report is published.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review__isnull=False) | ~models.Q(theme=""),
                name="report_on_a_review_or_a_theme",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CommissionerRecommendation(TimeStampedModel):
    """One recommendation of a report, addressed to a named public body."""

    report = models.ForeignKey(
        CommissionerReport, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="commissioner_recommendations"
    )
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="recommendation_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number} to {self.agency}"


class RecommendationResponse(TimeStampedModel):
    """The public body's response: what it will do, or why not, and where it is published.

    The optional document is stored under MEDIA_ROOT with a random name and served only by a
    permission-checked view.
    """

    recommendation = models.OneToOneField(
        CommissionerRecommendation, on_delete=models.CASCADE, related_name="response"
    )
    responded_on = models.DateField()
    text = models.TextField()
    published_url = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="commissioner/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation"]

    def __str__(self) -> str:
        return f"Response to {self.recommendation}"

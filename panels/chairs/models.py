"""The independent chair pool and review panels."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Review
from dhr.models import Agency, TimeStampedModel


class ChairProfile(TimeStampedModel):
    """An independent chair in the partnership's pool, with the conflicts they have declared."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chair_profile"
    )
    is_available = models.BooleanField(default=True)
    background = models.TextField(blank=True, help_text="Experience and accreditation.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)


class ChairConflict(TimeStampedModel):
    """A declared conflict of interest between a chair and an agency (e.g. a former employer)."""

    chair = models.ForeignKey(ChairProfile, on_delete=models.CASCADE, related_name="conflicts")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    details = models.CharField(max_length=300)
    declared_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["chair", "agency"], name="one_conflict_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.chair}: {self.agency}"


class PanelMember(TimeStampedModel):
    """An agency (or a specialist adviser) on a review's panel, with its role."""

    class PanelRole(models.TextChoices):
        AGENCY = "agency", "Agency representative"
        DA_SPECIALIST = "da_specialist", "Domestic abuse specialist"
        EQUALITY = "equality", "Equality and diversity adviser"
        OTHER = "other", "Other specialist adviser"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panel_members")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="panel_seats")
    role = models.CharField(max_length=16, choices=PanelRole.choices, default=PanelRole.AGENCY)
    representative = models.CharField(
        max_length=150, blank=True, help_text="Name and job title of the person attending."
    )
    added_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="one_seat_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.review.reference}: {self.agency}"

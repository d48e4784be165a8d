"""Panel meetings: date, agenda, who attended for each agency, minutes and actions arising.

Imported here by ``panels.models`` so that Django registers these models with the app.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Review
from dhr.models import Agency, TimeStampedModel


class PanelMeeting(TimeStampedModel):
    """One meeting of a review's panel, run by the chair. The minutes are text, a stored file
    (under MEDIA_ROOT with a random name, served by a permission-checked view), or both."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panel_meetings")
    held_on = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=150, blank=True)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_file = models.FileField(upload_to="meetings/%Y/%m/", blank=True)
    minutes_original_name = models.CharField(max_length=255, blank=True)
    minutes_content_type = models.CharField(max_length=100, blank=True)
    minutes_size = models.PositiveBigIntegerField(null=True, blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Panel meeting on {self.held_on:%d/%m/%Y}"


class MeetingAttendance(TimeStampedModel):
    """Whether an agency on the panel was present at a meeting, sent apologies or was absent."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="one_attendance_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_status_display()}"


class MeetingAction(TimeStampedModel):
    """An action arising from a meeting, owned by an agency, due by a date (a deadline)."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="actions")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    description = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.owner_agency}: {self.description[:60]}"

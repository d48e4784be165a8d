"""Learning events: seminars and online sessions where practitioners hear the learning of
reviews, with registrations and attendance by agency (domain.md, Learning).

The practitioners reached by a review (or a theme) are the attendees of the events that covered
it (``publications.events.services.reach``). Only ``publications.events.services`` changes
these rows.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from actionplans.models import Theme
from cases.models import Review
from dhr.models import Agency, Partnership, TimeStampedModel


class LearningEvent(TimeStampedModel):
    class Format(models.TextChoices):
        SEMINAR = "seminar", "Seminar (in person)"
        ONLINE = "online", "Online session"
        HYBRID = "hybrid", "Hybrid (in person and online)"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="learning_events"
    )
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    format = models.CharField(max_length=10, choices=Format.choices)
    audience = models.CharField(max_length=300, help_text="Who the event is for.")
    description = models.TextField(blank=True)
    reviews = models.ManyToManyField(Review, blank=True, related_name="learning_events")
    themes = models.ManyToManyField(Theme, blank=True, related_name="learning_events")

    history = HistoricalRecords(m2m_fields=[reviews, themes])

    class Meta:
        ordering = ["-held_on", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class EventAttendance(TimeStampedModel):
    """One agency's registrations and attendance at one event."""

    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    registered = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "agency"], name="event_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} at {self.event}"

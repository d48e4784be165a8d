"""A review's learning briefing: the seven parts of the "7-minute briefing" (domain.md,
Learning), written in the app by the review manager, drafted then published.

A published briefing is public (``/published/briefings/<id>/`` and its PDF) and is listed on
the public register (``services.published_briefings``). Only ``publications.briefings.services``
changes these rows.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from actionplans.models import Recommendation, Theme
from cases.models import Review
from dhr.models import TimeStampedModel

# The seven parts, in the order the briefing shows them: (field, heading, what to write).
# "Themes" is the chosen themes plus ``themes_text``; "What to do" includes the chosen
# recommendations after ``what_to_do``.
PARTS = (
    ("background", "Background", "The review in a few sentences: who, when, which agencies."),
    ("why_it_matters", "Why it matters", "Why practitioners should read this briefing."),
    ("what_happened", "What happened", "A short narrative, with no real names or dates of birth."),
    ("key_learning", "Key learning", "The lessons the review found."),
    ("themes_text", "Themes", "The themes of the learning (choose the review's themes below)."),
    ("what_to_do", "What to do", "What practitioners and agencies should do differently."),
    (
        "reflective_questions",
        "Reflective questions",
        "Questions for practitioners to discuss, one on each line.",
    ),
)


class Briefing(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="briefing")
    title = models.CharField(max_length=200)
    background = models.TextField(blank=True)
    why_it_matters = models.TextField(blank=True)
    what_happened = models.TextField(blank=True)
    key_learning = models.TextField(blank=True)
    themes_text = models.TextField(blank=True)
    what_to_do = models.TextField(blank=True)
    reflective_questions = models.TextField(blank=True)
    # Reused from the review's agreed recommendations and their themes.
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Kept when a briefing is withdrawn: its public address then answers 410 Gone.
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[themes, recommendations])

    class Meta:
        ordering = ["-published_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def questions(self) -> list[str]:
        return [line.strip() for line in self.reflective_questions.splitlines() if line.strip()]

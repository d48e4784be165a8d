"""A review's own recommendations and action plan (issue 9), tracked to completion.

- ``Theme``: the partnership's managed list of recommendation themes (seeded from domain.md).
- ``Recommendation``: number, text, level, addressees, source, themes; drafted (by the chair or
  the manager), agreed by the review manager, or withdrawn with a reason.
- ``PlanAction``: what will be done, by which lead agency, by when. Its target date is a
  ``cases.Deadline`` of kind ``plan_action`` owned by the lead agency, so reminders,
  escalations and "My work" treat it like every other deadline. Its RAG rating is derived
  (``rag``), never stored.
- ``Milestone``: a dated step of an action.
- ``ProgressUpdate`` and ``Evidence``: the lead agency's note, files and proposed status; a
  proposed completion waits for the review manager's sign-off (or refusal, with a reason).
- ``RecommendationLink``: a person's confirmation that a recommendation repeats (or builds on)
  an earlier one.

Only ``actionplans.recommendations.services`` changes these rows.
"""

from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from simple_history.models import HistoricalRecords

from cases.deadlines.models import Deadline
from cases.reviews.models import Review
from dhr.models import Agency, Partnership, TimeStampedModel

# domain.md "Categories and themes": the themes every partnership starts with.
DEFAULT_THEMES = (
    "MARAC process",
    "Supporting carers",
    "Barriers to engagement",
    "Coercive control",
    "Stalking",
    "Adolescent-to-parent violence",
    "Risk assessment",
    "Information sharing",
    "Multi-agency working",
    "Mental health",
    "Substance misuse",
    "Training and awareness",
)


class Theme(TimeStampedModel):
    """A recommendation theme of one partnership's managed list."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="recommendation_themes"
    )
    name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="theme_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Recommendation(TimeStampedModel):
    """One recommendation of a review's report."""

    class Level(models.TextChoices):
        SINGLE_AGENCY = "single_agency", "Single agency"
        MULTI_AGENCY = "multi_agency", "Multi-agency"
        LOCAL = "local", "Local"
        REGIONAL = "regional", "Regional"
        NATIONAL = "national", "National"

    class Source(models.TextChoices):
        OVERVIEW_REPORT = "overview_report", "Overview report"
        AGENCY_REPORT = "agency_report", "An agency's report (IMR)"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    level = models.CharField(max_length=16, choices=Level.choices)
    addressed_agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    addressed_to = models.CharField(
        max_length=200,
        blank=True,
        help_text="A body that is not an agency here, e.g. the Home Office.",
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.OVERVIEW_REPORT)
    source_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    withdrawn_reason = models.TextField(blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[themes, addressed_agencies])

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"], name="review_recommendation_number_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | ~models.Q(withdrawn_reason=""),
                name="withdrawn_recommendation_has_reason",
            ),
        ]
        # The repeats search: pg_trgm's GIN index serves the ``%`` operator (STYLE.md 21).
        indexes = [
            GinIndex(
                name="recommendation_text_trgm",
                fields=["text"],
                opclasses=["gin_trgm_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    @property
    def addressees(self) -> str:
        names = [agency.name for agency in self.addressed_agencies.all()]
        if self.addressed_to:
            names.append(self.addressed_to)
        return ", ".join(names)


class PlanAction(TimeStampedModel):
    """An action of the plan, under one recommendation, led by one agency."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        NOT_COMPLETED = "not_completed", "Not completed"
        SUPERSEDED = "superseded", "Superseded"

    CLOSED_STATUSES = frozenset({Status.COMPLETED, Status.NOT_COMPLETED, Status.SUPERSEDED})

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    # The review again, so that histories and scopes find actions without a join.
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="plan_actions")
    number = models.PositiveSmallIntegerField()
    description = models.TextField()
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="plan_actions")
    owner_name = models.CharField(max_length=150, blank=True, help_text="The named owner, if any.")
    target_date = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    status_reason = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    deadline = models.OneToOneField(
        Deadline, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_action"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="plan_action_number_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="not_completed") | ~models.Q(status_reason=""),
                name="not_completed_action_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Action {self.recommendation.number}.{self.number}"

    @property
    def label(self) -> str:
        return f"{self.recommendation.number}.{self.number}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class Milestone(TimeStampedModel):
    """A dated step on the way to an action's completion."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="milestones")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(TimeStampedModel):
    """The lead agency's update on an action: a note, evidence and the status it proposes.

    A proposed "in progress" applies at once; a proposed completion (or "not completed")
    waits for the review manager, who signs it off or refuses it with a reason."""

    class Decision(models.TextChoices):
        APPLIED = "applied", "Applied"
        PENDING = "pending", "Waiting for sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        REFUSED = "refused", "Sent back"

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    note = models.TextField()
    proposed_status = models.CharField(max_length=16, choices=PlanAction.Status.choices)
    reason = models.TextField(blank=True, help_text="Why it was not completed.")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_on = models.DateField(default=date.today)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action"],
                condition=models.Q(decision="pending"),
                name="one_pending_update_per_action",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="refused") | ~models.Q(refusal_reason=""),
                name="refused_update_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Update on action {self.action_id}"


class Evidence(TimeStampedModel):
    """A file of evidence attached to an update, stored under a random name and served only
    by a permission-checked view."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="action-evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class RecommendationLink(TimeStampedModel):
    """A person's confirmation that ``recommendation`` repeats, or builds on, ``earlier``."""

    class Relation(models.TextChoices):
        REPEATS = "repeats", "Repeats"
        BUILDS_ON = "builds_on", "Builds on"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="links"
    )
    earlier = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="linked_from"
    )
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    score = models.FloatField(null=True, blank=True, help_text="The similarity when confirmed.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "earlier"], name="one_link_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(recommendation=models.F("earlier")),
                name="link_to_another_recommendation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.earlier}"


class StagedActionPlan(models.Model):
    """An action plan file uploaded for import and waiting for its preview to be confirmed.

    The cells read from the file once, at upload (``panels.chronology.importer.Sheet``), are
    kept here, not in the browser: the column-matching, preview and confirm steps name this
    row (looked up within the review), so the file is never uploaded twice. Confirming or
    discarding deletes it; an unconfirmed one expires after a day (``dhr.files.cleanup``).
    ``columns``: the columns chosen for this file on the matching page, when there was a
    choice."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    original_name = models.CharField(max_length=255)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    sheet = models.JSONField(editable=False)
    columns = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} (waiting to be imported)"


class PlanColumnMapping(TimeStampedModel):
    """How a partnership's action plans name our columns, remembered after its review manager
    matched them once: ``columns`` maps our field names ("lead_agency", ...) to the headings
    of the partnership's files (as the chronology import remembers an agency's)."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="action_plan_columns"
    )
    columns = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Action plan columns of {self.partnership}"

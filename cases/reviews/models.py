"""The review: one death, one reference, one stage at a time."""

from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from dhr.models import Agency, Partnership, TimeStampedModel


class Stage(models.TextChoices):
    """The lifecycle of DESIGN.md section 3, in order."""

    NOTIFIED = "notified", "Notified"
    SCOPING = "scoping", "Information gathering"
    DECISION = "decision", "Awaiting decision"
    COMMISSIONED = "commissioned", "Commissioned"
    CHAIR_APPOINTED = "chair_appointed", "Chair appointed"
    PANEL = "panel", "Panel under way"
    QA_SUBMITTED = "qa_submitted", "With Home Office QA"
    AMENDMENTS_REQUESTED = "amendments_requested", "QA asked for resubmission"
    QA_APPROVED = "qa_approved", "Approved by QA"
    SENT_TO_COMMISSIONER = "sent_to_commissioner", "Sent to the Commissioner"
    PUBLISHED = "published", "Published"
    MONITORING = "monitoring", "Action plan monitoring"
    CLOSED = "closed", "Closed"


STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}


class ReviewQuerySet(models.QuerySet):
    def for_user(self, user):
        """The reviews ``user`` may open (the permission boundary, DESIGN.md section 5)."""
        from cases.reviews.access import reviews_for

        return reviews_for(user, self)


class Review(TimeStampedModel):
    """A Domestic Homicide Review (or Domestic Abuse Related Death Review) of one death."""

    class ReviewType(models.TextChoices):
        DHR = "dhr", "Domestic Homicide Review"
        DARDR = "dardr", "Domestic Abuse Related Death Review"

    class Relationship(models.TextChoices):
        INTIMATE_PARTNER = "intimate_partner", "Intimate partner homicide"
        ADULT_FAMILY = "adult_family", "Adult family homicide (including parricide)"
        SUICIDE = "suicide", "Suicide following domestic abuse"
        SAME_HOUSEHOLD = "same_household", "Same household (unrelated)"
        HOMICIDE_SUICIDE = "homicide_suicide", "Homicide-suicide"

    class Criterion(models.TextChoices):
        RELATIVE_OR_PARTNER = (
            "relative_or_partner",
            "Death by a relative or a current or former intimate partner",
        )
        SAME_HOUSEHOLD = "same_household", "Death by a member of the same household"
        SUICIDE = "suicide", "Suicide where domestic abuse appears to have contributed"

    class Decision(models.TextChoices):
        COMMISSION = "commission", "Commission a review"
        NOT_COMMISSION = "not_commission", "Do not commission a review"
        REFER = "refer", "Refer to another review type"
        JOINT = "joint", "Commission jointly with another review type"

    reference = models.CharField(max_length=32, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    pseudonym = models.CharField(
        max_length=60,
        unique=True,
        help_text='The name used in place of the victim\'s, e.g. "Diana".',
    )
    review_type = models.CharField(max_length=8, choices=ReviewType.choices, default=ReviewType.DHR)
    relationship_category = models.CharField(
        max_length=32, choices=Relationship.choices, blank=True
    )
    stage = models.CharField(max_length=32, choices=Stage.choices, default=Stage.NOTIFIED)

    # Notification
    date_of_death = models.DateField()
    notified_on = models.DateField()
    notifying_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    circumstances = models.TextField(blank=True)
    criterion = models.CharField(max_length=32, choices=Criterion.choices, blank=True)

    # Decision
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    decision_rationale = models.TextField(blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    home_office_informed_on = models.DateField(null=True, blank=True)
    referred_to = models.CharField(max_length=150, blank=True)

    # Statutory clocks (cases.lifecycle.clocks): set when each starts, extended when a hold ends.
    decision_due_on = models.DateField(null=True, blank=True)
    completion_due_on = models.DateField(null=True, blank=True)
    first_qa_submitted_on = models.DateField(null=True, blank=True)
    # While a hold is open: the flag and the London date it began. The Hold rows are the record;
    # these copies keep lists to one query and let a paused clock stand still.
    is_on_hold = models.BooleanField(default=False)
    on_hold_since = models.DateField(null=True, blank=True)

    # Set-up, QA, Commissioner, publication, closure
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_reviews",
    )
    chair_appointed_on = models.DateField(null=True, blank=True)
    commissioner_sent_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-notified_on", "reference"]
        indexes = [models.Index(fields=["partnership", "stage"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.pseudonym})"

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED


class ReviewUserObjectPermission(UserObjectPermissionBase):
    """Direct object permissions on reviews for users (chairs), per grand-challenge's advice."""

    content_object = models.ForeignKey(Review, on_delete=models.CASCADE)


class ReviewGroupObjectPermission(GroupObjectPermissionBase):
    """Direct object permissions on reviews for groups (each agency has one)."""

    content_object = models.ForeignKey(Review, on_delete=models.CASCADE)


class ReferenceCounter(models.Model):
    """The last reference number used per partnership and year.

    Incremented by one atomic ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement, so two
    notifications recorded at once can never get the same number (no ``Max() + 1``).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.partnership.code} {self.year}: {self.last_number}"


class StageChange(models.Model):
    """Who moved a review from one stage to another (or held or resumed it), when and why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_changes")
    action = models.CharField(max_length=40)
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.review.reference}: {self.get_action_display()}"

    def get_action_display(self) -> str:
        """The action as people read it: the workflow's label ("Put on hold"), or the name
        made readable ("Record notification") for one the workflow does not list."""
        from cases.lifecycle.workflow import ACTIONS

        action = ACTIONS.get(self.action)
        if action is not None:
            return str(action.label)
        return self.action.replace("_", " ").strip().capitalize()


class LinkedReview(TimeStampedModel):
    """A parallel process on the same death: another review type, an inquest, a trial."""

    class Kind(models.TextChoices):
        SAR = "sar", "Safeguarding Adults Review"
        CSPR = "cspr", "Child Safeguarding Practice Review"
        MENTAL_HEALTH = "mental_health", "Mental health homicide review"
        INQUEST = "inquest", "Inquest"
        CRIMINAL = "criminal", "Criminal proceedings"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=200, help_text="Reference, court or lead body.")
    status = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

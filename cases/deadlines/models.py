"""Deadlines (DESIGN.md section 4): rows, not computations scattered over views.

A ``Deadline`` is opened and closed only by the domain functions (``cases.deadlines.services``); the
periods that set its due date are ``TimescaleRule`` rows, editable by administrators. The daily
reminder pass records each reminder it sends as a ``Reminder`` row, unique per deadline, step
and recipient, before sending anything: that constraint is what makes reminders exactly-once.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.reviews.models import Review
from dhr.models import Agency, Partnership, TimeStampedModel


class DeadlineKind(models.TextChoices):
    """What falls due. Later apps' kinds are listed here too, so one table holds every deadline."""

    DECISION = "decision", "Partnership's decision"
    HOME_OFFICE = "home_office", "Home Office told of the decision"
    COMPLETION = "completion", "Review completed (report to Home Office QA)"
    INFORMATION_REQUEST = "information_request", "Answer to an information request"
    AGENCY_CHRONOLOGY = "agency_chronology", "Agency chronology"
    AGENCY_REPORT = "agency_report", "Agency report (IMR)"
    AGENCY_DOCUMENT = "agency_document", "Other agency document"
    QA_RESUBMISSION = "qa_resubmission", "Resubmission to Home Office QA"
    COMMISSIONER_RESPONSE = "commissioner_response", "Response to a Commissioner recommendation"
    ACTION = "action", "Action-plan action"
    PLAN_ACTION = "plan_action", "Action of the review's action plan"


def default_reminder_days() -> list[int]:
    """Reminders 14, 7 and 1 days before the due date (and on the day, always)."""
    return [14, 7, 1]


class TimescaleRule(TimeStampedModel):
    """How long a kind of deadline runs and when reminders go out, for every partnership
    (``partnership`` NULL: the default) or for one partnership (overrides the default).

    ``period`` is NULL for deadlines whose due date is set each time (an information request,
    an action): their rule only says when to remind.
    """

    class Unit(models.TextChoices):
        DAYS = "days", "days"
        MONTHS = "months", "months"

    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="timescale_rules",
        help_text="Empty for the default rule of every partnership.",
    )
    kind = models.CharField(max_length=32, choices=DeadlineKind.choices)
    period = models.PositiveSmallIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=8, choices=Unit.choices, blank=True)
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        default=default_reminder_days,
        blank=True,
        help_text="Days before the due date on which reminders are sent.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "partnership__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(partnership__isnull=True),
                name="one_default_rule_per_kind",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind"],
                condition=models.Q(partnership__isnull=False),
                name="one_partnership_rule_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(period__isnull=True, unit="")
                | models.Q(period__gte=1, unit__in=["days", "months"]),
                name="rule_period_has_a_unit",
            ),
        ]

    def __str__(self) -> str:
        where = self.partnership.name if self.partnership_id else "Default"
        return f"{where}: {self.get_kind_display()}"


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(self.is_open())

    @staticmethod
    def is_open() -> Q:
        """Neither met nor cancelled (``open()``, as a condition for an aggregate's filter)."""
        return Q(met_on__isnull=True, cancelled_on__isnull=True)

    def overdue(self, today):
        """Open, past due and running: a review on hold stops its deadlines' clocks."""
        return self.open().filter(self.late_and_running(today))

    @staticmethod
    def late_and_running(today) -> Q:
        """What makes an open deadline overdue (also a count's filter: ``counts``)."""
        return Q(due_on__lt=today) & ~Q(review__is_on_hold=True)

    def as_listed(self):
        """Only the columns a list of deadlines shows (``DeadlineRow`` and the My work rows):
        the deadline's own, and of its review, partnership and owner what a row writes. A
        review has some forty columns and a user eleven (the password hash among them): read
        and made into objects for fifty rows, they were a fifth of My work's time."""
        own = [field.name for field in self.model._meta.concrete_fields]
        return self.select_related("review", "partnership", "owner_agency", "owner_user").only(
            *own,
            "review__reference",
            "review__pseudonym",
            "review__is_on_hold",
            "review__on_hold_since",
            "partnership__name",
            "owner_agency__name",
            "owner_user__full_name",
            "owner_user__email",
        )

    @classmethod
    def count_aggregates(cls, today) -> dict:
        """``all`` and ``overdue`` (past due and running, as ``overdue()``) as aggregates of open
        deadlines, for ``aggregate()`` or ``dhr.pagination.page_and_counts``."""
        return {"all": Count("pk"), "overdue": Count("pk", filter=cls.late_and_running(today))}


class Deadline(TimeStampedModel):
    """Something that must be done by a date, by an agency or a person, and whether it was.

    Paused while its review is on hold: no reminders then, and resuming moves the due date on
    by the hold's length. ``review`` is empty only for a Commissioner's themed report, which
    belongs to a partnership rather than to one review.
    """

    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=DeadlineKind.choices)
    title = models.CharField(max_length=200, help_text="What is due, in words.")
    owner_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
    )
    due_on = models.DateField()
    rule = models.CharField(max_length=200, help_text="The rule that set the due date.")
    # The record the deadline is about ("cases.informationrequest:12"), so the domain function
    # that answers it can find it; at most one open deadline per kind and record.
    source = models.CharField(max_length=80)
    link = models.CharField(max_length=300, blank=True, help_text="The page where it is done.")
    opened_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)
    cancelled_on = models.DateField(null=True, blank=True)
    closed_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why it was closed without being met (the review was closed, ...).",
    )

    history = HistoricalRecords()
    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(met_on__isnull=True, cancelled_on__isnull=True),
                name="open_deadline_due_idx",
            ),
            # My work and the dashboard at national size (docs/performance.md): a manager's
            # open deadlines by partnership, and everyone's recently met ones.
            models.Index(
                fields=["partnership", "due_on"],
                condition=models.Q(met_on__isnull=True, cancelled_on__isnull=True),
                name="open_deadline_partnership_idx",
            ),
            # An agency member's open deadlines (My work): not a BitmapAnd of the agency index
            # with every open deadline in the country.
            models.Index(
                fields=["owner_agency", "due_on"],
                condition=models.Q(met_on__isnull=True, cancelled_on__isnull=True),
                name="open_deadline_agency_idx",
            ),
            models.Index(
                fields=["met_on"],
                condition=models.Q(met_on__isnull=False),
                name="met_deadline_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source"],
                condition=models.Q(met_on__isnull=True, cancelled_on__isnull=True),
                name="one_open_deadline_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(owner_agency__isnull=False, owner_user__isnull=True)
                | models.Q(owner_agency__isnull=True, owner_user__isnull=False),
                name="deadline_has_one_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(met_on__isnull=True) | models.Q(cancelled_on__isnull=True),
                name="deadline_met_or_cancelled_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.met_on is None and self.cancelled_on is None

    @property
    def owner(self):
        return self.owner_agency or self.owner_user


class Reminder(models.Model):
    """One reminder step sent to one person about one deadline: recorded before it is sent.

    The unique constraint on (deadline, step, recipient) is the exactly-once guarantee: a second
    pass, a retried task or another worker finds the row and sends nothing. ``step`` names the
    due date it was about ("before-7@2026-05-01"), so a due date moved by a hold re-arms them.
    """

    class Kind(models.TextChoices):
        BEFORE = "before", "Reminder before the due date"
        DUE = "due", "Due today"
        OVERDUE = "overdue", "Overdue escalation"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(max_length=40)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(help_text="The London date of the reminder pass.")
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "step", "recipient"], name="one_reminder_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline}: {self.step} to user {self.recipient_id}"


class DigestSent(models.Model):
    """The weekly digest sent to one person for one week (Monday's date): at most once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    week_of = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_of"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "week_of"], name="one_digest_per_week")
        ]

    def __str__(self) -> str:
        return f"Digest for user {self.recipient_id}, week of {self.week_of}"


class ReminderRun(models.Model):
    """One run of the daily reminder pass (or the weekly digest): when, for which day, how
    many it sent. The administrators' timescales page shows the latest."""

    class Job(models.TextChoices):
        REMINDERS = "reminders", "Reminders"
        DIGEST = "digest", "Weekly digest"

    job = models.CharField(max_length=12, choices=Job.choices, default=Job.REMINDERS)
    run_for = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_job_display()} for {self.run_for}: {self.sent} sent"


class CalendarFeed(models.Model):
    """A user's secret calendar address. Only a SHA-256 digest of the token is stored: the
    address is shown once, when it is made, and resetting it makes the old one a 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of user {self.user_id}"

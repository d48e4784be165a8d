"""Records of the stages: information requests, terms of reference, QA rounds, publication."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.reviews.models import Review
from dhr.models import Agency, TimeStampedModel


class ReceivedVia(models.TextChoices):
    """How an agency's answer or contribution reached the partnership, when someone of the
    partnership recorded it on the agency's behalf (an agency with no users sends it)."""

    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone"
    MEETING = "meeting", "Meeting"
    OTHER = "other", "Other"


# The original e-mail or letter must be attached when the answer came by one of these.
RECEIVED_IN_WRITING = frozenset({ReceivedVia.EMAIL, ReceivedVia.LETTER})


class RecordedForAgency(models.Model):
    """Who recorded an agency's answer or upload on its behalf, how it was received, and the
    original e-mail or letter (a stored file, served only through a permission-checked view).
    All empty when the agency's own member gave it."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_via = models.CharField(max_length=8, choices=ReceivedVia.choices, blank=True)
    received_on = models.DateField(null=True, blank=True)
    received_file = models.FileField(upload_to="received/%Y/%m/", blank=True)
    received_file_name = models.CharField(max_length=255, blank=True)
    received_file_type = models.CharField(max_length=100, blank=True)
    received_file_size = models.PositiveBigIntegerField(null=True, blank=True)
    received_file_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def recorded_for_agency(self) -> bool:
        return self.recorded_by_id is not None


class InformationRequest(RecordedForAgency, TimeStampedModel):
    """Scoping: the partnership asks an agency whether it had contact, and the agency answers
    (or the review manager records the answer the agency sent by e-mail, letter, ...)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="info_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="info_requests")
    sent_on = models.DateField()
    due_on = models.DateField()
    had_contact = models.BooleanField(null=True, blank=True)
    summary = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="one_request_per_agency"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("sent_on")), name="request_due_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review.reference}: {self.agency}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and not self.withdrawn


class TermsOfReference(TimeStampedModel):
    """One version of the terms of reference; a change is a new version, the old ones stay."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="terms_versions")
    version = models.PositiveSmallIntegerField()
    period_start = models.DateField(help_text="Start of the period under review.")
    period_end = models.DateField(help_text="End of the period under review.")
    key_lines_of_enquiry = models.TextField()
    family_involvement = models.TextField(blank=True)
    equality_and_diversity = models.TextField(blank=True)
    parallel_processes = models.TextField(blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["review", "version"], name="terms_version_unique"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="terms_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review.reference} terms of reference v{self.version}"


class QARound(TimeStampedModel):
    """One submission to the Home Office Quality Assurance panel and its outcome."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        APPROVED_WITH_CHANGES = "approved_with_changes", "Approved subject to changes"
        RESUBMIT = "resubmit", "Resubmission required"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="qa_rounds")
    number = models.PositiveSmallIntegerField()
    submitted_on = models.DateField()
    panel_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    changes_required = models.TextField(blank=True)
    outcome_recorded_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="qa_round_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review.reference} QA round {self.number}"


class PublicationLink(TimeStampedModel):
    """Where the published report (or its executive summary) can be read."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="publication_links")
    title = models.CharField(max_length=150)
    url = models.URLField(max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Hold(models.Model):
    """A pause of the review (criminal proceedings, inquest, family request): clocks stop."""

    class Reason(models.TextChoices):
        CRIMINAL = "criminal", "Criminal proceedings"
        INQUEST = "inquest", "Inquest"
        FAMILY = "family", "Family request"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="holds")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    details = models.TextField(blank=True)
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resume_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["started_at"]
        constraints = [
            # At most one open hold per review, enforced by the database.
            models.UniqueConstraint(
                fields=["review"], condition=models.Q(ended_at__isnull=True), name="one_open_hold"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="hold_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review.reference} on hold: {self.get_reason_display()}"


class Document(models.Model):
    """A file attached to a stage of a review (terms of reference, QA letter, ...).

    Stored under MEDIA_ROOT (outside the web root) and served only by a permission-checked view.
    """

    class Kind(models.TextChoices):
        TERMS_OF_REFERENCE = "terms", "Terms of reference"
        QA_LETTER = "qa_letter", "Home Office QA feedback letter"
        REPORT = "report", "Overview report"
        # Until the publication work gives reports their own versions, the other papers of a
        # review are documents of these kinds.
        EXECUTIVE_SUMMARY = "exec_summary", "Executive summary"
        ACTION_PLAN = "action_plan", "Action plan"
        DATA_COLLECTION_FORM = "data_form", "Home Office data collection form"
        LETTER = "letter", "Letter"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=150)
    file = models.FileField(upload_to="reviews/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    qa_round = models.ForeignKey(
        QARound, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    terms = models.ForeignKey(
        TermsOfReference, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    # A wrong upload is withdrawn, never deleted: the file and its history are kept, and the
    # manager and the chair can still open it; agency members no longer can.
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField("reason for withdrawing", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            # Withdrawn means when, by whom and why, all three.
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                & ~models.Q(withdrawal_reason=""),
                name="document_withdrawal_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

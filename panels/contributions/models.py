"""Agency contributions: what the panel asks each agency for, what the agency uploads, and the
chronology entries its spreadsheets become (DESIGN.md 2, ``panels``).

A ``ContributionRequest`` asks one agency for a chronology, an agency report (IMR) or another
document. The agency answers with versions (``ContributionVersion``): each is a stored file, and
for a chronology also the entries read from it. A version is a draft, seen only by its agency,
the review manager and the chair, until the agency submits it to the panel; then it is the
agency's current contribution and the one before it is kept as superseded.

Chronology entries are never edited: a correction is a new version. So they carry no
simple-history of their own (and are written with ``bulk_create``); their history is the list
of versions, each keeping its entries.

Imported here by ``panels.models`` so that Django registers these models with the app.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.lifecycle.models import RecordedForAgency
from cases.models import Review
from dhr.models import Agency, TimeStampedModel


class StoredFile(models.Model):
    """A file kept under MEDIA_ROOT with a random name (never the user's), served only through
    a permission-checked view; what it was called, what it is, how big and its SHA-256."""

    file = models.FileField(upload_to="contributions/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True


class ContributionRequest(TimeStampedModel):
    """The review manager or the chair asks an agency for a chronology, its agency report (IMR)
    or another document, by a due date (a deadline owned by the agency)."""

    class Kind(models.TextChoices):
        CHRONOLOGY = "chronology", "Chronology"
        REPORT = "report", "Agency report (IMR)"
        OTHER = "other", "Other document"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="contribution_requests"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="contribution_requests"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(
        max_length=150, blank=True, help_text="What the document is (for another document)."
    )
    details = models.TextField(blank=True, help_text="What the panel asks for.")
    requested_on = models.DateField()
    due_on = models.DateField()
    # Empty only for a chronology loaded from an existing review with ``import_chronology``.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "kind", "pk"]
        constraints = [
            # One live chronology and one live agency report per agency and review: a new
            # version replaces the agency's entries, so there is one place they live.
            models.UniqueConstraint(
                fields=["review", "agency", "kind"],
                condition=models.Q(kind__in=["chronology", "report"])
                & ~models.Q(status="withdrawn"),
                name="one_live_request_per_agency_and_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("requested_on")),
                name="contribution_due_after_requested",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} from {self.agency}"

    @property
    def label(self) -> str:
        """What is asked for, in words: "Chronology", or the other document's title."""
        if self.kind == self.Kind.OTHER and self.title:
            return self.title
        return self.get_kind_display()

    @property
    def is_chronology(self) -> bool:
        return self.kind == self.Kind.CHRONOLOGY

    @property
    def is_live(self) -> bool:
        """Still open to new versions: not withdrawn and not accepted."""
        return self.status not in (self.Status.WITHDRAWN, self.Status.ACCEPTED)


class ContributionVersion(RecordedForAgency, StoredFile):
    """One upload answering a request: a draft until its agency submits it to the panel.

    The review manager or the chair may upload it on the agency's behalf (an agency with no
    users sends it by e-mail or post): then ``recorded_by`` is set, with how it was received
    and the original e-mail or letter, and it is submitted to the panel at once.

    ``submitted_at`` is set when it is submitted; ``superseded_at`` when a later version of the
    same request is submitted. The agency's current contribution is the version submitted and
    not superseded. For a chronology, ``entry_count`` entries were read from the file.
    """

    request = models.ForeignKey(
        ContributionRequest, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=300, blank=True, help_text="What changed.")
    entry_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "number"], name="contribution_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request}, version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None

    @property
    def is_current(self) -> bool:
        return self.submitted_at is not None and self.superseded_at is None


class StagedChronology(StoredFile):
    """A chronology file uploaded and waiting for its preview to be confirmed.

    The file is kept between the preview and the confirmation steps here (not in the browser,
    not as a path the browser sends back): the confirm step names this row, which is looked up
    within the request and the agency. Confirming turns it into a ``ContributionVersion`` (the
    same stored file) and deletes the row; uploading another file or discarding deletes it and
    its file. ``columns`` is the column mapping chosen for this file, when there was a choice;
    ``sheet`` the cells read from the file once, at upload, for every later step.
    """

    request = models.ForeignKey(
        ContributionRequest, on_delete=models.CASCADE, related_name="staged_chronologies"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    columns = models.JSONField(default=dict, blank=True)
    # The cells read from the file when it was uploaded (``importer.Sheet.to_data``): the
    # preview, the mapping and the confirmation use these and never read the file again.
    sheet = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.original_name} (waiting to be imported)"


class ChronologyEntry(models.Model):
    """One row of an agency's chronology: a contact or event, as the agency recorded it.

    ``review`` and ``agency`` repeat the version's, so that the combined chronology is one
    indexed query over the review. ``row_number`` is the spreadsheet row it came from.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="chronology_entries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        ContributionVersion, on_delete=models.CASCADE, related_name="entries"
    )
    row_number = models.PositiveIntegerField()
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    record_reference = models.CharField("agency record reference", max_length=200, blank=True)
    event = models.TextField("event or contact")
    action = models.TextField("action or outcome", blank=True)
    comment = models.TextField(blank=True)
    staff_role = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["date", "time", "pk"]
        verbose_name_plural = "chronology entries"
        indexes = [
            models.Index(fields=["review", "date", "time"], name="chronology_review_date"),
            # The combined chronology's count and counts per month: an index-only scan of the
            # review's entries (the version is joined to keep the current ones only).
            models.Index(fields=["review", "version", "date"], name="chronology_review_version"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.agency}: {self.event[:40]}"


class ColumnMapping(TimeStampedModel):
    """How an agency's own spreadsheets name our columns, remembered after it mapped them once:
    ``columns`` maps our field names ("date", "event", ...) to the agency's header texts."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="chronology_mapping"
    )
    columns = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Chronology columns of {self.agency}"


class EntryAnnotation(models.Model):
    """A note by the chair or the review manager on one entry of the combined chronology.

    Everyone who may read the combined chronology (the manager, the chair, the panel's
    agencies) reads the annotations too: they are the panel's questions and observations.
    """

    entry = models.ForeignKey(ChronologyEntry, on_delete=models.CASCADE, related_name="annotations")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Annotation by {self.author} on {self.entry}"


class ChronologyExport(models.Model):
    """A PDF of the combined chronology too large to make while the browser waits: made by a
    Celery task, stored like an upload, downloadable by the person who asked for it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    entry_count = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Combined chronology PDF of {self.review_id} ({self.get_status_display()})"

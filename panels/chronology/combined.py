"""The combined chronology of a review: every agency's submitted entries in date order, the
filters on it, and the entries per month that make gaps and clusters visible.

Only entries of the version each agency submitted last are combined: drafts never appear, and
an agency's new submission replaces its earlier entries (which stay with their version).
Who may read it is ``panels.contributions.services.can_see_combined``.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Count, DateField, Exists, F, Func, OuterRef, Q, Value, When
from django.utils import timezone

from dhr.kept_queries import KeptQuery
from panels.models import ChronologyEntry, ContributionVersion, EntryAnnotation

# Past this many months the summary counts years instead (a stray date decades away must not
# make a table of hundreds of rows).
MAX_MONTH_ROWS = 120


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.agency_id or self.date_from or self.date_to)


def submitted_entries(review):
    """Every entry of every agency's current submitted version of its chronology."""
    return ChronologyEntry.objects.filter(
        review=review,
        version__submitted_at__isnull=False,
        version__superseded_at__isnull=True,
    )


def ordered(entries):
    """Date order, then time (entries without a time first in their day), then agency and the
    agency's own row order."""
    return entries.order_by(
        "date", F("time").asc(nulls_first=True), "agency__name", "row_number", "pk"
    )


def filtered(review, filters: Filters):
    entries = submitted_entries(review)
    if filters.agency_id:
        entries = entries.filter(agency_id=filters.agency_id)
    if filters.date_from:
        entries = entries.filter(date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(date__lte=filters.date_to)
    return entries


@dataclass(frozen=True)
class CurrentVersion:
    pk: int
    agency_id: int
    agency_name: str
    has_entries: bool


def current_versions(review) -> list[CurrentVersion]:
    """The review's current submitted versions (each agency's last submission), oldest first,
    with their agency (id and name) and whether they hold an entry: read once for a page of
    the combined chronology, which keys its kept counts on them and lists their agencies in its
    filter."""
    return [CurrentVersion(*row) for row in _CURRENT_VERSIONS.rows(review.pk)]


# On every page of the combined chronology: compiled once (dhr.kept_queries).
_CURRENT_VERSIONS = KeptQuery(
    lambda review_id: (
        ContributionVersion.objects.filter(
            request__review_id=review_id, submitted_at__isnull=False, superseded_at__isnull=True
        )
        .annotate(has_entries=Exists(ChronologyEntry.objects.filter(version=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "request__agency_id", "request__agency__name", "has_entries")
    )
)


def agencies_with_entries(
    review, versions: list[CurrentVersion] | None = None
) -> list[tuple[int, str]]:
    """The agencies whose submitted entries are in the combined chronology, as (id, name) by
    name, for the filter: those of the review's current versions that have an entry (an entry's
    agency and review are its version's request's). Read from the few versions (``versions``,
    when the page has read them), not the review's every entry, nor the agencies again."""
    versions = current_versions(review) if versions is None else versions
    agencies = {
        version.agency_id: version.agency_name for version in versions if version.has_entries
    }
    return sorted(agencies.items(), key=lambda agency: (agency[1], agency[0]))


@dataclass(frozen=True)
class PeriodCount:
    """Entries in one month (or year): a gap when none, a cluster when at least twice the
    average of the span and at least ``CLUSTER_MINIMUM``."""

    start: date
    count: int
    label: str
    is_gap: bool
    is_cluster: bool


CLUSTER_MINIMUM = 3


def summary_bounds(review) -> tuple:
    """``(start, end)`` over which the gaps-and-clusters summary runs: the period under review
    of the latest terms of reference; before there are terms, the entries' own span up to the
    date of death (``None`` for an open start). An entry dated outside never stretches it."""
    from panels.contributions.services import period_under_review

    return period_under_review(review) or (None, review.date_of_death)


class MonthStart(Func):
    """The first day of the date's month. ``DATE_TRUNC`` on a bare date casts every row to
    ``timestamptz`` (through the time zone) first; on ``timestamp`` it is a third quicker."""

    template = "DATE_TRUNC('month', %(expressions)s::timestamp)::date"
    output_field = DateField()


def period_counts(entries, bounds: tuple = (None, None)) -> list[PeriodCount]:
    """Counts per month of the entries within ``bounds`` (``(start, end)``, both included,
    either ``None`` for open): from the start's month to the end's, or where open from the
    first (last) entry's month, months without entries included (one query); per year when
    that would be more than ``MAX_MONTH_ROWS`` rows."""
    return counted_periods(entries, bounds)[0]


def counted_periods(entries, bounds: tuple = (None, None)) -> tuple[list[PeriodCount], int]:
    """``period_counts`` and the number of all ``entries``, within the bounds or not (the
    page's count), from one pass over them: one query for both, not two over every entry."""
    start, end = bounds
    inside = Q()
    if start:
        inside &= Q(date__gte=start)
    if end:
        inside &= Q(date__lte=end)
    within = Case(When(inside, then=Value(True)), default=Value(False)) if inside else Value(True)
    counts, total = {}, 0
    for row in (
        entries.order_by()
        .annotate(month=MonthStart("date"), within=within)
        .values("month", "within")
        .annotate(count=Count("*"))  # not the pk: an index-only scan (review, version, date)
    ):
        total += row["count"]
        if row["within"]:
            counts[row["month"]] = row["count"]
    return _spans(counts, start, end), total


PERIODS_KEPT_SECONDS = 24 * 60 * 60


def kept_counted_periods(
    review, filters: Filters, bounds: tuple, versions: list[CurrentVersion] | None = None
) -> tuple[list[PeriodCount], int]:
    """``counted_periods`` of the filtered entries, kept in the cache under the review's current
    submitted versions (``versions``, when the page has read them): a version's entries never
    change once written (a correction is a new version), so the same versions, filters and
    bounds always give the same counts. One small query for the versions instead of a pass over
    every entry (40,000 in a large review) on every page of the combined chronology; a new
    version, a filter or new terms of reference make another key."""
    versions = current_versions(review) if versions is None else versions
    signature = "|".join(
        str(part)
        for part in (
            review.pk,
            ",".join(str(version.pk) for version in versions),
            filters.agency_id or "",
            filters.date_from or "",
            filters.date_to or "",
            bounds[0] or "",
            bounds[1] or "",
        )
    )
    key = "chronology-periods:v1:" + hashlib.sha256(signature.encode()).hexdigest()[:32]
    kept = cache.get(key)
    if kept is None:
        kept = counted_periods(filtered(review, filters), bounds)
        cache.set(key, kept, timeout=PERIODS_KEPT_SECONDS)
    return kept


def _spans(counts: dict, start, end) -> list[PeriodCount]:
    if not counts and not (start and end):
        return []
    first = start.replace(day=1) if start else min(counts)
    last = end.replace(day=1) if end else max(counts)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > MAX_MONTH_ROWS:
        return _per_year(counts, first.year, last.year)
    spans = []
    for offset in range(months):
        year, month = divmod(first.month - 1 + offset, 12)
        start = date(first.year + year, month + 1, 1)
        spans.append((start, counts.get(start, 0), f"{start:%B %Y}"))
    return _marked(spans)


def _per_year(counts: dict, first: int, last: int) -> list[PeriodCount]:
    totals: dict = {}
    for month, count in counts.items():
        totals[month.year] = totals.get(month.year, 0) + count
    spans = [(date(year, 1, 1), totals.get(year, 0), str(year)) for year in range(first, last + 1)]
    return _marked(spans)


def _marked(spans: list) -> list[PeriodCount]:
    average = sum(count for _, count, _ in spans) / len(spans)
    return [
        PeriodCount(
            start=start,
            count=count,
            label=label,
            is_gap=count == 0,
            is_cluster=count >= max(CLUSTER_MINIMUM, 2 * average),
        )
        for start, count, label in spans
    ]


def flag_annotated(entries):
    """``entries`` with ``has_annotations`` on each: a page asks for the annotations of those
    entries only, and not at all when none of its entries has one (most pages: a chair
    annotates a few entries of thousands)."""
    return entries.annotate(
        has_annotations=Exists(EntryAnnotation.objects.filter(entry=OuterRef("pk")))
    )


def annotations_by_entry(entry_ids) -> dict:
    """entry id -> its annotations (oldest first) with their authors, in one query (none for
    no entries)."""
    entry_ids = list(entry_ids)
    if not entry_ids:
        return {}
    grouped: dict = {}
    for annotation in (
        EntryAnnotation.objects.filter(entry_id__in=entry_ids)
        .select_related("author")
        # The author as the page names them (``User.__str__``), not their whole row.
        .only("entry", "review", "created_at", "text", "author__full_name", "author__email")
        .order_by("created_at", "pk")
    ):
        grouped.setdefault(annotation.entry_id, []).append(annotation)
    return grouped


def review_annotations(review) -> dict:
    """entry id -> annotations, for every annotated entry of the review (exports)."""
    grouped: dict = {}
    for annotation in (
        EntryAnnotation.objects.filter(review=review)
        .select_related("author")
        .order_by("created_at", "pk")
    ):
        grouped.setdefault(annotation.entry_id, []).append(annotation)
    return grouped


EXPORT_FIELDS = (
    "pk",
    "date",
    "time",
    "agency__name",
    "record_reference",
    "event",
    "action",
    "comment",
    "staff_role",
)


def export_rows(review, filters: Filters):
    """The filtered entries as tuples of ``EXPORT_FIELDS``, streamed from the database in
    chunks (an export of tens of thousands of rows never holds model instances for all)."""
    return ordered(filtered(review, filters)).values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)


@transaction.atomic
def annotate(review, entry, *, by, text: str) -> EntryAnnotation:
    """The chair's or the manager's note on a submitted entry (the view checked the role)."""
    note = EntryAnnotation(
        entry=entry, review=review, author=by, created_at=timezone.now(), text=text.strip()
    )
    note._history_user = by
    note.save()
    return note


@transaction.atomic
def request_pdf_export(review, *, by, filters: Filters):
    """Queues a background PDF of the combined chronology; the task starts after commit."""
    from panels.chronology.tasks import build_chronology_pdf
    from panels.models import ChronologyExport

    job = ChronologyExport.objects.create(
        review=review,
        requested_by=by,
        agency_id=filters.agency_id,
        date_from=filters.date_from,
        date_to=filters.date_to,
        requested_at=timezone.now(),
    )
    transaction.on_commit(lambda: build_chronology_pdf.delay(job.pk))
    return job

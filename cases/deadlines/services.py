"""Opening, closing and moving deadlines; which deadlines a user works on.

Only domain functions call ``open_deadline`` and ``close_deadline`` (``cases.lifecycle.workflow``
for the review's own deadlines; later apps for agency chronologies and reports, Commissioner
recommendations and actions), inside their own transaction, so a deadline is opened or closed
exactly when the record that implies it is saved.

Example, from a later app::

    deadlines.open_deadline(
        review, kind=DeadlineKind.AGENCY_REPORT, due_on=due_on, owner_agency=agency,
        rule="Set by the chair", source=report_request, title=f"Agency report from {agency}",
    )
    ...
    deadlines.close_deadline(kind=DeadlineKind.AGENCY_REPORT, source=report_request, met_on=day)
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from cases.models import Deadline, DeadlineKind, Review
from dhr.accounts.roles import Role
from dhr.links import row_url


def source_key(source) -> str:
    """How a deadline names the record it is about: ``"cases.informationrequest:12"``."""
    if isinstance(source, str):
        return source
    return f"{source._meta.label_lower}:{source.pk}"


@transaction.atomic
def open_deadline(
    review: Review | None = None,
    *,
    kind: str,
    due_on: date,
    rule: str,
    source,
    title: str = "",
    owner_agency=None,
    owner_user=None,
    partnership=None,
    link: str = "",
    opened_on: date | None = None,
) -> Deadline:
    """Opens the deadline of ``kind`` for ``source`` (a record, or a key of ``source_key``).

    The owner is an agency or a user, exactly one. ``review`` is None only for a deadline of a
    partnership's own (a Commissioner's themed report): then give ``partnership``. If one is
    already open for the same kind and source, it is updated (due date, owner, rule) instead:
    calling again is safe.
    """
    if (owner_agency is None) == (owner_user is None):
        raise ValueError("A deadline has exactly one owner: an agency or a user.")
    if kind not in DeadlineKind.values:
        raise ValueError(f"Unknown kind of deadline: {kind!r}")
    if review is None and partnership is None:
        raise ValueError("A deadline without a review needs its partnership.")
    values = {
        "review": review,
        "partnership_id": review.partnership_id if review else partnership.pk,
        "title": title or DeadlineKind(kind).label,
        "owner_agency": owner_agency,
        "owner_user": owner_user,
        "due_on": due_on,
        "rule": rule[:200],
        "link": link,
    }
    key = source_key(source)
    existing = Deadline.objects.open().select_for_update().filter(kind=kind, source=key).first()
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        return existing
    return Deadline.objects.create(
        kind=kind, source=key, opened_on=opened_on or timezone.localdate(), **values
    )


@transaction.atomic
def close_deadline(
    review: Review | None = None,
    *,
    kind: str,
    source=None,
    met_on: date | None = None,
    cancelled: bool = False,
) -> int:
    """Closes the open deadline(s) of ``kind``: for ``source`` when given, else every one of
    ``review``. Met on ``met_on`` (today when None), or cancelled (a request withdrawn).
    Returns how many were closed; 0 when none was open (closing twice is harmless)."""
    if source is None and review is None:
        raise ValueError("Say which deadline: a source record or a review.")
    deadlines = Deadline.objects.open().filter(kind=kind)
    if source is not None:
        deadlines = deadlines.filter(source=source_key(source))
    if review is not None:
        deadlines = deadlines.filter(review=review)
    on = met_on or timezone.localdate()
    closed = 0
    for deadline in deadlines.select_for_update():
        if cancelled:
            deadline.cancelled_on = on
        else:
            deadline.met_on = on
        deadline.save()
        closed += 1
    return closed


def close_open_deadlines(
    review: Review, *, reason: str, on: date | None = None, keep_kinds=()
) -> int:
    """Cancels every open deadline of ``review`` on ``on`` (today when None), recording
    ``reason`` on each: the review has closed, so nothing of it stays in anyone's "My work"
    and no reminder goes out. ``keep_kinds``: duties that outlive the review (telling the Home
    Office of a decision not to commission). Returns how many were closed."""
    on = on or timezone.localdate()
    closed = 0
    for deadline in review.deadlines.open().exclude(kind__in=keep_kinds).select_for_update():
        deadline.cancelled_on = on
        deadline.closed_reason = reason[:300]
        deadline._change_reason = reason[:100]
        deadline.save()
        closed += 1
    return closed


def move_open_deadlines(review: Review, days: int) -> None:
    """Moves every open deadline of ``review`` on by ``days`` (after a hold of that length)."""
    if days <= 0:
        return
    for deadline in review.deadlines.open().select_for_update():
        deadline.due_on = deadline.due_on + timedelta(days=days)
        deadline.save()


# --- Reading -----------------------------------------------------------------------------------

ROLES_WITH_DEADLINES = (Role.REVIEW_MANAGER, Role.CHAIR, Role.AGENCY_MEMBER)


def deadlines_in_scope(user):
    """Every deadline (open or closed) ``user`` works on: their own, their agency's, and for a
    review manager every deadline of their partnerships' reviews (they chase them). Only
    deadlines of reviews ``Review.objects.for_user(user)`` contains, or of a partnership's own
    records (a Commissioner's themed report) the user takes part in."""
    if not (user.is_authenticated and user.is_active and user.role in ROLES_WITH_DEADLINES):
        return Deadline.objects.none()
    visible_reviews = Review.objects.for_user(user).values("pk")
    if user.role == Role.REVIEW_MANAGER:
        partnerships = user.partnership_ids
        # A deadline's partnership is its review's: the first condition changes nothing but
        # lets PostgreSQL use the partnership index instead of reading every open deadline.
        mine = Q(partnership__in=partnerships) & (
            Q(review__in=visible_reviews) | Q(review__isnull=True)
        )
    elif user.role == Role.AGENCY_MEMBER:
        if user.agency_id is None:
            return Deadline.objects.none()
        mine = Q(owner_agency=user.agency_id) & (
            Q(review__in=visible_reviews) | Q(review__isnull=True)
        )
    else:
        mine = Q(owner_user=user, review__in=visible_reviews)
    return Deadline.objects.filter(mine).select_related(
        "review", "partnership", "owner_agency", "owner_user"
    )


def review_deadlines_for(review: Review, user):
    """The deadlines of ``review`` that ``user`` (who may open it) may see: all of them for
    the manager and the chair; for an agency member, their own agency's and the partnership's
    own steps (owned by a person), never another agency's (as on the information requests
    page, an agency does not learn which other agencies were asked)."""
    records = review.deadlines.all()
    if user.role == Role.AGENCY_MEMBER:
        records = records.filter(Q(owner_agency=user.agency_id) | Q(owner_agency__isnull=True))
    return records


def deadlines_for(user):
    """The open deadlines ``user`` works on (see ``deadlines_in_scope``), soonest first."""
    return deadlines_in_scope(user).open().order_by("due_on", "pk")


def recently_met_for(user, since: date):
    """The user's deadlines met on or after ``since``, latest first."""
    return deadlines_in_scope(user).filter(met_on__gte=since).order_by("-met_on", "pk")


def is_owner(deadline: Deadline, user) -> bool:
    """Whether ``user`` is the one who must do it (the owning person, or a member of the
    owning agency)."""
    if deadline.owner_user_id:
        return deadline.owner_user_id == user.pk
    return user.role == Role.AGENCY_MEMBER and user.agency_id == deadline.owner_agency_id


def link_for(deadline: Deadline, user, review_deadlines_url=None) -> str:
    """The page ``user`` should open for the deadline: where it is done, for its owner; the
    review's deadlines, for those who chase it (the manager cannot answer an agency's request).
    "" when there is no page for them (a themed report's deadline seen by a manager).
    ``review_deadlines_url``: a ``dhr.links.row_url`` of that page, when a list has one."""
    if deadline.link and is_owner(deadline, user):
        return deadline.link
    if deadline.review_id:
        reference = deadline.review.reference
        if review_deadlines_url:
            return review_deadlines_url(reference)
        return reverse("deadlines:review", args=[reference])
    return ""


class ReviewLinks:
    """The review pages a list of deadlines links each row to, reversed once for the list."""

    def __init__(self):
        self.overview = row_url("cases:detail")
        self.deadlines = row_url("deadlines:review")


@dataclass(frozen=True)
class DeadlineRow:
    """A deadline as a page or a feed shows it, with its days left as of ``today`` and the
    page ``viewer`` should open for it."""

    deadline: Deadline
    today: date
    viewer: object = None
    # The review pages' URLs, made once for a list by ``rows`` (one row alone makes its own).
    links: ReviewLinks = field(default_factory=ReviewLinks)

    # Cached: a page asks for each of these two or three times a row (the status tag).
    @cached_property
    def link(self) -> str:
        if self.viewer is None:
            return self.deadline.link
        return link_for(self.deadline, self.viewer, self.links.deadlines)

    @cached_property
    def review_url(self) -> str:
        """The review's overview ("" for a partnership's own deadline)."""
        review = self.deadline.review
        return self.links.overview(review.reference) if review else ""

    @cached_property
    def paused(self) -> bool:
        review = self.deadline.review
        return bool(review and review.is_on_hold)

    @cached_property
    def days_left(self) -> int:
        review = self.deadline.review
        as_of = self.today
        if self.paused and review.on_hold_since:
            as_of = review.on_hold_since
        return (self.deadline.due_on - as_of).days

    @cached_property
    def overdue(self) -> bool:
        return self.deadline.is_open and not self.paused and self.days_left < 0

    @cached_property
    def status(self) -> str:
        if self.deadline.met_on:
            late = self.deadline.met_on > self.deadline.due_on
            return f"Met {'late' if late else 'on time'}"
        if self.deadline.cancelled_on:
            return "Cancelled"
        if self.paused:
            return "Paused while on hold"
        return describe_days_left(self.days_left)

    @cached_property
    def status_tag(self) -> str:
        """The status as a GOV.UK tag, for every page that lists deadlines (and the Jinja2
        rows of My work, ``dhr.rows``, which cannot include a Django template)."""
        deadline = self.deadline
        if self.overdue:
            return format_html(
                '<strong class="govuk-tag govuk-tag--red">Overdue</strong> '
                '<span class="govuk-body-s">{}</span>',
                self.status,
            )
        if deadline.met_on:
            colour, label = "green", self.status
        elif deadline.cancelled_on:
            colour, label = "grey", "Cancelled"
        elif self.paused:
            colour, label = "grey", "Paused: on hold"
        elif self.days_left == 0:
            colour, label = "orange", "Due today"
        else:
            colour, label = "blue", self.status
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)

    @property
    def owner_label(self) -> str:
        """The owning agency, or the owning person's name (pages only: e-mails and feeds
        name no one)."""
        deadline = self.deadline
        return str(deadline.owner_agency or deadline.owner_user)


def describe_days_left(days: int) -> str:
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "Due today"
    return f"{days} day{'s' if days != 1 else ''} left"


def rows(deadlines, today: date | None = None, viewer=None) -> list[DeadlineRow]:
    today = today or timezone.localdate()
    links = ReviewLinks()
    return [DeadlineRow(deadline, today, viewer, links) for deadline in deadlines]

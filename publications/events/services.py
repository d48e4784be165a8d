"""Learning events: who may do what, the domain functions (the only code that changes events and
their attendance) and the practitioners reached per review and per theme.

- Review managers record the events of their partnerships (the reviews covered: their
  partnerships' reviews; the themes: the partnership's managed list).
- The reach figures (attendees of the events that covered a review or a theme) are aggregates:
  review managers, the steering group and administrators read them for the partnerships they
  see on the dashboard (``dhr.dashboard.scope.partnerships_for``). Agencies and chairs do not.
- Every figure is one aggregate query, whatever the number of events or reviews.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum

from actionplans.models import Theme
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review
from dhr.accounts.roles import Role, has_role
from dhr.dashboard.scope import partnerships_for
from dhr.models import Agency
from publications.events.models import EventAttendance, LearningEvent


def may_record(user) -> bool:
    return has_role(user, Role.REVIEW_MANAGER)


def may_read_reach(user) -> bool:
    return has_role(user, Role.REVIEW_MANAGER, Role.STEERING_GROUP, Role.ADMINISTRATOR)


def events_for(user):
    """The events ``user`` may open: a review manager's partnerships' events."""
    if not may_record(user):
        return LearningEvent.objects.none()
    return LearningEvent.objects.filter(partnership__in=user.partnerships.values("pk"))


def reviews_offered(partnership):
    return Review.objects.filter(partnership=partnership).order_by("reference")


def themes_offered(partnership):
    return Theme.objects.filter(partnership=partnership, is_active=True).order_by("name")


def _check(user, partnership) -> None:
    if not may_record(user) or not user.partnerships.filter(pk=partnership.pk).exists():
        raise TransitionRefused("Only the partnership's review managers record its events.")


def _covered(partnership, reviews, themes) -> tuple[list, list]:
    reviews, themes = list(reviews), list(themes)
    if any(review.partnership_id != partnership.pk for review in reviews):
        raise TransitionRefused("An event covers reviews of its own partnership only.")
    if any(theme.partnership_id != partnership.pk for theme in themes):
        raise TransitionRefused("An event covers themes of its own partnership only.")
    return reviews, themes


@transaction.atomic
def save_event(
    event: LearningEvent | None,
    *,
    by,
    partnership,
    title,
    held_on,
    format,
    audience,
    description="",
    reviews=(),
    themes=(),
) -> LearningEvent:
    """Records a new event (``event`` None) or changes one."""
    _check(by, partnership)
    reviews, themes = _covered(partnership, reviews, themes)
    if event is None:
        event = LearningEvent()
        reason = "Event recorded"
    else:
        event = LearningEvent.objects.select_for_update().get(pk=event.pk)
        _check(by, event.partnership)
        reason = "Event changed"
    event.partnership = partnership
    event.title = title.strip()
    event.held_on = held_on
    event.format = format
    event.audience = audience.strip()
    event.description = (description or "").strip()
    event._history_user = by
    event._change_reason = reason
    event.save()
    event.reviews.set(reviews)
    event.themes.set(themes)
    return event


@transaction.atomic
def delete_event(event: LearningEvent, *, by) -> None:
    _check(by, event.partnership)
    for row in event.attendance.all():
        row._history_user = by
        row.delete()
    event._history_user = by
    event._change_reason = "Event deleted"
    event.delete()


@transaction.atomic
def record_attendance(
    event: LearningEvent, *, by, agency: Agency, registered: int, attended: int
) -> EventAttendance | None:
    """An agency's registrations and attendance at the event; both 0 removes its row."""
    _check(by, event.partnership)
    if registered < 0 or attended < 0:
        raise TransitionRefused("Registrations and attendance cannot be negative.")
    row = EventAttendance.objects.select_for_update().filter(event=event, agency=agency).first()
    if registered == 0 and attended == 0:
        if row is not None:
            row._history_user = by
            row.delete()
        return None
    if row is None:
        row = EventAttendance(event=event, agency=agency)
    row.registered = registered
    row.attended = attended
    row._history_user = by
    row.save()
    return row


# --- Reach ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReachRow:
    label: str
    events: int
    registered: int
    attended: int
    link: str = ""


def reach_by_review(reviews, events=None) -> list[ReachRow]:
    """Practitioners reached per review (``reviews``: a queryset, used as a subquery): the
    attendees of every event (of ``events``, if given) that covered it. One query."""
    attendance = EventAttendance.objects.filter(event__reviews__in=reviews)
    if events is not None:
        attendance = attendance.filter(event__in=events)
    rows = (
        attendance.values("event__reviews__reference", "event__reviews__pseudonym")
        .annotate(
            events=Count("event", distinct=True),
            registered=Sum("registered"),
            attended=Sum("attended"),
        )
        .order_by("-attended", "event__reviews__reference")
    )
    return [
        ReachRow(
            f"{row['event__reviews__reference']} (Case {row['event__reviews__pseudonym']})",
            row["events"],
            row["registered"] or 0,
            row["attended"] or 0,
        )
        for row in rows
    ]


def reach_by_theme(events) -> list[ReachRow]:
    """Practitioners reached per theme, over ``events`` (a queryset). One query."""
    rows = (
        EventAttendance.objects.filter(event__in=events, event__themes__isnull=False)
        .values("event__themes__name")
        .annotate(
            events=Count("event", distinct=True),
            registered=Sum("registered"),
            attended=Sum("attended"),
        )
        .order_by("-attended", "event__themes__name")
    )
    return [
        ReachRow(
            row["event__themes__name"],
            row["events"],
            row["registered"] or 0,
            row["attended"] or 0,
        )
        for row in rows
    ]


def reach_by_agency(events) -> list[ReachRow]:
    """Registrations and attendance per agency over ``events``. One query."""
    rows = (
        EventAttendance.objects.filter(event__in=events)
        .values("agency__name")
        .annotate(
            events=Count("event", distinct=True),
            registered=Sum("registered"),
            attended=Sum("attended"),
        )
        .order_by("-attended", "agency__name")
    )
    return [
        ReachRow(row["agency__name"], row["events"], row["registered"], row["attended"])
        for row in rows
    ]


def reach_events(user, partnership_ids=None, year=None):
    """The events whose figures ``user`` reads (the partnerships of their dashboard)."""
    partnerships = partnerships_for(user)
    if partnership_ids:
        partnerships = partnerships.filter(pk__in=partnership_ids)
    events = LearningEvent.objects.filter(partnership__in=partnerships)
    if year:
        events = events.filter(held_on__year=year)
    return events


def reach_reviews(user, partnership_ids=None):
    partnerships = partnerships_for(user)
    if partnership_ids:
        partnerships = partnerships.filter(pk__in=partnership_ids)
    return Review.objects.filter(partnership__in=partnerships)

"""The review page's task list: one entry per stage, each with its status.

Entries are registered in order; ``panels`` adds the chair and panel entries in its
``AppConfig.ready()`` (DESIGN.md 2: later apps plug into the earlier one's registry).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from cases.models import STAGE_ORDER, Review, Stage
from cases.reviews import access, facts


class Status:
    DONE = ("Completed", "")
    IN_PROGRESS = ("In progress", "govuk-tag--light-blue")
    NOT_STARTED = ("Not started", "govuk-tag--blue")
    CANNOT_START = ("Cannot start yet", "govuk-tag--grey")
    OVERDUE = ("Overdue", "govuk-tag--red")
    NOT_NEEDED = ("Not needed", "govuk-tag--grey")


@dataclass(frozen=True)
class Task:
    order: int
    title: str
    url_name: str
    status: Callable[[Review], tuple]
    # Who sees the task: None for everyone who can open the review.
    visible_to: Callable[[object, Review], bool] | None = None


_tasks: list[Task] = []


def register_task(
    order: int,
    title: str,
    url_name: str,
    status: Callable[[Review], tuple],
    visible_to: Callable[[object, Review], bool] | None = None,
):
    if all(task.url_name != url_name for task in _tasks):
        _tasks.append(Task(order, title, url_name, status, visible_to))
        _tasks.sort(key=lambda task: task.order)


def tasks_for(review: Review, user=None) -> list[dict]:
    """The task list of one review: title, link and status tag of each stage ``user`` may
    open (every task when no user is given)."""
    return [
        {
            "title": task.title,
            "url": reverse(task.url_name, args=[review.reference]),
            "status": task.status(review),
        }
        for task in _tasks
        if user is None or task.visible_to is None or task.visible_to(user, review)
    ]


def reached(review: Review, stage: Stage) -> bool:
    """True when the review is at ``stage`` or beyond it."""
    return STAGE_ORDER[review.stage] >= STAGE_ORDER[stage]


def stage_status(
    review: Review, active: set, done_from: Stage, *, not_needed=False, ready=frozenset()
) -> tuple:
    """Status of a stage that is in progress in ``active`` stages and done from ``done_from``;
    in ``ready`` stages it can be started but has not been ("Not started")."""
    closed_early = review.stage == Stage.CLOSED and review.decision not in (
        Review.Decision.COMMISSION,
        Review.Decision.JOINT,
    )
    if review.stage in ready:
        return Status.NOT_STARTED
    if review.stage in active:
        return Status.IN_PROGRESS
    if closed_early and not_needed:
        return Status.NOT_NEEDED
    if reached(review, done_from):
        return Status.DONE
    return Status.CANNOT_START


def _decision_status(review: Review) -> tuple:
    if review.decision:
        return Status.DONE
    if review.decision_due_on and not review.is_on_hold:
        from django.utils import timezone

        if review.decision_due_on < timezone.localdate():
            return Status.OVERDUE
    return Status.IN_PROGRESS if review.stage == Stage.DECISION else Status.CANNOT_START


register_task(10, "Notification", "cases:notification", lambda review: Status.DONE)
register_task(
    20,
    "Information gathering",
    "cases:requests",
    # Notified: the manager has not started it yet (the overview offers "Start information
    # gathering"); it is in progress from then until the decision stage.
    lambda review: stage_status(review, {Stage.SCOPING}, Stage.DECISION, ready={Stage.NOTIFIED}),
)
register_task(30, "Decision", "cases:decision", _decision_status)


def _terms_status(review: Review) -> tuple:
    """Completed once a version is agreed; not started while no version has been written."""
    terms = facts.figures(review, "terms")  # registered by cases.lifecycle.workflow
    if terms["latest_agreed"]:
        return Status.DONE
    status = stage_status(
        review,
        {Stage.COMMISSIONED, Stage.CHAIR_APPOINTED, Stage.PANEL},
        Stage.QA_SUBMITTED,
        not_needed=True,
    )
    if status == Status.IN_PROGRESS and not terms["written"]:
        return Status.NOT_STARTED
    return status


register_task(60, "Terms of reference", "cases:terms", _terms_status)
# Family engagement runs from commissioning until publication. Only the manager and the chair
# may open the family pages, so only they see the task; its status says nothing about the records.
register_task(
    65,
    "Family engagement",
    "cases:family",
    lambda review: stage_status(
        review,
        {
            Stage.COMMISSIONED,
            Stage.CHAIR_APPOINTED,
            Stage.PANEL,
            Stage.QA_SUBMITTED,
            Stage.AMENDMENTS_REQUESTED,
            Stage.QA_APPROVED,
            Stage.SENT_TO_COMMISSIONER,
        },
        Stage.PUBLISHED,
        not_needed=True,
    ),
    visible_to=access.can_see_restricted,
)
register_task(
    70,
    "Home Office quality assurance",
    "cases:qa",
    lambda review: stage_status(
        review,
        {Stage.QA_SUBMITTED, Stage.AMENDMENTS_REQUESTED},
        Stage.QA_APPROVED,
        not_needed=True,
    ),
)
register_task(
    80,
    "Domestic Abuse Commissioner",
    "cases:commissioner",
    lambda review: stage_status(
        review, {Stage.QA_APPROVED}, Stage.SENT_TO_COMMISSIONER, not_needed=True
    ),
)
register_task(
    90,
    "Publication",
    "cases:publication",
    lambda review: stage_status(
        review, {Stage.SENT_TO_COMMISSIONER}, Stage.PUBLISHED, not_needed=True
    ),
)
register_task(
    100,
    "Action-plan monitoring and closure",
    "cases:close",
    lambda review: stage_status(review, {Stage.PUBLISHED, Stage.MONITORING}, Stage.CLOSED),
)

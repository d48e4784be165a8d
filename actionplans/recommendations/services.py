"""The review's recommendations and action plan: the domain functions (the only code that
changes these records), who may do what, the derived RAG rating and the lifecycle rules.

Same habits as ``cases.lifecycle.workflow``: one atomic function per change, taking the acting
user as ``by``, refusing with ``TransitionRefused`` and a reason a person can read, recording the
history user. An action's target date is a ``cases.Deadline`` (kind ``plan_action``) owned by
the lead agency, opened with the action and met when the review manager signs its completion
off (cancelled when it is superseded or not completed).
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from actionplans.models import (
    Evidence,
    Milestone,
    PlanAction,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
    Theme,
)
from actionplans.recommendations.models import DEFAULT_THEMES
from cases.deadlines import services as deadlines
from cases.documents.services import checked_upload
from cases.lifecycle.workflow import TransitionRefused
from cases.models import DeadlineKind, Review, Stage
from cases.reviews import access, facts
from dhr.accounts.roles import Role, has_role
from dhr.models import Notification, User

KIND = DeadlineKind.PLAN_ACTION
S = PlanAction.Status

# Recommendations and actions are written once the review is commissioned, and kept up until it
# is closed (an import of an older plan may reach any stage: ``import_plan``).
WORKING_STAGES = frozenset(
    set(Stage) - {Stage.NOTIFIED, Stage.SCOPING, Stage.DECISION, Stage.CLOSED}
)
# What the lead agency may propose; completion and "not completed" wait for the manager.
PROPOSABLE = (S.IN_PROGRESS, S.COMPLETED, S.NOT_COMPLETED)
NEEDS_SIGN_OFF = frozenset({S.COMPLETED, S.NOT_COMPLETED})


# --- Who may see and do what -----------------------------------------------------------------


def may_draft(user, review: Review) -> bool:
    """The chair drafts the recommendations; the review manager may too."""
    return access.manages(user, review) or access.chairs(user, review)


def may_manage(user, review: Review) -> bool:
    """Agreeing, withdrawing, actions, sign-off, import: the review manager."""
    return access.manages(user, review)


def reads_whole_plan(user, review: Review) -> bool:
    return access.manages(user, review) or access.chairs(user, review)


def recommendations_for(user, review: Review):
    """The review's recommendations ``user`` (who may open the review) may read: all of them
    for the manager and the chair; the agreed ones for the panel's agencies."""
    records = review.recommendations.all()
    if reads_whole_plan(user, review):
        return records
    if user.role == Role.AGENCY_MEMBER:
        return records.filter(status=Recommendation.Status.AGREED)
    return records.none()


def actions_for(user, review: Review):
    """The review's actions ``user`` may read: all for the manager and the chair; an agency
    member only their own agency's."""
    records = PlanAction.objects.filter(review=review)
    if reads_whole_plan(user, review):
        return records
    if user.role == Role.AGENCY_MEMBER and user.agency_id:
        return records.filter(
            lead_agency=user.agency_id, recommendation__status=Recommendation.Status.AGREED
        )
    return records.none()


def agency_actions(user):
    """Every action of the user's agency, across the reviews they may open ("Our actions")."""
    if not (has_role(user, Role.AGENCY_MEMBER) and user.agency_id):
        return PlanAction.objects.none()
    return PlanAction.objects.filter(
        lead_agency=user.agency_id,
        recommendation__status=Recommendation.Status.AGREED,
        review__in=Review.objects.for_user(user).values("pk"),
    )


def is_lead_member(user, action: PlanAction) -> bool:
    return access.is_agency_member_of(user, action.lead_agency_id)


def involved(review: Review, agency) -> bool:
    """An agency leading an action of the review stays able to open it (``access``)."""
    return PlanAction.objects.filter(review=review, lead_agency=agency).exists()


def manages_partnership(user, partnership_id) -> bool:
    return (
        has_role(user, Role.REVIEW_MANAGER) and user.partnerships.filter(pk=partnership_id).exists()
    )


# --- RAG: derived from the status and the dates, never typed -----------------------------------

AMBER_DAYS = 30  # an open action due within this many days is at risk
NOT_STARTED_AMBER_DAYS = 90  # an action not started this close to its date is at risk too


@dataclass(frozen=True)
class Rag:
    key: str
    label: str
    css: str  # a GOV.UK tag colour: text and colour together, never colour alone


RED = Rag("red", "Red: overdue", "govuk-tag--red")
AMBER = Rag("amber", "Amber: at risk", "govuk-tag--orange")
GREEN = Rag("green", "Green: on track", "govuk-tag--green")
COMPLETE = Rag("complete", "Complete", "govuk-tag--blue")
CLOSED = Rag("closed", "Closed", "govuk-tag--grey")


def due_on(action: PlanAction) -> date:
    """The action's date as it now stands (a hold moves the deadline's due date on)."""
    return action.deadline.due_on if action.deadline_id and action.deadline else action.target_date


def rag(action: PlanAction, today: date | None = None) -> Rag:
    """Complete (signed off); closed (not completed with a reason, or superseded); otherwise
    red when the date has passed, amber when it is within ``AMBER_DAYS`` (or within
    ``NOT_STARTED_AMBER_DAYS`` and not started), green before. While the review is on hold the
    clock stands still at the day the hold began."""
    review = action.review
    return rag_of(
        action.status,
        due_on(action),
        review.on_hold_since if review.is_on_hold else None,
        today or timezone.localdate(),
    )


def rag_of(status: str, due: date, on_hold_since: date | None, today: date) -> Rag:
    """``rag`` from plain values, for readers that fetch many actions in one query (the
    dashboard): the action's status, its date as it now stands, and the day the review's
    hold began (None when it is not on hold)."""
    if status == S.COMPLETED:
        return COMPLETE
    if status in (S.NOT_COMPLETED, S.SUPERSEDED):
        return CLOSED
    if on_hold_since:
        today = min(today, on_hold_since)
    days = (due - today).days
    if days < 0:
        return RED
    if days <= AMBER_DAYS or (status == S.NOT_STARTED and days <= NOT_STARTED_AMBER_DAYS):
        return AMBER
    return GREEN


# --- Themes --------------------------------------------------------------------------------------


def themes_for(partnership, *, active_only: bool = True):
    """The partnership's themes; a partnership with none yet starts with domain.md's."""
    themes = Theme.objects.filter(partnership=partnership)
    if not themes.exists():
        Theme.objects.bulk_create(
            [Theme(partnership=partnership, name=name) for name in DEFAULT_THEMES],
            ignore_conflicts=True,
        )
    return themes.filter(is_active=True) if active_only else themes


def themes_by_partnership(partnerships) -> dict:
    """Every theme (offered or not) of each partnership, by partnership id, in three queries
    however many partnerships (those with none yet start with domain.md's)."""
    ids = [partnership.pk for partnership in partnerships]
    seeded = set(
        Theme.objects.filter(partnership_id__in=ids)
        .order_by()
        .values_list("partnership_id", flat=True)
        .distinct()
    )
    missing = [pk for pk in ids if pk not in seeded]
    if missing:
        Theme.objects.bulk_create(
            [Theme(partnership_id=pk, name=name) for pk in missing for name in DEFAULT_THEMES],
            ignore_conflicts=True,
        )
    found: dict = {pk: [] for pk in ids}
    for theme in Theme.objects.filter(partnership_id__in=ids).order_by("name"):
        found[theme.partnership_id].append(theme)
    return found


def may_manage_themes(user, partnership) -> bool:
    return has_role(user, Role.ADMINISTRATOR) or manages_partnership(user, partnership.pk)


@transaction.atomic
def add_theme(*, by, partnership, name: str) -> Theme:
    """Adds a theme to the partnership's list (administrators and its review managers)."""
    if not may_manage_themes(by, partnership):
        raise TransitionRefused("Only an administrator or the partnership's review managers can.")
    name = " ".join(name.split())
    if not name:
        raise TransitionRefused("Enter the name of the theme.")
    themes_for(partnership)
    if Theme.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise TransitionRefused(f"“{name}” is already a theme of {partnership}.")
    theme = Theme(partnership=partnership, name=name[:100])
    theme._history_user = by
    theme.save()
    return theme


@transaction.atomic
def set_theme_offered(theme: Theme, *, by, offered: bool) -> Theme:
    """Stops offering a theme for new recommendations (those tagged with it keep it), or
    offers it again; the history keeps who did it."""
    if not may_manage_themes(by, theme.partnership):
        raise TransitionRefused("Only an administrator or the partnership's review managers can.")
    locked = Theme.objects.select_for_update().get(pk=theme.pk)
    if locked.is_active != offered:
        locked.is_active = offered
        locked._history_user = by
        locked._change_reason = "Offered again" if offered else "No longer offered"
        locked.save()
    return locked


# --- Recommendations -------------------------------------------------------------------------


def _check_stage(review: Review) -> None:
    if review.stage not in WORKING_STAGES:
        if review.is_closed:
            raise TransitionRefused("The review is closed: its action plan can no longer change.")
        raise TransitionRefused("Recommendations are written once the review is commissioned.")


def _check_themes(review: Review, themes) -> list:
    themes = list(themes or [])
    if any(theme.partnership_id != review.partnership_id for theme in themes):
        raise TransitionRefused("Choose themes of the review's own partnership.")
    return themes


def _clean_fields(review, text, level, addressed_agencies, addressed_to, source, themes):
    if not (text or "").strip():
        raise TransitionRefused("Enter the recommendation.")
    if level not in Recommendation.Level.values:
        raise TransitionRefused("Choose the level of the recommendation.")
    if source not in Recommendation.Source.values:
        raise TransitionRefused("Choose where the recommendation comes from.")
    if not list(addressed_agencies or []) and not (addressed_to or "").strip():
        raise TransitionRefused("Say which agencies or body the recommendation is addressed to.")
    return _check_themes(review, themes)


@transaction.atomic
def draft_recommendation(
    review: Review,
    *,
    by,
    text: str,
    level: str,
    addressed_agencies=(),
    addressed_to: str = "",
    source: str = Recommendation.Source.OVERVIEW_REPORT,
    source_agency=None,
    themes=(),
    number: int | None = None,
    check_stage: bool = True,
) -> Recommendation:
    """A new draft recommendation, numbered after the review's last one (or ``number``)."""
    if not may_draft(by, review):
        raise TransitionRefused("Only the chair or the review manager can write recommendations.")
    if check_stage:
        _check_stage(review)
    themes = _clean_fields(review, text, level, addressed_agencies, addressed_to, source, themes)
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if number is None:
        number = (locked.recommendations.aggregate(top=Max("number"))["top"] or 0) + 1
    elif locked.recommendations.filter(number=number).exists():
        raise TransitionRefused(f"The review already has a recommendation {number}.")
    recommendation = Recommendation(
        review=locked,
        number=number,
        text=text.strip(),
        level=level,
        addressed_to=addressed_to.strip(),
        source=source,
        source_agency=source_agency if source == Recommendation.Source.AGENCY_REPORT else None,
        drafted_by=by,
    )
    recommendation._history_user = by
    recommendation._change_reason = "Recommendation drafted"
    recommendation.save()
    recommendation.addressed_agencies.set(list(addressed_agencies or []))
    recommendation.themes.set(themes)
    return recommendation


def may_edit(user, recommendation: Recommendation) -> bool:
    """The manager edits any recommendation; the chair only while it is a draft."""
    review = recommendation.review
    if access.manages(user, review):
        return True
    return access.chairs(user, review) and recommendation.status == Recommendation.Status.DRAFT


@transaction.atomic
def update_recommendation(
    recommendation: Recommendation,
    *,
    by,
    text: str,
    level: str,
    addressed_agencies=(),
    addressed_to: str = "",
    source: str = Recommendation.Source.OVERVIEW_REPORT,
    source_agency=None,
    themes=(),
    reason: str = "",
) -> Recommendation:
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if not may_edit(by, locked):
        raise TransitionRefused("Only the review manager can change an agreed recommendation.")
    review = locked.review
    _check_stage(review)
    themes = _clean_fields(review, text, level, addressed_agencies, addressed_to, source, themes)
    locked.text = text.strip()
    locked.level = level
    locked.addressed_to = addressed_to.strip()
    locked.source = source
    locked.source_agency = source_agency if source == Recommendation.Source.AGENCY_REPORT else None
    locked._history_user = by
    locked._change_reason = reason or "Recommendation changed"
    locked.save()
    locked.addressed_agencies.set(list(addressed_agencies or []))
    locked.themes.set(themes)
    return locked


@transaction.atomic
def agree_recommendation(
    recommendation: Recommendation, *, by, agreed_on: date | None = None
) -> Recommendation:
    """The review manager agrees a draft recommendation."""
    if not may_manage(by, recommendation.review):
        raise TransitionRefused("Only the review manager can agree recommendations.")
    _check_stage(recommendation.review)
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.status != Recommendation.Status.DRAFT:
        raise TransitionRefused(f"Recommendation {locked.number} is not a draft.")
    locked.status = Recommendation.Status.AGREED
    locked.agreed_on = agreed_on or timezone.localdate()
    locked._history_user = by
    locked._change_reason = "Recommendation agreed"
    locked.save()
    return locked


@transaction.atomic
def withdraw_recommendation(recommendation: Recommendation, *, by, reason: str) -> Recommendation:
    """Withdraws a recommendation, with the reason; its open actions are superseded."""
    if not may_manage(by, recommendation.review):
        raise TransitionRefused("Only the review manager can withdraw recommendations.")
    _check_stage(recommendation.review)
    if not reason.strip():
        raise TransitionRefused("Enter why the recommendation is withdrawn.")
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.status == Recommendation.Status.WITHDRAWN:
        raise TransitionRefused(f"Recommendation {locked.number} is already withdrawn.")
    locked.status = Recommendation.Status.WITHDRAWN
    locked.withdrawn_reason = reason.strip()
    locked._history_user = by
    locked._change_reason = "Recommendation withdrawn"
    locked.save()
    for action in locked.actions.exclude(status__in=PlanAction.CLOSED_STATUSES):
        _close(action, by=by, status=S.SUPERSEDED, reason="The recommendation was withdrawn.")
    return locked


# --- Actions -----------------------------------------------------------------------------------


def _open_deadline(action: PlanAction, review: Review) -> None:
    deadline = deadlines.open_deadline(
        review,
        kind=KIND,
        due_on=action.target_date,
        rule="Target date set in the action plan",
        source=action,
        owner_agency=action.lead_agency,
        title=f"Action {action.label} of the action plan",
        link=reverse("actionplans:plan_action_update", args=[review.reference, action.pk]),
    )
    if action.deadline_id != deadline.pk:
        action.deadline = deadline
        action.save(update_fields=["deadline"])


@transaction.atomic
def add_action(
    recommendation: Recommendation,
    *,
    by,
    description: str,
    lead_agency,
    target_date: date,
    owner_name: str = "",
    status: str = S.NOT_STARTED,
    status_reason: str = "",
    completed_on: date | None = None,
    check_stage: bool = True,
) -> PlanAction:
    """An action under ``recommendation``, led by ``lead_agency``, due on ``target_date``: its
    deadline is the lead agency's, whose members can then open the review."""
    review = recommendation.review
    if not may_manage(by, review):
        raise TransitionRefused("Only the review manager can add actions.")
    if check_stage:
        _check_stage(review)
    if recommendation.status == Recommendation.Status.WITHDRAWN:
        raise TransitionRefused("The recommendation is withdrawn: it takes no more actions.")
    if not (description or "").strip():
        raise TransitionRefused("Describe what will be done.")
    if lead_agency is None:
        raise TransitionRefused("Choose the lead agency.")
    if target_date is None:
        raise TransitionRefused("Enter the target date.")
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    number = (locked.actions.aggregate(top=Max("number"))["top"] or 0) + 1
    action = PlanAction(
        recommendation=locked,
        review=review,
        number=number,
        description=description.strip(),
        lead_agency=lead_agency,
        owner_name=owner_name.strip(),
        target_date=target_date,
    )
    action._history_user = by
    action._change_reason = "Action added"
    action.save()
    access.grant_agency(review, lead_agency)
    _open_deadline(action, review)
    if status != S.NOT_STARTED:
        # An imported plan's action arrives with its status (the manager imports it).
        if status in PlanAction.CLOSED_STATUSES:
            _close(action, by=by, status=status, reason=status_reason, on=completed_on)
        else:
            action.status = status
            action._history_user = by
            action.save()
    return action


@transaction.atomic
def update_action(
    action: PlanAction,
    *,
    by,
    description: str,
    lead_agency,
    target_date: date,
    owner_name: str = "",
) -> PlanAction:
    """Changes an open action; a new lead agency or date moves its deadline with it."""
    review = action.review
    if not may_manage(by, review):
        raise TransitionRefused("Only the review manager can change actions.")
    _check_stage(review)
    locked = PlanAction.objects.select_for_update().get(pk=action.pk)
    if locked.is_closed:
        raise TransitionRefused(f"Action {locked.label} is closed.")
    if not (description or "").strip():
        raise TransitionRefused("Describe what will be done.")
    previous_agency = locked.lead_agency
    locked.description = description.strip()
    locked.lead_agency = lead_agency
    locked.target_date = target_date
    locked.owner_name = owner_name.strip()
    locked._history_user = by
    locked._change_reason = "Action changed"
    locked.save()
    access.grant_agency(review, lead_agency)
    _open_deadline(locked, review)
    if previous_agency != lead_agency:
        access.revoke_agency_unless_involved(review, previous_agency)
    return locked


def _close(action: PlanAction, *, by, status: str, reason: str = "", on: date | None = None):
    on = on or timezone.localdate()
    action.status = status
    action.status_reason = reason.strip()
    action.completed_on = on if status == S.COMPLETED else None
    action._history_user = by
    action._change_reason = f"Action {PlanAction.Status(status).label.lower()}"
    action.save()
    deadlines.close_deadline(kind=KIND, source=action, met_on=on, cancelled=status != S.COMPLETED)
    # Any update still waiting is overtaken by the manager's decision.
    action.updates.filter(decision=ProgressUpdate.Decision.PENDING).update(
        decision=ProgressUpdate.Decision.APPLIED
    )


@transaction.atomic
def close_action(action: PlanAction, *, by, status: str, reason: str) -> PlanAction:
    """The review manager records an action as not completed (with why) or superseded."""
    if not may_manage(by, action.review):
        raise TransitionRefused("Only the review manager can close actions.")
    _check_stage(action.review)
    if status not in (S.NOT_COMPLETED, S.SUPERSEDED):
        raise TransitionRefused("Choose “not completed” or “superseded”.")
    if not reason.strip():
        raise TransitionRefused("Enter the reason.")
    locked = PlanAction.objects.select_for_update().get(pk=action.pk)
    if locked.is_closed:
        raise TransitionRefused(f"Action {locked.label} is already closed.")
    _close(locked, by=by, status=status, reason=reason)
    return locked


# --- Milestones ----------------------------------------------------------------------------------


def may_update(user, action: PlanAction) -> bool:
    """Progress is the lead agency's to report."""
    return is_lead_member(user, action)


@transaction.atomic
def add_milestone(action: PlanAction, *, by, title: str, due_on: date) -> Milestone:
    if not (may_manage(by, action.review) or may_update(by, action)):
        raise TransitionRefused("Only the review manager or the lead agency can add milestones.")
    _check_stage(action.review)
    if not title.strip():
        raise TransitionRefused("Enter the milestone.")
    milestone = Milestone(action=action, review=action.review, title=title.strip(), due_on=due_on)
    milestone._history_user = by
    milestone.save()
    return milestone


@transaction.atomic
def complete_milestone(milestone: Milestone, *, by, done_on: date | None = None) -> Milestone:
    if not (may_manage(by, milestone.review) or may_update(by, milestone.action)):
        raise TransitionRefused("Only the review manager or the lead agency can do this.")
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.done_on:
        raise TransitionRefused("This milestone is already reached.")
    locked.done_on = done_on or timezone.localdate()
    locked._history_user = by
    locked.save()
    return locked


def _changeable_milestone(milestone: Milestone, by) -> Milestone:
    if not (may_manage(by, milestone.review) or may_update(by, milestone.action)):
        raise TransitionRefused("Only the review manager or the lead agency can change milestones.")
    _check_stage(milestone.review)
    if milestone.action.is_closed:
        raise TransitionRefused(
            f"Action {milestone.action.label} is closed: its milestones can no longer change."
        )
    return Milestone.objects.select_for_update().get(pk=milestone.pk)


@transaction.atomic
def change_milestone(
    milestone: Milestone, *, by, title: str, due_on: date, done_on: date | None = None
) -> Milestone:
    """Changes a milestone's wording or dates (``done_on`` None: not reached yet); the
    history keeps what it said before, and who changed it."""
    locked = _changeable_milestone(milestone, by)
    if not title.strip():
        raise TransitionRefused("Enter the milestone.")
    if done_on and done_on > timezone.localdate():
        raise TransitionRefused("The date it was reached must be today or in the past.")
    locked.title, locked.due_on, locked.done_on = title.strip(), due_on, done_on
    locked._history_user = by
    locked._change_reason = "Milestone changed"
    locked.save()
    return locked


@transaction.atomic
def delete_milestone(milestone: Milestone, *, by) -> None:
    """Deletes a milestone (the history keeps it, with who deleted it)."""
    locked = _changeable_milestone(milestone, by)
    locked._history_user = by
    locked._change_reason = "Milestone deleted"
    locked.delete()


# --- Progress updates, evidence, sign-off ---------------------------------------------------------


def _notify(recipients, *, subject: str, url: str) -> None:
    """In-app notifications (a reference and an action number only: no personal data)."""
    Notification.objects.bulk_create(
        [Notification(recipient=user, subject=subject[:200], url=url) for user in recipients]
    )


def _email_lead_agency(action: PlanAction, *, subject: str, what: str, url: str) -> None:
    """E-mails the lead agency's members through the outbox (``dhr.mail``, ADR 0008), inside
    the caller's transaction: sent after commit, or not at all. Minimal data: the review's
    reference, the action's number and a link; never the note, the reason or any name (the
    reader signs in to see them)."""
    from django.conf import settings
    from django.core.mail import send_mail

    from cases.deadlines.reminders import absolute

    body = (
        f"{what}\n\nSign in to see the details: {absolute(url)}\n\n"
        f"This message was sent by {settings.SERVICE_NAME}."
    )
    for email in _lead_members(action).values_list("email", flat=True):
        send_mail(subject=subject[:200], message=body, from_email=None, recipient_list=[email])


def _managers_of(review: Review):
    return User.objects.filter(
        role=Role.REVIEW_MANAGER, is_active=True, partnerships=review.partnership_id
    )


def _lead_members(action: PlanAction):
    return User.objects.filter(
        role=Role.AGENCY_MEMBER, is_active=True, agency=action.lead_agency_id
    )


def has_evidence(action: PlanAction) -> bool:
    return (
        Evidence.objects.filter(update__action=action)
        .exclude(update__decision=ProgressUpdate.Decision.REFUSED)
        .exists()
    )


def pending_update(action: PlanAction) -> ProgressUpdate | None:
    return action.updates.filter(decision=ProgressUpdate.Decision.PENDING).first()


def post_update(
    action: PlanAction,
    *,
    by,
    note: str,
    proposed_status: str,
    reason: str = "",
    files=(),
    posted_on: date | None = None,
) -> ProgressUpdate:
    """The lead agency's update: a note, evidence files (checked as every upload is) and a
    proposed status. "In progress" applies at once; completion needs evidence (on this update
    or an earlier one) and, like "not completed", the review manager's sign-off."""
    if not may_update(by, action):
        raise TransitionRefused("Only a member of the lead agency can update this action.")
    _check_stage(action.review)
    if not note.strip():
        raise TransitionRefused("Enter what has been done.")
    if proposed_status not in PROPOSABLE:
        raise TransitionRefused("Choose the status you propose.")
    if proposed_status == S.NOT_COMPLETED and not reason.strip():
        raise TransitionRefused("Enter why the action will not be completed.")
    checked = [checked_upload(upload) for upload in files or ()]
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = PlanAction.objects.select_for_update().get(pk=action.pk)
            if locked.is_closed:
                raise TransitionRefused(f"Action {locked.label} is closed.")
            if pending_update(locked):
                raise TransitionRefused(
                    "An update of this action is waiting for the review manager's sign-off."
                )
            if proposed_status == S.COMPLETED and not checked and not has_evidence(locked):
                raise TransitionRefused("Attach the evidence that the action is completed.")
            needs_sign_off = proposed_status in NEEDS_SIGN_OFF
            update = ProgressUpdate(
                action=locked,
                review=locked.review,
                note=note.strip(),
                proposed_status=proposed_status,
                reason=reason.strip(),
                decision=ProgressUpdate.Decision.PENDING
                if needs_sign_off
                else ProgressUpdate.Decision.APPLIED,
                posted_by=by,
                posted_on=posted_on or timezone.localdate(),
            )
            update._history_user = by
            update.save()
            for upload in checked:
                evidence = Evidence(
                    update=update,
                    review=locked.review,
                    original_name=upload.original_name,
                    content_type=upload.content_type,
                    size=upload.size,
                    sha256=upload.sha256,
                )
                evidence.file.save(
                    f"{uuid.uuid4().hex}.{upload.extension}", upload.file, save=False
                )
                stored.append(evidence.file.name)
                evidence._history_user = by
                evidence.save()
            if not needs_sign_off and locked.status != proposed_status:
                locked.status = proposed_status
                locked._history_user = by
                locked._change_reason = "Progress update"
                locked.save()
    except Exception:
        for name in stored:  # rolled back: nothing refers to these files
            Evidence.file.field.storage.delete(name)
        raise
    if update.decision == ProgressUpdate.Decision.PENDING:
        review = action.review
        _notify(
            _managers_of(review),
            subject=f"{review.reference}: action {action.label} is waiting for your sign-off",
            url=reverse("actionplans:plan_action_sign_off", args=[review.reference, action.pk]),
        )
    return update


@transaction.atomic
def sign_off(update: ProgressUpdate, *, by, on: date | None = None) -> PlanAction:
    """The review manager accepts the proposed completion (or non-completion): the action is
    closed and its deadline met (or cancelled)."""
    action = update.action
    if not may_manage(by, action.review):
        raise TransitionRefused("Only the review manager can sign off actions.")
    _check_stage(action.review)
    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.decision != ProgressUpdate.Decision.PENDING:
        raise TransitionRefused("This update is not waiting for sign-off.")
    on = on or timezone.localdate()
    if locked.proposed_status == S.COMPLETED and not has_evidence(action):
        raise TransitionRefused("There is no evidence that the action is completed.")
    locked.decision = ProgressUpdate.Decision.SIGNED_OFF
    locked.decided_by = by
    locked.decided_on = on
    locked._history_user = by
    locked.save()
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    _close(action, by=by, status=locked.proposed_status, reason=locked.reason, on=on)
    reference = action.review.reference
    subject = f"{reference}: action {action.label} is signed off"
    url = reverse("actionplans:plan_action", args=[reference, action.pk])
    _notify(_lead_members(action), subject=subject, url=url)
    _email_lead_agency(
        action,
        subject=subject,
        what=f"The review manager signed off action {action.label} of review {reference}.",
        url=url,
    )
    return action


@transaction.atomic
def refuse(update: ProgressUpdate, *, by, reason: str, on: date | None = None) -> ProgressUpdate:
    """The review manager sends the proposed completion back with a reason; the action stays
    open (in progress) and the lead agency can update it again."""
    action = update.action
    if not may_manage(by, action.review):
        raise TransitionRefused("Only the review manager can refuse a sign-off.")
    if not reason.strip():
        raise TransitionRefused("Enter why the update is sent back.")
    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.decision != ProgressUpdate.Decision.PENDING:
        raise TransitionRefused("This update is not waiting for sign-off.")
    locked.decision = ProgressUpdate.Decision.REFUSED
    locked.refusal_reason = reason.strip()
    locked.decided_by = by
    locked.decided_on = on or timezone.localdate()
    locked._history_user = by
    locked.save()
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    if action.status == S.NOT_STARTED:
        action.status = S.IN_PROGRESS
        action._history_user = by
        action._change_reason = "Sign-off refused"
        action.save()
    reference = action.review.reference
    subject = f"{reference}: the update on action {action.label} was sent back"
    url = reverse("actionplans:plan_action", args=[reference, action.pk])
    _notify(_lead_members(action), subject=subject, url=url)
    _email_lead_agency(
        action,
        subject=subject,
        what=(
            f"The review manager sent back your update on action {action.label} of review "
            f"{reference}, with a reason. Update the action again when it is ready."
        ),
        url=url,
    )
    return locked


# --- Repeats confirmed by a person ----------------------------------------------------------------


@transaction.atomic
def link_recommendations(
    recommendation: Recommendation, *, by, earlier: Recommendation, relation: str, score=None
) -> RecommendationLink:
    """Records that ``recommendation`` repeats (or builds on) ``earlier``: the writer of the
    recommendation confirms a suggestion. ``earlier`` must be one they may open."""
    review = recommendation.review
    if not may_draft(by, review):
        raise TransitionRefused("Only the chair or the review manager can confirm this.")
    if relation not in RecommendationLink.Relation.values:
        raise TransitionRefused("Choose “repeats” or “builds on”.")
    if earlier.review_id == review.pk:
        raise TransitionRefused("Choose a recommendation of another review.")
    if not Review.objects.for_user(by).filter(pk=earlier.review_id).exists():
        raise TransitionRefused("That recommendation is not one you can open.")
    link, _ = RecommendationLink.objects.update_or_create(
        recommendation=recommendation,
        earlier=earlier,
        defaults={"review": review, "relation": relation, "score": score, "confirmed_by": by},
    )
    return link


# --- The lifecycle's rules (registered as guards in ``AppConfig.ready``) -------------------------


def _numbers(records) -> str:
    numbers = [str(record) for record in records]
    if len(numbers) == 1:
        return numbers[0]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]


def qa_guard(review: Review) -> str | None:
    """Home Office QA needs the action plan: agreed recommendations (no drafts left), each with
    at least one action. The review's figures say whether it is refused (read with the review
    on its overview); the recommendations are read only to name those at fault."""
    figures = facts.figures(review, "recommendations")  # actionplans.apps.register_facts
    if not figures["live"]:
        return "Add the review's recommendations and their actions first (Action plan)."
    if not (figures["live_draft"] or figures["live_without_action"]):
        return None
    live = list(
        review.recommendations.exclude(status=Recommendation.Status.WITHDRAWN)
        .prefetch_related("actions")
        .order_by("number")
    )
    if not live:
        return "Add the review's recommendations and their actions first (Action plan)."
    drafts = [rec.number for rec in live if rec.status == Recommendation.Status.DRAFT]
    if drafts:
        word = "Recommendations" if len(drafts) > 1 else "Recommendation"
        return f"{word} {_numbers(drafts)} must be agreed first."
    bare = [rec.number for rec in live if not rec.actions.all()]
    if bare:
        word = "Recommendations" if len(bare) > 1 else "Recommendation"
        return f"{word} {_numbers(bare)} need{'s' if len(bare) == 1 else ''} at least one action."
    return None


def close_guard(review: Review) -> str | None:
    """Closing needs every action completed, not completed with a reason, or superseded."""
    open_actions = list(
        PlanAction.objects.filter(review=review)
        .exclude(status__in=PlanAction.CLOSED_STATUSES)
        .select_related("recommendation")
    )
    if not open_actions:
        return None
    labels = [action.label for action in open_actions]
    word = "Actions" if len(labels) > 1 else "Action"
    verb = "are" if len(labels) > 1 else "is"
    return (
        f"{word} {_numbers(labels)} {verb} still open: every action must be completed, "
        "not completed with a reason, or superseded."
    )


# --- Reading for pages ---------------------------------------------------------------------


def plan_for(user, review: Review) -> list:
    """The recommendations ``user`` may read, each with the actions they may read (RAG and
    pending update included), in a fixed number of queries."""
    actions = (
        actions_for(user, review)
        .select_related("lead_agency", "deadline", "review")
        .prefetch_related(
            Prefetch(
                "updates",
                ProgressUpdate.objects.filter(decision=ProgressUpdate.Decision.PENDING),
                to_attr="pending",
            )
        )
        .order_by("number")
    )
    recommendations = (
        recommendations_for(user, review)
        .prefetch_related(
            "themes", "addressed_agencies", Prefetch("actions", actions, to_attr="visible_actions")
        )
        .select_related("source_agency")
        .order_by("number")
    )
    today = timezone.localdate()
    for recommendation in recommendations:
        for action in recommendation.visible_actions:
            action.rag = rag(action, today)
    return list(recommendations)


def summary(actions) -> str:
    """What happened to a recommendation's actions, in words ("2 actions: 1 completed, ...")."""
    actions = list(actions)
    if not actions:
        return "No actions"
    counts: dict = {}
    for action in actions:
        counts[action.get_status_display().lower()] = (
            counts.get(action.get_status_display().lower(), 0) + 1
        )
    parts = ", ".join(f"{count} {label}" for label, count in counts.items())
    return f"{len(actions)} action{'s' if len(actions) != 1 else ''}: {parts}"

"""The review lifecycle: one function per action, every one through ``_transition``.

Each action names the stages it starts from, who may take it and the conditions it needs
(guards). ``available_actions`` tells a page which actions to offer and, for the ones that
cannot be taken yet, why. Every action runs in one transaction on a locked review row, records
who, when and why (a ``StageChange`` and the history row's reason) and leaves nothing half-done.
Later apps add actions (the chair and the panel, in ``panels``) with ``register``.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import notices, timescales
from cases.deadlines import services as deadlines
from cases.lifecycle import clocks
from cases.lifecycle.models import RECEIVED_IN_WRITING, ReceivedVia
from cases.models import (
    DeadlineKind,
    Hold,
    InformationRequest,
    LinkedReview,
    PublicationLink,
    QARound,
    Review,
    Stage,
    StageChange,
    TermsOfReference,
)
from cases.reviews import access, facts
from cases.reviews.references import next_reference
from dhr.files.uploads import CheckedUpload, check_upload, register_purpose
from dhr.locking import check_unchanged

# The original e-mail or letter of an agency with no users, attached when the review manager
# (or the chair) records its answer or contribution on its behalf (saved as PDF, Word, text).
RECEIVED_PURPOSE = "agency_correspondence"
register_purpose(RECEIVED_PURPOSE, ("pdf", "docx", "odt", "txt"), "the agency's e-mail or letter")


class TransitionRefused(Exception):
    """The action is not allowed now; ``str(exc)`` says why, in words for the user."""


Guard = Callable[[Review], str | None]  # returns the reason for refusing, or None
Who = Callable[[object, Review], bool]


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    from_stages: frozenset
    who: Who = access.manages
    guards: tuple = field(default_factory=tuple)
    allowed_on_hold: bool = False
    url_name: str = ""  # the page that takes the action; "" when it is a plain button


ACTIONS: dict[str, Action] = {}


def register(action: Action) -> Action:
    ACTIONS[action.name] = action
    return action


# Checks that later apps add to an action (a complete Home Office form, an agreed action plan)
# without this module importing them; each runs after the action's own guards.
_REGISTERED_GUARDS: dict[str, list[Guard]] = {}


def register_guard(action_name: str, guard: Guard) -> None:
    """Adds ``guard`` to the action named ``action_name``; call it from ``AppConfig.ready()``."""
    guards = _REGISTERED_GUARDS.setdefault(action_name, [])
    if guard not in guards:
        guards.append(guard)


# What later apps do when an action is taken (link the report versions to a QA round, record
# the publication), in the action's transaction, after its own change; ``callback(review, by)``.
_AFTER_ACTION: dict[str, list[Callable]] = {}


def register_after_action(action_name: str, callback: Callable) -> None:
    """Runs ``callback(review, by=user)`` after the action named ``action_name`` is applied, in
    its transaction (a refusal raised there undoes the action); call it from ``ready()``."""
    callbacks = _AFTER_ACTION.setdefault(action_name, [])
    if callback not in callbacks:
        callbacks.append(callback)


def refusal(action: Action, review: Review, user) -> str | None:
    """Why ``user`` may not take ``action`` on ``review`` now, or None when they may."""
    if not action.who(user, review):
        return "Your role in this review does not allow this."
    if review.stage not in action.from_stages:
        return f"Not possible while the review is at the stage “{review.get_stage_display()}”."
    if review.is_on_hold and not action.allowed_on_hold:
        return "The review is on hold: resume it first."
    for guard in (*action.guards, *_REGISTERED_GUARDS.get(action.name, ())):
        reason = guard(review)
        if reason:
            return reason
    return None


def available_actions(review: Review, user) -> list[tuple[Action, str | None]]:
    """The actions a page may show this user now: those whose stage and role fit, each with
    the reason it is still refused (a guard or the hold), or None when it can be taken."""
    offered = []
    for action in ACTIONS.values():
        if review.stage in action.from_stages and action.who(user, review):
            offered.append((action, refusal(action, review, user)))
    return offered


def _transition(review: Review, action_name: str, by, *, to_stage=None, reason="", apply=None):
    """Locks the review, checks the action, applies the change and records it."""
    action = ACTIONS[action_name]
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        refused = refusal(action, locked, by)
        if refused:
            raise TransitionRefused(refused)
        from_stage = locked.stage
        if apply:
            apply(locked)
        if to_stage:
            locked.stage = to_stage
        locked._change_reason = reason or action.label
        locked.save()
        StageChange.objects.create(
            review=locked,
            action=action.name,
            from_stage=from_stage,
            to_stage=locked.stage,
            by=by,
            at=timezone.now(),
            reason=reason,
        )
        for callback in _AFTER_ACTION.get(action.name, ()):
            callback(locked, by=by)
    review.refresh_from_db()
    return review


# --- Guards ----------------------------------------------------------------------------------


# What the guards ask of a review's records, read with the review on its overview
# (``cases.reviews.facts``), where every action the user may take is shown with its refusal.
facts.register_fact(
    "information_requests",
    lambda: facts.aggregates(
        InformationRequest.objects.filter(withdrawn=False),
        live=Count("pk"),
        unanswered=Count("pk", filter=Q(answered_at__isnull=True)),
    ),
)
facts.register_fact(
    "terms",
    lambda: facts.aggregates(
        TermsOfReference.objects.all(),
        written=Count("pk"),
        latest=Max("version"),
        latest_agreed=Max("version", filter=Q(agreed_on__isnull=False)),
    ),
)
facts.register_fact(
    "publication_links",
    lambda: Exists(PublicationLink.objects.filter(review=OuterRef("pk"))),
)


def _has_requests(review: Review) -> str | None:
    if not facts.figures(review, "information_requests")["live"]:
        return "Send at least one information request first."
    return None


def _requests_answered(review: Review) -> str | None:
    waiting = facts.figures(review, "information_requests")["unanswered"]
    if waiting:
        return f"{waiting} information request{'s are' if waiting > 1 else ' is'} still unanswered."
    return None


def _terms_agreed(review: Review) -> str | None:
    terms = facts.figures(review, "terms")
    if not terms["latest"] or terms["latest_agreed"] != terms["latest"]:
        return "The latest terms of reference must be agreed first."
    return None


def _has_publication_link(review: Review) -> str | None:
    if not facts.fact(review, "publication_links"):
        return "Add the address where the report is published first."
    return None


def _not_closed(review: Review) -> str | None:
    return "The review is closed." if review.is_closed else None


OPEN_STAGES = frozenset(stage for stage in Stage if stage != Stage.CLOSED)
# Records that are not stage changes, and the stages in which they may be made.
REQUEST_STAGES = frozenset({Stage.NOTIFIED, Stage.SCOPING})
TERMS_STAGES = frozenset(
    {Stage.COMMISSIONED, Stage.CHAIR_APPOINTED, Stage.PANEL, Stage.AMENDMENTS_REQUESTED}
)
PUBLICATION_LINK_STAGES = frozenset({Stage.SENT_TO_COMMISSIONER, Stage.PUBLISHED, Stage.MONITORING})


# --- Actions ---------------------------------------------------------------------------------

register(Action("start_scoping", "Start information gathering", frozenset({Stage.NOTIFIED})))
register(
    Action(
        "finish_scoping",
        "Finish information gathering",
        frozenset({Stage.SCOPING}),
        guards=(_has_requests, _requests_answered),
    )
)
register(
    Action(
        "record_decision",
        "Record the decision",
        frozenset({Stage.DECISION}),
        url_name="cases:decision",
    )
)
register(
    Action(
        "submit_to_qa",
        "Submit to Home Office QA",
        frozenset({Stage.PANEL}),
        guards=(_terms_agreed,),
        url_name="cases:qa_submit",
    )
)
register(
    Action(
        "record_qa_outcome",
        "Record the QA outcome",
        frozenset({Stage.QA_SUBMITTED}),
        url_name="cases:qa_outcome",
    )
)
register(
    Action(
        "resubmit_to_qa",
        "Resubmit to Home Office QA",
        frozenset({Stage.AMENDMENTS_REQUESTED}),
        guards=(_terms_agreed,),
        url_name="cases:qa_submit",
    )
)
register(
    Action(
        "send_to_commissioner",
        "Record sending to the Domestic Abuse Commissioner",
        frozenset({Stage.QA_APPROVED}),
        url_name="cases:commissioner",
    )
)
register(
    Action(
        "publish",
        "Record publication",
        frozenset({Stage.SENT_TO_COMMISSIONER}),
        guards=(_has_publication_link,),
        url_name="cases:publication",
    )
)
register(Action("start_monitoring", "Start action-plan monitoring", frozenset({Stage.PUBLISHED})))
register(Action("close", "Close the review", frozenset({Stage.MONITORING}), url_name="cases:close"))
register(
    Action("put_on_hold", "Put on hold", OPEN_STAGES, guards=(_not_closed,), url_name="cases:hold")
)
register(
    Action(
        "resume",
        "Resume",
        OPEN_STAGES,
        allowed_on_hold=True,
        url_name="cases:resume",
        guards=(lambda review: None if review.is_on_hold else "The review is not on hold.",),
    )
)


# --- Domain functions --------------------------------------------------------------------------


@transaction.atomic
def record_notification(
    *,
    by,
    partnership,
    pseudonym,
    date_of_death: date,
    notified_on: date,
    notifying_agency,
    circumstances: str,
    criterion: str,
    review_type: str = Review.ReviewType.DHR,
    relationship_category: str = "",
) -> Review:
    """Creates a review at the stage "notified", with its reference and the decision clock."""
    if not (
        by.is_active
        and by.role == "review_manager"
        and by.partnerships.filter(pk=partnership.pk).exists()
    ):
        raise TransitionRefused("Only a review manager of this partnership can record it.")
    if notified_on < date_of_death:
        raise TransitionRefused("The notification cannot be before the date of death.")
    decision_rule = timescales.rule_for(partnership, DeadlineKind.DECISION)
    review = Review(
        reference=next_reference(partnership, notified_on.year, review_type),
        partnership=partnership,
        pseudonym=pseudonym,
        review_type=review_type,
        relationship_category=relationship_category,
        date_of_death=date_of_death,
        notified_on=notified_on,
        notifying_agency=notifying_agency,
        circumstances=circumstances,
        criterion=criterion,
        decision_due_on=decision_rule.due_after(notified_on),
    )
    review._change_reason = "Notification recorded"
    review.save()
    deadlines.open_deadline(
        review,
        kind=DeadlineKind.DECISION,
        due_on=review.decision_due_on,
        rule=decision_rule.describe(),
        source=review,
        owner_user=by,
        link=reverse("cases:decision", args=[review.reference]),
    )
    StageChange.objects.create(
        review=review,
        action="record_notification",
        from_stage="",
        to_stage=Stage.NOTIFIED,
        by=by,
        at=timezone.now(),
    )
    return review


def start_scoping(review: Review, *, by) -> Review:
    return _transition(review, "start_scoping", by, to_stage=Stage.SCOPING)


@transaction.atomic
def send_information_request(review: Review, *, by, agency, sent_on: date, due_on: date):
    """Asks an agency for its information return; the agency can then open the review."""
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can send information requests.")
    if review.stage not in REQUEST_STAGES:
        raise TransitionRefused("Information requests are sent before the decision.")
    if due_on < sent_on:
        raise TransitionRefused("The due date cannot be before the date the request was sent.")
    if review.info_requests.filter(agency=agency).exists():
        raise TransitionRefused(f"{agency} has already been sent a request for this review.")
    request = InformationRequest.objects.create(
        review=review, agency=agency, sent_on=sent_on, due_on=due_on
    )
    access.grant_agency(review, agency)
    deadline = deadlines.open_deadline(
        review,
        kind=DeadlineKind.INFORMATION_REQUEST,
        due_on=due_on,
        rule="Due date set by the review manager",
        source=request,
        owner_agency=agency,
        title=f"Answer to the information request sent to {agency}",
        link=reverse("cases:request_answer", args=[review.reference, request.pk]),
    )
    notices.notify_owners(deadline)  # the agency's members hear of it now, not at 07:00
    return request


@transaction.atomic
def answer_information_request(
    request: InformationRequest,
    *,
    by,
    had_contact: bool,
    summary: str,
    last_seen: str | None = None,
    answered_at=None,
):
    """The agency's answer: did it have contact with the people concerned, and a summary.

    ``answered_at`` is now, unless an answer given earlier is being recorded (loading an
    existing review, the demo data).

    Several members of the agency may answer or change the answer: with ``last_seen`` (the
    version their form was opened on), a request changed since raises
    ``dhr.locking.EditConflict`` and nothing is saved (None: not checked)."""
    if not access.is_agency_member_of(by, request.agency_id):
        raise TransitionRefused("Only a member of the agency asked can answer this request.")
    # Answers to one request queue on this lock. When ``last_seen`` passes, nothing was saved
    # since the form was opened, so ``request`` holds what is stored.
    check_unchanged(InformationRequest.objects.select_for_update().get(pk=request.pk), last_seen)
    if request.withdrawn:
        raise TransitionRefused("This request has been withdrawn.")
    request.had_contact = had_contact
    request.summary = summary
    request.answered_at = answered_at or timezone.now()
    request.answered_by = by
    request.save()
    deadlines.close_deadline(
        kind=DeadlineKind.INFORMATION_REQUEST,
        source=request,
        met_on=timezone.localdate(request.answered_at),
    )
    return request


def check_received(*, received_via: str, received_on: date, original, not_before: date) -> None:
    """Refuses what cannot be right about an answer received from an agency: an unknown way,
    a day in the future or before it was asked, an e-mail or letter without the original."""
    if received_via not in ReceivedVia.values:
        raise TransitionRefused("Choose how the agency's answer was received.")
    if received_on > timezone.localdate():
        raise TransitionRefused("The day it was received cannot be in the future.")
    if received_on < not_before:
        raise TransitionRefused("The day it was received cannot be before the agency was asked.")
    if received_via in RECEIVED_IN_WRITING and original is None:
        raise TransitionRefused(
            f"Attach the original {ReceivedVia(received_via).label.lower()} from the agency."
        )


def attach_received(record, *, by, received_via: str, received_on: date, original) -> None:
    """Marks ``record`` (a ``RecordedForAgency``) as recorded by ``by`` on the agency's behalf
    and stores the original e-mail or letter under a random name, after the upload checks of
    ``dhr.files.uploads`` (purpose ``RECEIVED_PURPOSE``). The caller saves ``record``, and
    removes the file with ``remove_received`` if that fails."""
    record.recorded_by = by
    record.received_via = received_via
    record.received_on = received_on
    if original is None:
        return
    if not isinstance(original, CheckedUpload):
        try:
            original = check_upload(original, purpose=RECEIVED_PURPOSE)
        except ValidationError as invalid:
            raise TransitionRefused(" ".join(invalid.messages)) from invalid
    elif original.extension not in ("pdf", "docx", "odt", "txt"):
        raise TransitionRefused("The original must be a PDF, Word, OpenDocument or text file.")
    record.received_file_name = original.original_name
    record.received_file_type = original.content_type
    record.received_file_size = original.size
    record.received_file_sha256 = original.sha256
    record.received_file.save(f"{uuid.uuid4().hex}.{original.extension}", original.file, save=False)


def remove_received(record) -> None:
    """Deletes the stored original of a record that was not saved after all."""
    if record is not None and record.received_file.name:
        record.received_file.storage.delete(record.received_file.name)


def _received_at(received_on: date):
    """When a recorded answer counts as given: now if it came today, else midday that day."""
    if received_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(received_on, time(12)))


def record_answer_for_agency(
    request: InformationRequest,
    *,
    by,
    had_contact: bool,
    summary: str,
    received_via: str,
    received_on: date,
    original=None,
) -> InformationRequest:
    """The review manager records the answer an agency sent by e-mail, letter, phone or in a
    meeting (an agency with no users cannot answer here): marked as recorded by the manager,
    with how and when it came and the original e-mail or letter; the deadline is met that day.
    """
    locked = None
    try:
        with transaction.atomic():
            locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
            review = locked.review
            if not access.manages(by, review):
                raise TransitionRefused(
                    "Only the review manager can record an answer for an agency."
                )
            if review.is_closed:
                raise TransitionRefused("The review is closed: its records can no longer change.")
            if locked.withdrawn:
                raise TransitionRefused("This request has been withdrawn.")
            if locked.answered_at:
                raise TransitionRefused("This request has already been answered.")
            if not summary.strip():
                raise TransitionRefused("Enter a summary of the agency's answer.")
            check_received(
                received_via=received_via,
                received_on=received_on,
                original=original,
                not_before=locked.sent_on,
            )
            attach_received(
                locked,
                by=by,
                received_via=received_via,
                received_on=received_on,
                original=original,
            )
            locked.had_contact = had_contact
            locked.summary = summary.strip()
            locked.answered_at = _received_at(received_on)
            locked.answered_by = None
            locked._history_user = by
            locked._change_reason = (
                f"Answer of {locked.agency} recorded, received by "
                f"{ReceivedVia(received_via).label.lower()}"
            )
            locked.save()
            deadlines.close_deadline(
                kind=DeadlineKind.INFORMATION_REQUEST, source=locked, met_on=received_on
            )
    except Exception:
        remove_received(locked)
        raise
    request.refresh_from_db()
    return request


@transaction.atomic
def withdraw_information_request(request: InformationRequest, *, by):
    """Withdraws an unanswered request; the agency loses access unless otherwise involved."""
    if not access.manages(by, request.review):
        raise TransitionRefused("Only the review manager can withdraw a request.")
    if request.answered_at:
        raise TransitionRefused("An answered request cannot be withdrawn.")
    request.withdrawn = True
    request.save()
    deadlines.close_deadline(kind=DeadlineKind.INFORMATION_REQUEST, source=request, cancelled=True)
    access.revoke_agency_unless_involved(request.review, request.agency)


def finish_scoping(review: Review, *, by) -> Review:
    return _transition(review, "finish_scoping", by, to_stage=Stage.DECISION)


def record_decision(
    review: Review,
    *,
    by,
    decision: str,
    decision_on: date,
    rationale: str,
    decided_by: str,
    home_office_informed_on: date | None,
    referred_to: str = "",
) -> Review:
    """The partnership's decision: commission (the completion clock starts) or close."""
    if decision not in Review.Decision.values:
        raise TransitionRefused("Choose one of the decisions.")
    if decision_on < review.notified_on:
        raise TransitionRefused("The decision cannot be before the notification.")
    if home_office_informed_on and home_office_informed_on < decision_on:
        raise TransitionRefused("The Home Office cannot be told before the decision was made.")
    commissioned = decision in (Review.Decision.COMMISSION, Review.Decision.JOINT)
    if decision in (Review.Decision.REFER, Review.Decision.JOINT) and not referred_to:
        raise TransitionRefused("Say which other review type it is referred to or run with.")

    def apply(locked):
        locked.decision = decision
        locked.decision_on = decision_on
        locked.decision_rationale = rationale
        locked.decided_by = decided_by
        locked.home_office_informed_on = home_office_informed_on
        locked.referred_to = referred_to
        _open_decision_deadlines(locked, by=by)
        if commissioned:
            completion_rule = timescales.rule_for(locked.partnership, DeadlineKind.COMPLETION)
            locked.completion_due_on = completion_rule.due_after(decision_on)
            deadlines.open_deadline(
                locked,
                kind=DeadlineKind.COMPLETION,
                due_on=locked.completion_due_on,
                rule=completion_rule.describe(),
                source=locked,
                owner_user=by,
                link=reverse("cases:qa", args=[locked.reference]),
            )
        else:
            locked.closed_on = decision_on
            locked.closure_reason = rationale
            # Nothing of a review that will not run stays open, but for the duty the decision
            # itself leaves: telling the Home Office of it (the review manager's deadline).
            deadlines.close_open_deadlines(
                locked,
                reason=f"Review closed by the decision “{Review.Decision(decision).label}”",
                keep_kinds=(DeadlineKind.HOME_OFFICE,),
            )

    to_stage = Stage.COMMISSIONED if commissioned else Stage.CLOSED
    return _transition(
        review, "record_decision", by, to_stage=to_stage, reason=rationale, apply=apply
    )


def _open_decision_deadlines(review: Review, *, by) -> None:
    """The decision meets its deadline; the Home Office must now be told (already met when
    the decision records the day it was told)."""
    deadlines.close_deadline(
        review, kind=DeadlineKind.DECISION, source=review, met_on=review.decision_on
    )
    rule = timescales.rule_for(review.partnership, DeadlineKind.HOME_OFFICE)
    deadlines.open_deadline(
        review,
        kind=DeadlineKind.HOME_OFFICE,
        due_on=rule.due_after(review.decision_on),
        rule=rule.describe(),
        source=review,
        owner_user=by,
        link=reverse("deadlines:home_office", args=[review.reference]),
    )
    if review.home_office_informed_on:
        deadlines.close_deadline(
            review,
            kind=DeadlineKind.HOME_OFFICE,
            source=review,
            met_on=review.home_office_informed_on,
        )


@transaction.atomic
def record_home_office_informed(review: Review, *, by, informed_on: date) -> Review:
    """Records the day the Home Office was told of the decision (when the decision did not);
    this meets the "Home Office told" deadline."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if not access.manages(by, locked):
        raise TransitionRefused("Only the review manager can record this.")
    if not locked.decision_on:
        raise TransitionRefused("Record the partnership's decision first.")
    if locked.home_office_informed_on:
        raise TransitionRefused("The day the Home Office was told is already recorded.")
    if informed_on < locked.decision_on:
        raise TransitionRefused("The Home Office cannot be told before the decision was made.")
    locked.home_office_informed_on = informed_on
    locked._change_reason = "Home Office told of the decision"
    locked.save()
    deadlines.close_deadline(
        locked, kind=DeadlineKind.HOME_OFFICE, source=locked, met_on=informed_on
    )
    review.refresh_from_db()
    return review


def terms_refusal(review: Review, user) -> str | None:
    """Why ``user`` may not add a version of the terms of reference now, or None."""
    if not (access.manages(user, review) or access.chairs(user, review)):
        return "Only the review manager or the chair can change the terms."
    if review.stage not in TERMS_STAGES:
        return "Terms of reference are written between commissioning and QA submission."
    return None


@transaction.atomic
def save_terms_of_reference(review: Review, *, by, **fields) -> TermsOfReference:
    """Adds a new version of the terms of reference (earlier versions are kept)."""
    refused = terms_refusal(review, by)
    if refused:
        raise TransitionRefused(refused)
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and end < start:
        raise TransitionRefused("The period under review must end after it starts.")
    Review.objects.select_for_update().get(pk=review.pk)  # versions are numbered one at a time
    latest = review.terms_versions.order_by("-version").first()
    return TermsOfReference.objects.create(
        review=review, version=(latest.version + 1) if latest else 1, created_by=by, **fields
    )


@transaction.atomic
def agree_terms_of_reference(terms: TermsOfReference, *, by, agreed_on: date) -> TermsOfReference:
    if not access.manages(by, terms.review):
        raise TransitionRefused("Only the review manager can record that the terms were agreed.")
    if terms.review.stage not in TERMS_STAGES:
        raise TransitionRefused("The terms can no longer be changed at this stage.")
    latest = terms.review.terms_versions.order_by("-version").first()
    if latest.pk != terms.pk:
        raise TransitionRefused("Only the latest version of the terms can be agreed.")
    terms.agreed_on = agreed_on
    terms.save()
    return terms


def submit_to_qa(review: Review, *, by, submitted_on: date) -> Review:
    """Sends the report to Home Office QA: a new round (the first meets the completion clock)."""
    action = "resubmit_to_qa" if review.stage == Stage.AMENDMENTS_REQUESTED else "submit_to_qa"

    def apply(locked):
        latest = locked.qa_rounds.order_by("-number").first()
        if latest and submitted_on < (latest.panel_date or latest.submitted_on):
            raise TransitionRefused(
                "A resubmission cannot be dated before the QA panel asked for it."
            )
        QARound.objects.create(
            review=locked, number=(latest.number + 1) if latest else 1, submitted_on=submitted_on
        )
        if locked.first_qa_submitted_on is None:
            locked.first_qa_submitted_on = submitted_on
        # The first submission completes the review; a later one answers the panel's request.
        for kind in (DeadlineKind.COMPLETION, DeadlineKind.QA_RESUBMISSION):
            deadlines.close_deadline(locked, kind=kind, met_on=submitted_on)

    return _transition(review, action, by, to_stage=Stage.QA_SUBMITTED, apply=apply)


def record_qa_outcome(
    review: Review,
    *,
    by,
    outcome: str,
    panel_date: date,
    changes_required: str = "",
    letter=None,
) -> Review:
    """The QA panel's outcome; "resubmit" sends the review back for amendments."""
    if outcome not in QARound.Outcome.values:
        raise TransitionRefused("Choose the outcome of the QA panel.")
    if outcome in (QARound.Outcome.APPROVED_WITH_CHANGES, QARound.Outcome.RESUBMIT) and not (
        changes_required.strip()
    ):
        raise TransitionRefused("List the changes the QA panel asked for.")

    def apply(locked):
        current = locked.qa_rounds.order_by("-number").first()
        if panel_date < current.submitted_on:
            raise TransitionRefused("The panel date cannot be before the submission.")
        current.outcome = outcome
        current.panel_date = panel_date
        current.changes_required = changes_required
        current.outcome_recorded_on = timezone.localdate()
        current.save()
        if letter is not None:
            letter.qa_round = current
            letter.save(update_fields=["qa_round"])
        if outcome == QARound.Outcome.RESUBMIT:
            rule = timescales.rule_for(locked.partnership, DeadlineKind.QA_RESUBMISSION)
            deadlines.open_deadline(
                locked,
                kind=DeadlineKind.QA_RESUBMISSION,
                due_on=rule.due_after(panel_date),
                rule=rule.describe(),
                source=current,
                owner_user=by,
                link=reverse("cases:qa_submit", args=[locked.reference]),
            )

    to_stage = (
        Stage.AMENDMENTS_REQUESTED if outcome == QARound.Outcome.RESUBMIT else Stage.QA_APPROVED
    )
    return _transition(
        review, "record_qa_outcome", by, to_stage=to_stage, reason=changes_required, apply=apply
    )


def send_to_commissioner(review: Review, *, by, sent_on: date) -> Review:
    def apply(locked):
        locked.commissioner_sent_on = sent_on

    return _transition(
        review, "send_to_commissioner", by, to_stage=Stage.SENT_TO_COMMISSIONER, apply=apply
    )


@transaction.atomic
def add_publication_link(review: Review, *, by, title: str, url: str) -> PublicationLink:
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can record publication.")
    if review.stage not in PUBLICATION_LINK_STAGES:
        raise TransitionRefused("The report is published after it is sent to the Commissioner.")
    return PublicationLink.objects.create(review=review, title=title, url=url)


def publish(review: Review, *, by, published_on: date) -> Review:
    def apply(locked):
        if locked.commissioner_sent_on and published_on < locked.commissioner_sent_on:
            raise TransitionRefused("Publication cannot be before sending to the Commissioner.")
        locked.published_on = published_on

    return _transition(review, "publish", by, to_stage=Stage.PUBLISHED, apply=apply)


def start_monitoring(review: Review, *, by) -> Review:
    return _transition(review, "start_monitoring", by, to_stage=Stage.MONITORING)


def close(review: Review, *, by, closed_on: date, reason: str) -> Review:
    def apply(locked):
        locked.closed_on = closed_on
        locked.closure_reason = reason
        # Every open deadline of the review closes with it, with the reason (issue 17).
        deadlines.close_open_deadlines(locked, reason=f"Review closed: {reason}")

    return _transition(review, "close", by, to_stage=Stage.CLOSED, reason=reason, apply=apply)


def put_on_hold(review: Review, *, by, reason: str, details: str = "") -> Review:
    """Pauses the review and its clocks."""

    def apply(locked):
        hold = Hold.objects.create(
            review=locked,
            reason=reason,
            details=details,
            started_at=timezone.now(),
            started_by=by,
        )
        locked.is_on_hold = True
        locked.on_hold_since = timezone.localdate(hold.started_at)

    label = Hold.Reason(reason).label
    return _transition(
        review, "put_on_hold", by, reason=f"{label}: {details}".strip(": "), apply=apply
    )


def resume(review: Review, *, by, note: str = "") -> Review:
    """Ends the hold; each running clock's due date moves on by the days the hold lasted."""

    def apply(locked):
        hold = locked.holds.get(ended_at__isnull=True)
        hold.ended_at = timezone.now()
        hold.ended_by = by
        hold.resume_note = note
        hold.save()
        days = clocks.held_days(hold.started_at, hold.ended_at)
        if locked.decision_due_on and not locked.decision_on:
            locked.decision_due_on = locked.decision_due_on + timedelta(days=days)
        if locked.completion_due_on and not locked.first_qa_submitted_on:
            locked.completion_due_on = locked.completion_due_on + timedelta(days=days)
        # Every open deadline of the review stops with it, and so do the agencies' answers.
        deadlines.move_open_deadlines(locked, days)
        if days:
            for waiting in locked.info_requests.filter(withdrawn=False, answered_at__isnull=True):
                waiting.due_on = waiting.due_on + timedelta(days=days)
                waiting.save()
        locked.is_on_hold = False
        locked.on_hold_since = None

    return _transition(review, "resume", by, reason=note, apply=apply)


@transaction.atomic
def add_linked_review(review: Review, *, by, kind: str, description: str, status: str = ""):
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can record linked processes.")
    return LinkedReview.objects.create(
        review=review, kind=kind, description=description, status=status
    )

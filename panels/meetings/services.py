"""Panel meetings: scheduling, attendance, minutes and actions arising (JOURNEYS.md, chair).

The chair and the review manager manage meetings; the panel's agencies read them. Each action
arising is a deadline owned by its agency (kind ``ACTION``), met when the action is done.
"""

import uuid
from datetime import date, time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import notices
from cases.deadlines import services as deadlines
from cases.documents.services import checked_upload
from cases.lifecycle.workflow import TransitionRefused
from cases.models import DeadlineKind, Review
from dhr.files.uploads import CheckedUpload
from panels.contributions.services import can_see_combined, directs
from panels.models import MeetingAction, MeetingAttendance, PanelMeeting


def can_manage(user, review: Review) -> bool:
    return directs(user, review)


def can_read(user, review: Review) -> bool:
    """The manager, the chair and the panel's agencies (the same readers as the combined
    chronology)."""
    return can_see_combined(user, review)


def _check(by, review: Review) -> None:
    if not can_manage(by, review):
        raise TransitionRefused("Only the chair or the review manager can change panel meetings.")
    if review.is_closed:
        raise TransitionRefused("The review is closed: its records can no longer change.")


MEETING_FIELDS = frozenset({"held_on", "starts_at", "location", "agenda", "minutes"})


def save_meeting(
    review: Review,
    *,
    by,
    meeting: PanelMeeting | None = None,
    minutes_upload: CheckedUpload | None = None,
    held_on: date,
    starts_at: time | None = None,
    location: str = "",
    agenda: str = "",
    minutes: str = "",
) -> PanelMeeting:
    """Schedules a meeting (``meeting`` None) or changes one; ``minutes_upload`` replaces the
    minutes file. The old file is kept in storage (the meeting's history names it)."""
    _check(by, review)
    if meeting is not None and meeting.review_id != review.pk:
        raise TransitionRefused("This meeting belongs to another review.")
    checked = (
        checked_upload(minutes_upload, purpose="minutes") if minutes_upload is not None else None
    )
    stored_name = None
    try:
        with transaction.atomic():
            if meeting is None:
                meeting = PanelMeeting(review=review, created_by=by)
            else:
                meeting = PanelMeeting.objects.select_for_update().get(pk=meeting.pk)
            meeting.held_on = held_on
            meeting.starts_at = starts_at
            meeting.location = location.strip()
            meeting.agenda = agenda.strip()
            meeting.minutes = minutes.strip()
            if checked is not None:
                meeting.minutes_file.save(
                    f"{uuid.uuid4().hex}.{checked.extension}", checked.file, save=False
                )
                stored_name = meeting.minutes_file.name
                meeting.minutes_original_name = checked.original_name
                meeting.minutes_content_type = checked.content_type
                meeting.minutes_size = checked.size
                meeting.minutes_sha256 = checked.sha256
            meeting._history_user = by
            meeting.save()
    except Exception:
        if stored_name:
            meeting.minutes_file.storage.delete(stored_name)
        raise
    return meeting


@transaction.atomic
def record_attendance(meeting: PanelMeeting, *, by, statuses: dict) -> None:
    """``statuses``: agency -> present / apologies / absent ("" leaves the agency out)."""
    _check(by, meeting.review)
    valid = set(MeetingAttendance.Status.values)
    for agency, status in statuses.items():
        existing = meeting.attendance.filter(agency=agency).first()
        if not status:
            if existing:
                existing.delete()
            continue
        if status not in valid:
            raise TransitionRefused("Choose present, apologies or absent.")
        if existing is None:
            MeetingAttendance.objects.create(meeting=meeting, agency=agency, status=status)
        elif existing.status != status:
            existing.status = status
            existing.save()


@transaction.atomic
def delete_meeting(meeting: PanelMeeting, *, by) -> None:
    """Deletes a meeting recorded by mistake, with its attendance and actions (their open
    deadlines are cancelled). The history keeps what it said."""
    _check(by, meeting.review)
    for action in meeting.actions.all():
        deadlines.close_deadline(kind=DeadlineKind.ACTION, source=action, cancelled=True)
    meeting.delete()


@transaction.atomic
def add_action(
    meeting: PanelMeeting, *, by, description: str, owner_agency, due_on: date
) -> MeetingAction:
    """An action arising from the meeting, owned by an agency: a deadline until it is done."""
    review = meeting.review
    _check(by, review)
    if not description.strip():
        raise TransitionRefused("Describe the action.")
    action = MeetingAction.objects.create(
        meeting=meeting,
        review=review,
        description=description.strip(),
        owner_agency=owner_agency,
        due_on=due_on,
    )
    deadline = deadlines.open_deadline(
        review,
        kind=DeadlineKind.ACTION,
        due_on=due_on,
        rule=f"Set at the panel meeting of {meeting.held_on:%d/%m/%Y}",
        source=action,
        owner_agency=owner_agency,
        title=f"Panel action: {action.description[:120]}",
        link=reverse("panels:meeting", args=[review.reference, meeting.pk]),
    )
    notices.notify_owners(deadline)  # the agency's members hear of it now
    return action


@transaction.atomic
def complete_action(action: MeetingAction, *, by, done_on: date | None = None) -> MeetingAction:
    """Marks the action done; its deadline is met."""
    _check(by, action.review)
    action = MeetingAction.objects.select_for_update().get(pk=action.pk)
    if action.done_on:
        raise TransitionRefused("This action is already done.")
    action.done_on = done_on or timezone.localdate()
    action.save()
    deadlines.close_deadline(kind=DeadlineKind.ACTION, source=action, met_on=action.done_on)
    return action

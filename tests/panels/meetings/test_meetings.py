"""Panel meetings through their pages: scheduling, attendance, minutes (text and file), actions
arising as deadlines, deletion after confirmation."""

import html
import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Deadline, DeadlineKind
from panels.meetings import services as meetings
from panels.models import MeetingAction, MeetingAttendance, PanelMeeting


def url(panel, name, *args):
    return reverse(name, args=[panel.review.reference, *args])


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_chair_schedules_a_meeting_with_minutes(panel, client, media_root):
    client.force_login(panel.chair)
    new_url = url(panel, "panels:meeting_new")
    assert "No panel meeting has been recorded yet." in text(
        client.get(url(panel, "panels:meetings"))
    )
    assert client.get(new_url).status_code == 200

    missing = client.post(
        new_url, {"held_on": "", "agenda": "1. Chronologies", "starts_at": "25:00"}
    )
    assert "Enter the date of the meeting" in text(missing)
    assert "Enter a real time, like 14:30" in text(missing)
    assert "1. Chronologies" in missing.content.decode()
    assert not PanelMeeting.objects.exists()

    minutes = SimpleUploadedFile(
        "minutes.pdf", b"%PDF-1.4\nminutes", content_type="application/pdf"
    )
    saved = client.post(
        new_url,
        {
            "held_on": "02/04/2026",
            "starts_at": "10:30",
            "location": "Sittingbourne",
            "agenda": "1. Chronologies",
            "minutes": "Agreed to ask for GP records.",
            "minutes_upload": minutes,
        },
        follow=True,
    )
    meeting = PanelMeeting.objects.get()
    assert "The Panel meeting on 02/04/2026 has been saved." in text(saved)
    assert "Agreed to ask for GP records." in text(saved)
    assert meeting.minutes_original_name == "minutes.pdf"
    assert "minutes" not in meeting.minutes_file.name  # a random name on disk

    client.force_login(panel.health_member)  # the panel reads meetings and their minutes
    download = client.get(url(panel, "panels:meeting_minutes", meeting.pk))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4\nminutes"
    listing = text(client.get(url(panel, "panels:meetings")))
    assert "2 April 2026, 10:30" in listing
    assert "Add a meeting" not in listing


def test_attendance_by_panel_agency(panel, client):
    meeting = meetings.save_meeting(panel.review, by=panel.chair, held_on=date(2026, 4, 2))
    client.force_login(panel.manager)
    attendance_url = url(panel, "panels:meeting_attendance", meeting.pk)
    page = text(client.get(attendance_url))
    assert "Kent Police" in page
    assert "Kent Health Trust" in page

    field = {f"agency_{panel.police.pk}": "present", f"agency_{panel.health.pk}": "apologies"}
    client.post(attendance_url, field)
    assert dict(MeetingAttendance.objects.values_list("agency__name", "status")) == {
        "Kent Police": "present",
        "Kent Health Trust": "apologies",
    }
    client.post(attendance_url, {f"agency_{panel.police.pk}": "absent"})
    assert dict(MeetingAttendance.objects.values_list("agency__name", "status")) == {
        "Kent Police": "absent"
    }
    detail = text(client.get(url(panel, "panels:meeting", meeting.pk)))
    assert "Kent Police Absent" in detail
    assert "Kent Health Trust Not recorded" in detail


def test_actions_arising_are_deadlines_until_done(panel, client):
    meeting = meetings.save_meeting(panel.review, by=panel.chair, held_on=date(2026, 4, 2))
    client.force_login(panel.chair)
    action_url = url(panel, "panels:meeting_action_new", meeting.pk)
    missing = client.post(action_url, {"description": "Send GP records", "due_on": ""})
    assert "Select the agency responsible" in text(missing)
    assert "Enter the due date" in text(missing)
    client.post(
        action_url,
        {"description": "Send GP records", "owner_agency": panel.health.pk, "due_on": "30/04/2026"},
    )
    action = MeetingAction.objects.get()
    deadline = Deadline.objects.get(source=f"panels.meetingaction:{action.pk}")
    assert deadline.kind == DeadlineKind.ACTION
    assert deadline.owner_agency == panel.health
    assert deadline.due_on == date(2026, 4, 30)
    assert deadline.rule == "Set at the panel meeting of 02/04/2026"

    done_url = url(panel, "panels:meeting_action_done", meeting.pk, action.pk)
    assert "Mark this action as done" in text(client.get(done_url))
    client.post(done_url, {"done_on": "28/04/2026"})
    deadline.refresh_from_db()
    assert deadline.met_on == date(2026, 4, 28)
    again = client.post(done_url, {"done_on": "28/04/2026"})
    assert "This action is already done." in text(again)


def test_deleting_a_meeting_asks_first_and_cancels_its_deadlines(panel, client):
    meeting = meetings.save_meeting(panel.review, by=panel.chair, held_on=date(2026, 4, 2))
    action = meetings.add_action(
        meeting, by=panel.chair, description="x", owner_agency=panel.police, due_on=date(2026, 5, 1)
    )
    client.force_login(panel.manager)
    delete_url = url(panel, "panels:meeting_delete", meeting.pk)
    assert "Delete the Panel meeting on 02/04/2026?" in text(client.get(delete_url))
    assert PanelMeeting.objects.exists()
    client.post(delete_url)
    assert not PanelMeeting.objects.exists()
    deadline = Deadline.objects.get(source=f"panels.meetingaction:{action.pk}")
    assert deadline.cancelled_on is not None


def test_an_agency_with_a_request_but_no_seat_does_not_read_meetings(panel, client):
    meeting = meetings.save_meeting(panel.review, by=panel.chair, held_on=date(2026, 4, 2))
    member = panel.review.panel_members.get(agency=panel.health)
    panel.ask(agency=panel.health)  # keeps the health trust in the review
    from panels.chairs import workflow

    workflow.remove_panel_member(member, by=panel.manager)
    client.force_login(panel.health_member)
    assert client.get(url(panel, "panels:meeting", meeting.pk)).status_code == 403
    assert client.get(url(panel, "panels:contributions")).status_code == 200

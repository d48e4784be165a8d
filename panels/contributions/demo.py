"""Demo agency contributions: on the demo review whose panel is at work, a chronology request
to two agencies, each answered with a submitted chronology, a report still awaited, and one
panel meeting with its attendance and an action. Made through the domain functions, once
(a second run finds the requests and changes nothing)."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Review, Stage
from dhr.files import spreadsheets
from dhr.models import Agency, User
from panels.chronology.importer import TEMPLATE_HEADINGS
from panels.contributions import services as contributions
from panels.meetings import services as meetings
from panels.models import ContributionRequest

# (agency, its demo member, what its chronology records)
CHRONOLOGIES = [
    (
        "Kent Police",
        "police@example.org",
        [
            ("Call from a neighbour reporting shouting at the address", "Officers attended", "PC"),
            ("Victim disclosed controlling behaviour", "DASH risk assessment: medium", "PC"),
            ("Perpetrator arrested for criminal damage", "Released under investigation", "DS"),
            ("Victim declined to support a prosecution", "No further action", "DS"),
            ("Welfare check after a missed appointment", "Victim seen; no concerns raised", "PC"),
        ],
    ),
    (
        "Kent and Medway Mental Health NHS Trust",
        "health@example.org",
        [
            ("Referral from the GP for low mood", "Assessment booked", "Triage nurse"),
            (
                "Assessment: victim mentioned arguments at home",
                "Routine enquiry not recorded",
                "CPN",
            ),
            ("Missed appointment", "Letter sent", "Administrator"),
            ("Telephone review", "Discharged to the GP", "CPN"),
        ],
    ),
]


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def _csv(rows) -> SimpleUploadedFile:
    # Written like every CSV of the service, by the one writer (dhr.files.spreadsheets).
    content = spreadsheets.csv_bytes(TEMPLATE_HEADINGS, rows)
    return SimpleUploadedFile("chronology.csv", content, "text/csv")


def seed_contributions(generated_reviews: int = 0) -> None:
    """Adds the contributions to the first demo review at the stage "panel" (once)."""
    review = (
        Review.objects.filter(stage=Stage.PANEL)
        .exclude(pseudonym__startswith="Generated ")
        .order_by("pk")
        .first()
    )
    if review is None or review.contribution_requests.exists():
        return
    manager = User.objects.filter(role="review_manager", partnerships=review.partnership).first()
    death = review.date_of_death
    asked = review.chair_appointed_on or review.notified_on
    for number, (agency_name, member_email, events) in enumerate(CHRONOLOGIES):
        agency = Agency.objects.get(name=agency_name)
        member = User.objects.get(email=member_email)
        request = contributions.make_request(
            review,
            by=manager,
            agency=agency,
            kind=ContributionRequest.Kind.CHRONOLOGY,
            requested_on=asked,
            due_on=asked + timedelta(days=28),
            details="All contacts with the victim and the perpetrator in the period under review.",
        )
        rows = []
        for index, (event, action, role) in enumerate(events):
            day: date = death - timedelta(days=400 - 70 * index - 9 * number)
            rows.append(
                [
                    f"{day:%d/%m/%Y}",
                    f"{9 + index}:15",
                    f"{_initials(agency_name)}-{index + 1}",
                    event,
                    action,
                    "",
                    role,
                ]
            )
        staged = contributions.stage_chronology(request, by=member, upload=_csv(rows))
        contributions.confirm_chronology(staged, by=member)
        contributions.submit_to_panel(request, by=member)
    contributions.make_request(
        review,
        by=manager,
        agency=Agency.objects.get(name="Kent Police"),
        kind=ContributionRequest.Kind.REPORT,
        requested_on=asked,
        due_on=asked + timedelta(days=56),
    )
    meeting = meetings.save_meeting(
        review,
        by=review.chair,
        held_on=asked + timedelta(days=21),
        location="Swale House, Sittingbourne",
        agenda="1. Introductions\n2. Terms of reference\n3. Chronologies received",
        minutes="The panel reviewed the first chronologies. GP records are needed.",
    )
    meetings.record_attendance(
        meeting,
        by=review.chair,
        statuses={
            member.agency: "present" for member in review.panel_members.select_related("agency")
        },
    )
    meetings.add_action(
        meeting,
        by=review.chair,
        description="Ask the GP practice for its records of the victim's appointments.",
        owner_agency=Agency.objects.get(name="Kent County Council Adult Social Care"),
        due_on=asked + timedelta(days=42),
    )

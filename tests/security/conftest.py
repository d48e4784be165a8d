"""The world of the permission tests: reviews at the stage "panel" with a record of every kind
their pages are about, and one user in each role around them (DESIGN.md 5).

Everything is made by the domain functions (``walk_to`` for the first steps, then the calls the
pages make), never by setting fields: a user can open a review only through the grants those
calls make. Every text that must not leak is distinctive, so that finding it on a page can only
mean the page shows it.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from actionplans.commissioner import services as actionplans
from actionplans.models import (
    CommissionerRecommendation,
    Evidence,
    Milestone,
    PlanAction,
    Recommendation,
    StagedActionPlan,
)
from actionplans.recommendations import importer as plan_importer
from actionplans.recommendations import services as action_plans
from cases.deadlines import timescales
from cases.documents import services as documents
from cases.family import services as family
from cases.lifecycle import workflow
from cases.models import (
    DeadlineKind,
    Document,
    FamilyMember,
    InformationRequest,
    Review,
    Stage,
    Subject,
    TermsOfReference,
    TimescaleRule,
)
from cases.people import services as people
from dhr.accounts.roles import Role
from dhr.models import Notification
from panels.chairs import workflow as panels_workflow
from panels.chronology import combined
from panels.chronology.importer import TEMPLATE_HEADINGS
from panels.chronology.tasks import build_export
from panels.contributions import services as contributions
from panels.meetings import services as meetings
from panels.models import (
    ChairConflict,
    ChronologyEntry,
    ChronologyExport,
    ContributionRequest,
    ContributionVersion,
    EntryAnnotation,
    MeetingAction,
    PanelMeeting,
    PanelMember,
    StagedChronology,
)
from tests.cases.factories import agency_member_of, chair_profile_for, walk_to
from tests.dhr.factories import AgencyFactory, PartnershipFactory, UserFactory

# The roles of the permission table, as they read in the test ids.
ADMINISTRATOR = "administrator"
MANAGER = "manager"
OTHER_MANAGER = "manager_of_another_partnership"
CHAIR = "chair"
OTHER_CHAIR = "chair_not_appointed"
PANEL_AGENCY = "panel_agency_member"
OTHER_AGENCY = "uninvolved_agency_member"
STEERING = "steering_group"
ANONYMOUS = "anonymous"

SIGNED_IN = (
    ADMINISTRATOR,
    MANAGER,
    OTHER_MANAGER,
    CHAIR,
    OTHER_CHAIR,
    PANEL_AGENCY,
    OTHER_AGENCY,
    STEERING,
)
ROLES = (*SIGNED_IN, ANONYMOUS)

# A real, if empty, PDF: the upload check reads the content, not the name.
TINY_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

# Every review follows this calendar (all in the past, each step after the one before).
DATE_OF_DEATH = date(2026, 1, 7)
NOTIFIED_ON = date(2026, 1, 12)
REQUESTS_SENT_ON = date(2026, 1, 13)
REQUESTS_DUE_ON = date(2026, 1, 27)
DECISION_ON = date(2026, 2, 2)
APPOINTED_ON = date(2026, 2, 16)
PERIOD_START = date(2023, 1, 1)
THEMED_REPORT_ON = date(2026, 3, 2)
RESPONDED_ON = date(2026, 4, 1)
CONTRIBUTIONS_DUE_ON = date(2026, 3, 16)
MEETING_ON = date(2026, 3, 9)
ACTION_DUE_ON = date(2026, 4, 6)
FAMILY_CONTACT_ON = date(2026, 3, 10)
ACTION_PLAN_TARGET = date(2027, 3, 31)


@dataclass(frozen=True)
class Victim:
    """The person at the centre of a review: a pseudonym every reader of the review may see,
    and an identity for the review manager and the chair only."""

    pseudonym: str
    real_name: str
    date_of_birth: date
    address: str


@dataclass
class Contributions:
    """The agencies' contributions to one review (panels.contributions.services): the panel agency's
    submitted chronology, and a second panel agency's chronology still in draft."""

    chronology: ContributionRequest  # the panel agency's, submitted
    submitted: ContributionVersion  # its version 1, with entries
    entry: ChronologyEntry  # of ``submitted``: in the combined chronology
    staged: StagedChronology  # a newer file of the panel agency's, not imported yet
    annotation: EntryAnnotation  # the review manager's, on ``entry``
    # The review manager's PDF of the combined chronology, prepared in the background.
    export: ChronologyExport
    draft_request: ContributionRequest  # the second panel agency's chronology
    draft: ContributionVersion  # its version 1, imported, never submitted
    draft_staged: StagedChronology  # a newer file of the second agency's, not imported yet


@dataclass
class ActionPlan:
    """The review's action plan (actionplans.recommendations): one agreed recommendation with
    an action led by the panel agency (which proposed its completion, with evidence) and an
    action led by the second panel agency."""

    recommendation: Recommendation
    action: PlanAction  # the panel agency's
    milestone: Milestone  # of ``action``
    evidence: Evidence  # of ``action``'s pending update
    other_action: PlanAction  # the second panel agency's
    staged: StagedActionPlan  # a plan file the review manager uploaded, not imported yet


@dataclass
class ReviewRecords:
    """One review and a record of each kind its pages are about."""

    review: Review
    info_request: InformationRequest  # the panel agency's, answered
    asked_request: InformationRequest | None  # another agency's (not on the panel), answered
    subject: Subject  # the victim, identity recorded
    shared_document: Document  # an overview report: every reader of the review may download it
    restricted_document: Document  # for the review manager and the chair only
    terms: TermsOfReference  # version 1, not agreed
    panel_member: PanelMember  # the panel agency's seat
    contributions: Contributions
    meeting: PanelMeeting  # with a minutes file
    action: MeetingAction  # arising from ``meeting``, owned by the panel agency, open
    family_member: FamilyMember  # the victim's sister, with one contact logged
    plan: ActionPlan


@dataclass
class Scenario:
    """The people of the table (role name -> user), the review they are around, and the
    records of the pages that are not about a review."""

    users: dict
    records: ReviewRecords
    conflict: ChairConflict  # declared by the chair who is not appointed
    panel_agency: object
    asked_agency: object
    timescale_rule: TimescaleRule  # Swale's own rule for the decision deadline
    notification: Notification  # the review manager's
    # On a themed Commissioner report of Swale, to the panel agency, which responded with a file
    recommendation: CommissionerRecommendation
    # Swale's second review, "Rowan": the same manager, another chair and other agencies on its
    # panel, so that a reader of one review of a partnership who sees them all is noticed.
    other_review: ReviewRecords
    # Medway's two reviews (Morgan Medway's), at "scoping": outside every Swale user's scope.
    medway_reviews: tuple

    @property
    def review(self) -> Review:
        return self.records.review


def tiny_pdf(name="document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf")


def _ask_and_answer(review, manager, agency, summary) -> InformationRequest:
    request = workflow.send_information_request(
        review, by=manager, agency=agency, sent_on=REQUESTS_SENT_ON, due_on=REQUESTS_DUE_ON
    )
    return workflow.answer_information_request(
        request, by=agency_member_of(agency), had_contact=True, summary=summary
    )


def build_review(
    *,
    manager,
    partnership,
    pseudonym: str,
    victim: Victim,
    panel_agency,
    drafting_agency,
    asked_agency=None,
    chair=None,
) -> ReviewRecords:
    """A review of ``partnership`` taken by ``manager`` through scoping (requests to the panel
    agency and to ``asked_agency``, both answered) and the decision to commission, with the
    panel agency seated, the victim recorded, two documents and a first version of the terms;
    then the panel's work (``drafting_agency`` seated too): contributions, a meeting, the
    family.

    With ``chair``, the chair is appointed and the panel convened: the review is at "panel";
    without, it stays at "commissioned" with nobody chairing it.
    """
    review = walk_to(
        Stage.SCOPING,
        manager=manager,
        agency=panel_agency,
        partnership=partnership,
        pseudonym=pseudonym,
        date_of_death=DATE_OF_DEATH,
        notified_on=NOTIFIED_ON,
    )
    info_request = _ask_and_answer(
        review, manager, panel_agency, f"{panel_agency} attended two reports of shouting."
    )
    asked_request = None
    if asked_agency is not None:
        asked_request = _ask_and_answer(
            review, manager, asked_agency, f"{asked_agency} treated a bruised wrist in March."
        )
    workflow.finish_scoping(review, by=manager)
    workflow.record_decision(
        review,
        by=manager,
        decision=Review.Decision.COMMISSION,
        decision_on=DECISION_ON,
        rationale="The death meets the criteria for a review.",
        decided_by="Community Safety Partnership board",
        home_office_informed_on=DECISION_ON,
    )
    panel_member = panels_workflow.add_panel_member(
        review,
        by=manager,
        agency=panel_agency,
        role=PanelMember.PanelRole.AGENCY,
        representative="Safeguarding lead",
        added_on=APPOINTED_ON,
    )
    subject = _record_victim(review, manager, victim)
    shared_document = documents.upload_document(
        review,
        by=manager,
        kind=Document.Kind.REPORT,
        title=f"Overview report, case {pseudonym}",
        upload=tiny_pdf("overview.pdf"),
    )
    restricted_document = documents.upload_document(
        review,
        by=manager,
        kind=Document.Kind.OTHER,
        title=f"Family liaison notes, case {pseudonym}",
        upload=tiny_pdf("family-liaison.pdf"),
    )
    terms = workflow.save_terms_of_reference(
        review,
        by=manager,
        period_start=PERIOD_START,
        period_end=DATE_OF_DEATH,
        key_lines_of_enquiry="What did agencies know of the abuse, and what did they do?",
    )
    if chair is not None:
        appoint(review, manager, chair)
        panels_workflow.convene_panel(review, by=manager)
    meeting, action = _panel_meeting(review, manager, panel_agency)
    return ReviewRecords(
        review=review,
        info_request=info_request,
        asked_request=asked_request,
        subject=subject,
        shared_document=shared_document,
        restricted_document=restricted_document,
        terms=terms,
        panel_member=panel_member,
        contributions=_contributions(review, manager, panel_agency, drafting_agency),
        meeting=meeting,
        action=action,
        family_member=_family_member(review, manager),
        plan=_action_plan(review, manager, panel_agency, drafting_agency),
    )


# The panel agency's evidence: nobody outside its action may read the file or its name.
EVIDENCE_FILE_NAME = "police-audit-evidence.txt"


def _action_plan(review, manager, panel_agency, drafting_agency) -> ActionPlan:
    recommendation = action_plans.draft_recommendation(
        review,
        by=manager,
        text="Officers should complete a DASH risk assessment at every domestic abuse call-out.",
        level=Recommendation.Level.MULTI_AGENCY,
        addressed_agencies=[panel_agency, drafting_agency],
    )
    action_plans.agree_recommendation(recommendation, by=manager)
    action = action_plans.add_action(
        recommendation,
        by=manager,
        description="Audit call-outs each quarter.",
        lead_agency=panel_agency,
        target_date=ACTION_PLAN_TARGET,
    )
    other_action = action_plans.add_action(
        recommendation,
        by=manager,
        description="Unshared action: the health visiting caseload review.",
        lead_agency=drafting_agency,
        target_date=ACTION_PLAN_TARGET,
    )
    milestone = action_plans.add_milestone(
        action, by=manager, title="First audit", due_on=ACTION_PLAN_TARGET
    )
    update = action_plans.post_update(
        action,
        by=agency_member_of(panel_agency),
        note="The audit is done.",
        proposed_status=PlanAction.Status.COMPLETED,
        files=[SimpleUploadedFile(EVIDENCE_FILE_NAME, b"Audit report.\n", "text/plain")],
    )
    return ActionPlan(
        recommendation=recommendation,
        action=action,
        milestone=milestone,
        evidence=update.evidence.get(),
        other_action=other_action,
        staged=plan_importer.stage_plan(
            review,
            by=manager,
            content=b"Recommendation,Action,Lead agency,Target date\n1. Train,Train,None,1/1/30\n",
            extension="csv",
            name="plan.csv",
        ),
    )


def _record_victim(review, manager, victim: Victim) -> Subject:
    """Adds the victim, then records the identity as a change: the history then holds a diff
    of every restricted field, the place where they would leak."""
    subject = people.add_subject(
        review, by=manager, role=Subject.Role.VICTIM, pseudonym=victim.pseudonym
    )
    return people.update_subject(
        subject,
        by=manager,
        real_name=victim.real_name,
        date_of_birth=victim.date_of_birth,
        address=victim.address,
        reason="Identity confirmed by the police",
    )


# --- The panel's work -----------------------------------------------------------------------

# What a page shows an agency member only if it leaks another agency's draft: the file's name
# and an entry found in no submitted chronology.
DRAFT_FILE_NAME = "unsubmitted-chronology.csv"
DRAFT_EVENT = "Unsubmitted entry: triage nurse noted a fractured finger"
# The family (the review manager and the chair only): a name and a contact nobody else reads.
FAMILY_MEMBER_NAME = "Rosalind Quillfeather"
FAMILY_CONTACT_SUMMARY = "Rosalind agreed to meet the chair at her flat in Whitstable."


def chronology_csv(events, name="chronology.csv") -> SimpleUploadedFile:
    """A chronology in the template's columns, one row per event, in the period under review."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_HEADINGS)
    for day, event in enumerate(events, start=1):
        writer.writerow(
            [f"{day:02d}/06/2024", "10:30", f"REF-{day}", event, "Advice given", "", "Officer"]
        )
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def _contributions(review, manager, panel_agency, drafting_agency) -> Contributions:
    """Both agencies asked for their chronology: the panel agency submits one and stages a
    newer file; ``drafting_agency`` (seated now) imports one without submitting it and stages
    another. Then an annotation and a prepared PDF of the combined chronology."""
    panels_workflow.add_panel_member(
        review,
        by=manager,
        agency=drafting_agency,
        role=PanelMember.PanelRole.AGENCY,
        added_on=APPOINTED_ON,
    )
    chronology, submitted, staged = _chronology(
        review, manager, panel_agency, ["Call about shouting", "Welfare check"], submit=True
    )
    draft_request, draft, draft_staged = _chronology(
        review, manager, drafting_agency, [DRAFT_EVENT], submit=False, name=DRAFT_FILE_NAME
    )
    entry = submitted.entries.order_by("row_number").first()
    return Contributions(
        chronology=chronology,
        submitted=submitted,
        entry=entry,
        staged=staged,
        annotation=_annotate(review, manager, entry),
        export=_prepared_pdf(review, manager),
        draft_request=draft_request,
        draft=draft,
        draft_staged=draft_staged,
    )


def _chronology(review, manager, agency, events, *, submit: bool, name="chronology.csv"):
    """(request, version 1, staged file): ``agency`` asked for its chronology imports
    ``events`` (and submits them with ``submit``), then stages a newer file."""
    request = contributions.make_request(
        review,
        by=manager,
        agency=agency,
        kind=ContributionRequest.Kind.CHRONOLOGY,
        due_on=CONTRIBUTIONS_DUE_ON,
        requested_on=APPOINTED_ON,
    )
    member = agency_member_of(agency)
    staged = contributions.stage_chronology(request, by=member, upload=chronology_csv(events, name))
    version = contributions.confirm_chronology(staged, by=member)
    if submit:
        version = contributions.submit_to_panel(request, by=member)
    newer = chronology_csv([*events, "A later contact"], "chronology-v2.csv")
    return request, version, contributions.stage_chronology(request, by=member, upload=newer)


def _annotate(review, manager, entry) -> EntryAnnotation:
    return combined.annotate(review, entry, by=manager, text="Why no referral?")


def _prepared_pdf(review, manager) -> ChronologyExport:
    # Asked for as on the PDF page, and made by the background task's function.
    job = combined.request_pdf_export(review, by=manager, filters=combined.Filters())
    build_export(job.pk)
    job.refresh_from_db()
    return job


def _panel_meeting(review, manager, panel_agency) -> tuple[PanelMeeting, MeetingAction]:
    meeting = meetings.save_meeting(
        review,
        by=manager,
        held_on=MEETING_ON,
        agenda="The agencies' chronologies",
        minutes_upload=tiny_pdf("minutes.pdf"),
    )
    action = meetings.add_action(
        meeting,
        by=manager,
        description="Send the missing call logs",
        owner_agency=panel_agency,
        due_on=ACTION_DUE_ON,
    )
    return meeting, action


def _family_member(review, manager) -> FamilyMember:
    member = family.add_member(review, by=manager, name=FAMILY_MEMBER_NAME, relationship="Sister")
    family.log_contact(
        member,
        by=manager,
        contacted_on=FAMILY_CONTACT_ON,
        method="phone",
        summary=FAMILY_CONTACT_SUMMARY,
        made_by="Rita Manager",
    )
    return member


def appoint(review, manager, chair) -> None:
    """Appoints ``chair`` (joining the pool if needed): the grant that lets a chair in."""
    panels_workflow.appoint_chair(
        review, by=manager, chair=chair_profile_for(chair), appointed_on=APPOINTED_ON
    )


# The in-scope review's victim: nothing else in the test data looks like these.
VICTIM = Victim(
    pseudonym="Marigold",
    real_name="Philippa Wrennick-Hale",
    date_of_birth=date(1987, 3, 14),
    address="17 Larkspur Mews, Faversham",
)
# The victim of Swale's second review.
OTHER_VICTIM = Victim(
    pseudonym="Juniper",
    real_name="Cordelia Ashby-Thorn",
    date_of_birth=date(1979, 11, 2),
    address="4 Tansy Row, Sittingbourne",
)


def build_scenario(*, appoint_chair: bool = True, pseudonym: str = "Quenby") -> Scenario:
    """Rita Manager's review "Quenby" (or ``pseudonym``) in Swale, with Kent Police on its
    panel and the Swale Walk-in Clinic asked during scoping; Kent Community Health, seated
    later, has its chronology in draft. A user in each role of the table.

    Two reviews per partnership: Swale's second, "Rowan" (Rita's too), is chaired by Cora
    Second with Swale Housing and Swale Recovery Service on its panel, none of the table's
    users but Rita involved; Medway has two of Morgan Medway's at "scoping".

    ``appoint_chair=False`` leaves the review at "commissioned" with Chris Chair not appointed.
    """
    swale = PartnershipFactory(name="Swale", code="SWA")
    medway = PartnershipFactory(name="Medway", code="MED")
    police = AgencyFactory(name="Kent Police")
    clinic = AgencyFactory(name="Swale Walk-in Clinic")
    uninvolved = AgencyFactory(name="Uninvolved Housing Trust")
    users = {
        ADMINISTRATOR: UserFactory(full_name="Alex Admin", role=Role.ADMINISTRATOR),
        MANAGER: UserFactory(
            full_name="Rita Manager", role=Role.REVIEW_MANAGER, partnerships=[swale]
        ),
        OTHER_MANAGER: UserFactory(
            full_name="Morgan Medway", role=Role.REVIEW_MANAGER, partnerships=[medway]
        ),
        CHAIR: UserFactory(full_name="Chris Chair", role=Role.CHAIR),
        OTHER_CHAIR: UserFactory(full_name="Nina Notappointed", role=Role.CHAIR),
        PANEL_AGENCY: UserFactory(full_name="Andy Agency", role=Role.AGENCY_MEMBER, agency=police),
        OTHER_AGENCY: UserFactory(
            full_name="Olive Outsider", role=Role.AGENCY_MEMBER, agency=uninvolved
        ),
        STEERING: UserFactory(
            full_name="Sam Steering", role=Role.STEERING_GROUP, partnerships=[swale]
        ),
    }
    UserFactory(full_name="Cleo Clinic", role=Role.AGENCY_MEMBER, agency=clinic)
    profile = chair_profile_for(users[OTHER_CHAIR], conflicts=[uninvolved])
    in_scope = build_review(
        manager=users[MANAGER],
        partnership=swale,
        pseudonym=pseudonym,
        victim=VICTIM,
        panel_agency=police,
        drafting_agency=AgencyFactory(name="Kent Community Health"),
        asked_agency=clinic,
        chair=users[CHAIR] if appoint_chair else None,
    )
    other_review = build_review(
        manager=users[MANAGER],
        partnership=swale,
        pseudonym="Rowan" if pseudonym == "Quenby" else f"Rowan {pseudonym}",
        victim=OTHER_VICTIM,
        panel_agency=AgencyFactory(name="Swale Housing"),
        drafting_agency=AgencyFactory(name="Swale Recovery Service"),
        chair=UserFactory(full_name="Cora Second", role=Role.CHAIR),
    )
    medway_reviews = tuple(
        walk_to(
            Stage.SCOPING,
            manager=users[OTHER_MANAGER],
            partnership=medway,
            pseudonym=f"Medway {number} {pseudonym}",
            date_of_death=DATE_OF_DEATH,
            notified_on=NOTIFIED_ON,
        )
        for number in (1, 2)
    )
    return Scenario(
        users=users,
        records=in_scope,
        conflict=profile.conflicts.get(),
        panel_agency=police,
        asked_agency=clinic,
        timescale_rule=timescales.save_rule(
            by=users[ADMINISTRATOR],
            kind=DeadlineKind.DECISION,
            partnership=swale,
            period=2,
            unit=timescales.MONTHS,
            reminder_days=[7],
        ),
        # Written by background work (reminders), which has no domain function to call here.
        notification=Notification.objects.create(
            recipient=users[MANAGER],
            subject=f"{in_scope.review.reference}: the decision is due",
            url=f"/reviews/{in_scope.review.reference}/",
        ),
        recommendation=_answered_recommendation(users[MANAGER], swale, police),
        other_review=other_review,
        medway_reviews=medway_reviews,
    )


def _answered_recommendation(manager, partnership, agency) -> CommissionerRecommendation:
    """A recommendation of a themed Commissioner report, answered by ``agency`` with a file."""
    report = actionplans.record_commissioner_report(
        by=manager,
        partnership=partnership,
        title="Learning from reviews of older victims",
        theme="Older victims",
        published_on=THEMED_REPORT_ON,
    )
    recommendation = actionplans.add_recommendation(
        report, by=manager, agency=agency, text="Train call handlers on carers' stress."
    )
    actionplans.respond(
        recommendation,
        by=agency_member_of(agency),
        text="Training is booked for every call handler.",
        responded_on=RESPONDED_ON,
        document=tiny_pdf("response.pdf"),
    )
    return recommendation


# --- Fixtures -----------------------------------------------------------------------------------
#
# Building the scenario takes a few hundred queries; the table asks it hundreds of questions.
# So the scenario is built once per module, inside a transaction held open for the module and
# rolled back at its end. pytest-django runs each test in a savepoint inside that transaction
# (its ``db`` fixture: a TestCase whose class-level atomic is skipped), so whatever a test
# changes is undone before the next one, and nothing is left in the database afterwards.
# Test modules using these fixtures carry ``pytestmark = pytest.mark.django_db``.


@pytest.fixture(scope="module", autouse=True)
def module_media_root(tmp_path_factory):
    """The module's uploaded files go to its own folder (downloads read them in every test)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    yield
    media.disable()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """An atomic block open for the whole module, rolled back at its end."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture(scope="module")
def scenario(module_transaction, django_db_blocker) -> Scenario:
    """The review at "panel", chaired by Chris Chair; shared by the module's tests, which
    must not change its Python objects (the database is rolled back after each test)."""
    with django_db_blocker.unblock():
        return build_scenario()


@pytest.fixture
def unchaired_scenario(db) -> Scenario:
    """Another review, "Quincey", left at "commissioned" with its chair not yet appointed,
    and its own people (made for the test, so it may change them)."""
    return build_scenario(appoint_chair=False, pseudonym="Quincey")


def sign_in(client, scenario: Scenario, role: str):
    """The test client as the user of ``role`` (anonymous stays signed out)."""
    if role != ANONYMOUS:
        client.force_login(scenario.users[role])
    return client

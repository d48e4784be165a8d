"""Demo reviews: one in every stage of the lifecycle, one with a QA resubmission, one on hold.

Every review is built through the domain functions (the same path a user takes), so the demo
is always a state the application can really reach. Names are invented; each pseudonym appears
nowhere else in the demo data, so tests can search pages for it.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from cases.lifecycle import workflow
from cases.models import QARound, Review, Stage, Subject
from cases.reviews import access
from dhr.models import Agency, Partnership, User
from panels.chairs import workflow as panel_workflow
from panels.models import ChairConflict, ChairProfile


@dataclass(frozen=True)
class DemoReview:
    pseudonym: str
    area: str  # partnership code
    stage: Stage
    victim_name: str
    perpetrator_pseudonym: str
    perpetrator_name: str
    relationship: str = Review.Relationship.INTIMATE_PARTNER
    chair: str = "chair.ellison@example.org"
    qa_resubmission: bool = False
    on_hold: bool = False


R = Review.Relationship
DEMO_REVIEWS = [
    DemoReview(
        "Amelia", "SWA", Stage.NOTIFIED, "Lorraine Ashdown-Pike", "Quentin", "Gareth Tolley"
    ),
    DemoReview("Beatrice", "MED", Stage.SCOPING, "Sharon Westerby", "Rupert", "Colin Dawlish"),
    DemoReview(
        "Clementine",
        "THA",
        Stage.DECISION,
        "Margery Fenwright",
        "Silas",
        "Duncan Perrow",
        R.ADULT_FAMILY,
    ),
    DemoReview(
        "Delphine", "MAI", Stage.COMMISSIONED, "Yvonne Harcastle", "Tobias", "Keith Brannock"
    ),
    DemoReview(
        "Evangeline",
        "CAN",
        Stage.CHAIR_APPOINTED,
        "Janice Morrow-Lyle",
        "Ulric",
        "Shane Goodhew",
        chair="chair.hargreaves@example.org",
    ),
    DemoReview(
        "Felicity", "SWA", Stage.PANEL, "Patricia Quenby", "Vaughan", "Lee Marchbank", on_hold=True
    ),
    DemoReview(
        "Georgiana",
        "DOV",
        Stage.QA_SUBMITTED,
        "Deborah Ilsworth",
        "Wilfred",
        "Terence Ogmore",
        R.SUICIDE,
    ),
    DemoReview(
        "Henrietta",
        "GRA",
        Stage.AMENDMENTS_REQUESTED,
        "Maureen Tadcaster",
        "Xavier",
        "Neil Upcott",
        qa_resubmission=True,
    ),
    DemoReview(
        "Imogen",
        "FOL",
        Stage.QA_APPROVED,
        "Rita Vantongeren",
        "Yannick",
        "Paul Ashgrove",
        qa_resubmission=True,
        chair="chair.hargreaves@example.org",
    ),
    DemoReview(
        "Josephine",
        "MED",
        Stage.SENT_TO_COMMISSIONER,
        "Carol Bexhill-Day",
        "Zebedee",
        "Stuart Kemble",
        R.HOMICIDE_SUICIDE,
    ),
    DemoReview("Katarina", "ASH", Stage.PUBLISHED, "Gillian Orchardson", "Alaric", "Roy Penhallow"),
    DemoReview(
        "Lavinia",
        "TUN",
        Stage.MONITORING,
        "Wendy Fairclough",
        "Barnaby",
        "Ian Strood",
        R.SAME_HOUSEHOLD,
        chair="chair.hargreaves@example.org",
    ),
    DemoReview("Marguerite", "DAR", Stage.CLOSED, "Brenda Lowestoft", "Cuthbert", "Mark Selsey"),
]

# Each demo chair declared one conflict, with an agency that is not on the demo panels.
DEMO_CHAIRS = {
    "chair.ellison@example.org": (
        "Former director of a domestic abuse charity.",
        "Castle Homes Housing Association",
        "Board member until 2024",
    ),
    "chair.hargreaves@example.org": (
        "Retired detective superintendent.",
        "Kent Drug and Alcohol Recovery Service",
        "Trustee",
    ),
}

PANEL_AGENCIES = [
    "Kent Police",
    "Kent and Medway Mental Health NHS Trust",
    "Probation Service Kent",
    "Harbour Domestic Abuse Service",
    "Kent County Council Adult Social Care",
]
# The agencies asked for information in scoping (all answer; some had contact).
REQUEST_AGENCIES = [*PANEL_AGENCIES, "Swale Borough Council Housing"]

KEY_LINES_OF_ENQUIRY = (
    "How did agencies identify and respond to the risk of domestic abuse?\n"
    "Was information shared between agencies when it mattered?"
)


def _noon(day: date):
    """Midday in London on ``day``: when a demo record was made."""
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(12)))


def _manager_for(code: str) -> User:
    return (
        User.objects.filter(role="review_manager", partnerships__code=code).order_by("pk").first()
    )


def seed_chairs() -> None:
    """The chair pool: both demo chairs, each with one declared conflict."""
    for email, (background, agency_name, details) in DEMO_CHAIRS.items():
        user = User.objects.get(email=email)
        profile, _ = ChairProfile.objects.get_or_create(
            user=user, defaults={"background": background}
        )
        ChairConflict.objects.get_or_create(
            chair=profile,
            agency=Agency.objects.get(name=agency_name),
            defaults={"details": details, "declared_on": date(2025, 1, 6)},
        )


# What later apps add to a demo review just before an action (an agreed action plan before QA,
# a completed one before closing), registered from their ``AppConfig.ready()`` so that this
# module does not import them. Each is called as ``prepare(review, manager=, chair=, on=)``.
_BEFORE_ACTION: dict[str, list[Callable]] = {}


def register_before_action(action_name: str, prepare: Callable) -> None:
    preparations = _BEFORE_ACTION.setdefault(action_name, [])
    if prepare not in preparations:
        preparations.append(prepare)


def _prepare_for(action_name: str, review: Review, *, manager: User, chair: User, on: date):
    for prepare in _BEFORE_ACTION.get(action_name, ()):
        prepare(review, manager=manager, chair=chair, on=on)
    review.refresh_from_db()


def advance(
    review: Review,
    target: Stage,
    *,
    manager: User,
    chair: User,
    start: date,
    qa_resubmission: bool = False,
) -> Review:
    """Takes a freshly notified review to ``target`` through the domain functions, with dates
    that follow each other from ``start`` (the notification date)."""
    agencies = {agency.name: agency for agency in Agency.objects.filter(name__in=REQUEST_AGENCIES)}
    day = start

    def later(days: int) -> date:
        nonlocal day
        day = day + timedelta(days=days)
        return day

    def reached(stage: Stage) -> bool:
        return review.stage == target or review.stage == Stage.CLOSED

    if reached(Stage.NOTIFIED):
        return review
    workflow.start_scoping(review, by=manager)
    sent = later(2)
    for name in REQUEST_AGENCIES:
        workflow.send_information_request(
            review, by=manager, agency=agencies[name], sent_on=sent, due_on=sent + timedelta(21)
        )
    if reached(Stage.SCOPING):
        return review
    for index, request in enumerate(review.info_requests.select_related("agency")):
        member = request.agency.members.filter(role="agency_member").first()
        workflow.answer_information_request(
            request,
            by=member,
            had_contact=index % 3 != 2,
            summary="Contact recorded with the victim; details in the agency's return."
            if index % 3 != 2
            else "No contact found in the agency's records.",
            # Answered within the three weeks allowed, as in a review that ran on time.
            answered_at=_noon(sent + timedelta(days=10 + index)),
        )
    workflow.finish_scoping(review, by=manager)
    if reached(Stage.DECISION):
        return review
    decided = later(20)
    workflow.record_decision(
        review,
        by=manager,
        decision=Review.Decision.COMMISSION,
        decision_on=decided,
        rationale="The criteria of section 9 are met and agencies had contact.",
        decided_by="Community Safety Partnership board",
        home_office_informed_on=later(3),
    )
    if reached(Stage.COMMISSIONED):
        return review
    seat_day = later(5)
    for name in PANEL_AGENCIES:
        panel_workflow.add_panel_member(
            review,
            by=manager,
            agency=agencies[name],
            role="da_specialist" if name == "Harbour Domestic Abuse Service" else "agency",
            added_on=seat_day,
        )
    panel_workflow.appoint_chair(
        review, by=manager, chair=chair.chair_profile, appointed_on=later(10)
    )
    if reached(Stage.CHAIR_APPOINTED):
        return review
    panel_workflow.convene_panel(review, by=manager)
    terms = workflow.save_terms_of_reference(
        review,
        by=chair,
        period_start=review.date_of_death - timedelta(days=5 * 365),
        period_end=review.date_of_death,
        key_lines_of_enquiry=KEY_LINES_OF_ENQUIRY,
        family_involvement="The family will be invited to meet the chair.",
    )
    workflow.agree_terms_of_reference(terms, by=manager, agreed_on=later(14))
    if reached(Stage.PANEL):
        return review
    _prepare_for("submit_to_qa", review, manager=manager, chair=chair, on=day)
    workflow.submit_to_qa(review, by=manager, submitted_on=later(120))
    if reached(Stage.QA_SUBMITTED):
        return review
    # A review asked to stop at "amendments requested" must have had a resubmission asked for:
    # without one it would run on past its stage to "closed" (and could then not be held).
    if qa_resubmission or target == Stage.AMENDMENTS_REQUESTED:
        workflow.record_qa_outcome(
            review,
            by=manager,
            outcome=QARound.Outcome.RESUBMIT,
            panel_date=later(45),
            changes_required="Strengthen the analysis of the health agencies' contact; "
            "make the recommendations specific and measurable.",
        )
        if reached(Stage.AMENDMENTS_REQUESTED):
            return review
        _prepare_for("resubmit_to_qa", review, manager=manager, chair=chair, on=day)
        workflow.submit_to_qa(review, by=manager, submitted_on=later(60))
    workflow.record_qa_outcome(
        review, by=manager, outcome=QARound.Outcome.APPROVED, panel_date=later(40)
    )
    if reached(Stage.QA_APPROVED):
        return review
    workflow.send_to_commissioner(review, by=manager, sent_on=later(7))
    if reached(Stage.SENT_TO_COMMISSIONER):
        return review
    workflow.add_publication_link(
        review,
        by=manager,
        title="Overview report",
        url=f"https://www.example.org/dhr/{review.reference.lower()}",
    )
    _prepare_for("publish", review, manager=manager, chair=chair, on=day)
    workflow.publish(review, by=manager, published_on=later(30))
    if reached(Stage.PUBLISHED):
        return review
    workflow.start_monitoring(review, by=manager)
    if reached(Stage.MONITORING):
        return review
    _prepare_for("close", review, manager=manager, chair=chair, on=day)
    workflow.close(review, by=manager, closed_on=later(300), reason="All actions completed.")
    return review


def _advance_exactly(review: Review, target: Stage, **kwargs) -> Review:
    """``advance``, then a check that the review stopped at the stage asked for."""
    advance(review, target, **kwargs)
    if review.stage != target:
        raise RuntimeError(f"{review.reference} reached {review.stage}, not {target}.")
    return review


def _create_review(demo: DemoReview, stage_index: int, today: date) -> Review:
    manager = _manager_for(demo.area)
    notified = today - timedelta(days=40 + 80 * stage_index)
    review = workflow.record_notification(
        by=manager,
        partnership=Partnership.objects.get(code=demo.area),
        pseudonym=demo.pseudonym,
        date_of_death=notified - timedelta(days=9),
        notified_on=notified,
        notifying_agency=Agency.objects.get(name="Kent Police"),
        circumstances="Found dead at home; police investigation under way. "
        "Previous police call-outs to the address were recorded.",
        criterion=Review.Criterion.RELATIVE_OR_PARTNER,
        relationship_category=demo.relationship,
    )
    Subject.objects.create(
        review=review,
        role=Subject.Role.VICTIM,
        pseudonym=demo.pseudonym,
        real_name=demo.victim_name,
        date_of_birth=date(1970 + stage_index, 3, 14),
        address=f"{10 + stage_index} Orchard Way, Kent",
        age_band=Subject.AgeBand.A45_54,
        sex=Subject.Sex.FEMALE,
        vulnerabilities=[Subject.Vulnerability.ALCOHOL],
    )
    Subject.objects.create(
        review=review,
        role=Subject.Role.PERPETRATOR,
        pseudonym=demo.perpetrator_pseudonym,
        real_name=demo.perpetrator_name,
        age_band=Subject.AgeBand.A45_54,
        sex=Subject.Sex.MALE,
        relationship_to_other=Subject.Relationship.SPOUSE,
        previous_offending="yes",
    )
    chair = User.objects.get(email=demo.chair)
    _advance_exactly(
        review,
        demo.stage,
        manager=manager,
        chair=chair,
        start=notified,
        qa_resubmission=demo.qa_resubmission,
    )
    if demo.on_hold:
        workflow.put_on_hold(
            review,
            by=manager,
            reason="criminal",
            details="Trial listed at Maidstone Crown Court; the panel pauses until the verdict.",
        )
    return review


FIRST_NAMES = ["Ada", "Bea", "Cora", "Dot", "Eve", "Fay", "Gwen", "Hope", "Ivy", "Joy"]


def seed_reviews(generated_reviews: int = 0) -> None:
    """The demo reviews (once), then ``generated_reviews`` more for load tests."""
    from django.utils import timezone

    today = timezone.localdate()
    seed_chairs()
    existing = set(Review.objects.values_list("pseudonym", flat=True))
    for demo in DEMO_REVIEWS:
        if demo.pseudonym not in existing:
            _create_review(demo, list(Stage).index(demo.stage), today)
    rng = random.Random(len(existing))  # noqa: S311 - demo data, not security
    start = Review.objects.filter(pseudonym__startswith="Generated ").count()
    areas = list(Partnership.objects.values_list("code", flat=True))
    stages = list(Stage)
    for number in range(start + 1, start + generated_reviews + 1):
        stage = rng.choice(stages)
        demo = DemoReview(
            f"Generated {number:05d}",
            rng.choice(areas),
            stage,
            f"{rng.choice(FIRST_NAMES)} Generated-{number}",
            f"Other {number:05d}",
            f"Perpetrator Generated-{number}",
            chair=rng.choice(list(DEMO_CHAIRS)),
            qa_resubmission=rng.random() < 0.4,
            on_hold=stage != Stage.CLOSED and rng.random() < 0.15,
        )
        _create_review(demo, stages.index(stage), today - timedelta(days=rng.randint(0, 400)))
    # The panel's work on the demo review at the stage "panel" (chronologies, a meeting).
    from panels.contributions.demo import seed_contributions

    seed_contributions()


def manifest_reviews(users: list) -> list[dict]:
    """For the manifest: each review, who can open it and who can see its restricted data."""
    entries = []
    reviews = Review.objects.prefetch_related("subjects").order_by("reference")
    visible = {
        user.email: set(Review.objects.for_user(user).values_list("pk", flat=True))
        for user in users
    }
    from dhr.dashboard.scope import aggregate_readers, listed_for

    readers = aggregate_readers(users)
    for review in reviews:
        can_open = sorted(email for email, ids in visible.items() if review.pk in ids)
        entries.append(
            {
                "reference": review.reference,
                "pseudonym": review.pseudonym,
                "stage": review.stage,
                "can_open": can_open,
                # Sees its reference and pseudonym on the dashboard, cannot open it.
                "listed_for": listed_for(readers, review.partnership_id, can_open),
                "restricted": [s.real_name for s in review.subjects.all() if s.real_name],
                "can_see_restricted": sorted(
                    user.email
                    for user in users
                    if review.pk in visible[user.email] and access.can_see_restricted(user, review)
                ),
            }
        )
    return entries

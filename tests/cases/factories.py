"""Reviews at any stage of their lifecycle, reached only through the domain functions.

``walk_to(stage, manager=...)`` records a notification and takes every step a review manager
would take until the review reaches ``stage``: the same calls the pages make, so a walked review
has the same rows (stage changes, requests, panel seats, terms, QA rounds, history) as a real
one, and a refusal on the way fails loudly. Nothing here sets ``stage`` or any other field of
a review by hand.

``walk_to`` stops as soon as the review is at ``stage``: what only the *next* step needs is not
there yet (the panel is empty at "chair appointed", the terms are not agreed at "panel", there
is no publication link at "sent to the Commissioner"), so tests of a missing prerequisite can
start from a walked review. ``ready_for(action, ...)`` goes one step further: the review is at
the stage where ``action`` can be taken, with everything it needs in place.

``Cast`` bundles the people around one review (manager, chair, agency and its member) and walks
its reviews on a fixed calendar, ``CAST_PLAN``, for page tests that read dates back.

The other helpers make refusals easy to check: ``assert_refused`` calls an action, expects
``TransitionRefused`` and checks that nothing about the review changed (``snapshot``).

Example::

    review = walk_to(Stage.PANEL, manager=review_manager, agency=police)
    submit = partial(workflow.submit_to_qa, review, by=review_manager, submitted_on=some_day)
    assert_refused(submit, review, says="terms of reference must be agreed")
"""

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from cases.lifecycle import workflow
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review, Stage
from dhr.accounts.roles import Role
from panels.chairs import workflow as panels_workflow
from panels.models import ChairConflict, ChairProfile, PanelMember
from tests.dhr.factories import AgencyFactory, UserFactory

_pseudonyms = itertools.count(1)


@dataclass
class Plan:
    """What a walk records. Every field can be given to ``walk_to`` as a keyword override.

    Dates left as None follow from ``notified_on`` (see ``__post_init__``) so that a walk is
    realistic: the decision inside the decision period, the first QA submission inside the
    completion period, each step after the one before.
    """

    # Notification
    notified_on: date = date(2026, 1, 12)
    date_of_death: date | None = None
    pseudonym: str | None = None  # None: a new unique pseudonym per walk
    partnership: object = None  # None: the manager's first partnership
    review_type: str = Review.ReviewType.DHR
    relationship_category: str = Review.Relationship.INTIMATE_PARTNER
    criterion: str = Review.Criterion.RELATIVE_OR_PARTNER
    circumstances: str = "Found at home by a neighbour."
    notifying_agency: object = None
    # Scoping: the one information request, sent to the walk's agency and answered by a member
    request_sent_on: date | None = None
    request_due_on: date | None = None
    # Decision. Any decision other than commission / joint closes the review at this step.
    decision: str = Review.Decision.COMMISSION
    decision_on: date | None = None
    rationale: str = "The death meets the criteria for a review."
    decided_by: str = "Community Safety Partnership board"
    home_office_informed_on: date | None = None
    referred_to: str = ""
    # Chair and panel
    appointed_on: date | None = None
    panel_added_on: date | None = None
    # Terms of reference: the period under review ends with the death
    terms_period_start: date | None = None
    terms_agreed_on: date | None = None
    key_lines_of_enquiry: str = "What did agencies know of the abuse, and what did they do?"
    # Home Office QA (first round)
    submitted_on: date | None = None
    panel_date: date | None = None
    changes_required: str = "Expand the section on the family's contribution."
    # Commissioner, publication, closure
    commissioner_sent_on: date | None = None
    publication_title: str = "Overview report"
    publication_url: str = "https://www.example.gov.uk/dhr/overview-report.pdf"
    published_on: date | None = None
    closed_on: date | None = None
    closure_reason: str = "Action plan complete."
    # Holds (only used by ``ready_for("resume")``)
    hold_reason: str = "inquest"
    hold_details: str = "Waiting for the coroner."

    def __post_init__(self):
        def default(name, value):
            if getattr(self, name) is None:
                setattr(self, name, value)

        default("pseudonym", f"Walk {next(_pseudonyms)}")
        default("date_of_death", self.notified_on - timedelta(days=5))
        default("request_sent_on", self.notified_on)
        default("request_due_on", self.request_sent_on + timedelta(days=14))
        default("decision_on", self.notified_on + timedelta(days=21))
        default("home_office_informed_on", self.decision_on + timedelta(days=2))
        default("appointed_on", self.decision_on + timedelta(days=14))
        default("panel_added_on", self.appointed_on)
        default("terms_period_start", self.date_of_death - relativedelta(years=3))
        default("terms_agreed_on", self.appointed_on + timedelta(days=14))
        default("submitted_on", self.decision_on + relativedelta(months=5))
        default("panel_date", self.submitted_on + timedelta(days=30))
        default("commissioner_sent_on", self.panel_date + timedelta(days=14))
        default("published_on", self.commissioner_sent_on + timedelta(days=30))
        default("closed_on", self.published_on + timedelta(days=180))

    @property
    def commissions(self) -> bool:
        return self.decision in (Review.Decision.COMMISSION, Review.Decision.JOINT)


# --- People and organisations ------------------------------------------------------------------


def agency_member_of(agency):
    """An active agency member of ``agency`` (an existing one if there is one)."""
    member = agency.members.filter(role=Role.AGENCY_MEMBER, is_active=True).first()
    return member or UserFactory(role=Role.AGENCY_MEMBER, agency=agency)


def outsider_of_another_agency():
    """An agency member whose agency has nothing to do with any review of the test."""
    return UserFactory(role=Role.AGENCY_MEMBER, agency=AgencyFactory(name="Uninvolved Trust"))


def chair_profile_for(user=None, *, conflicts=(), is_available=True) -> ChairProfile:
    """The pool entry of ``user`` (a new chair when None), with conflicts declared against
    the given agencies."""
    user = user or UserFactory(role=Role.CHAIR)
    profile, _ = ChairProfile.objects.get_or_create(
        user=user, defaults={"is_available": is_available}
    )
    for agency in conflicts:
        ChairConflict.objects.create(
            chair=profile,
            agency=agency,
            details=f"Formerly employed by {agency}.",
            declared_on=date(2025, 6, 1),
        )
    return profile


# --- The walk ----------------------------------------------------------------------------------


@dataclass
class _Walk:
    """One review on its way: each method is one thing a review manager (or, to answer the
    information request, an agency member) does through the domain functions."""

    manager: object
    chair_user: object
    agency: object
    plan: Plan
    review: Review | None = field(default=None)

    # Steps that change the stage

    def notify(self):
        plan = self.plan
        self.review = workflow.record_notification(
            by=self.manager,
            partnership=plan.partnership or self.manager.partnerships.order_by("pk").first(),
            pseudonym=plan.pseudonym,
            date_of_death=plan.date_of_death,
            notified_on=plan.notified_on,
            notifying_agency=plan.notifying_agency,
            circumstances=plan.circumstances,
            criterion=plan.criterion,
            review_type=plan.review_type,
            relationship_category=plan.relationship_category,
        )

    def start_scoping(self):
        workflow.start_scoping(self.review, by=self.manager)

    def finish_scoping(self):
        workflow.finish_scoping(self.review, by=self.manager)

    def record_decision(self):
        plan = self.plan
        workflow.record_decision(
            self.review,
            by=self.manager,
            decision=plan.decision,
            decision_on=plan.decision_on,
            rationale=plan.rationale,
            decided_by=plan.decided_by,
            home_office_informed_on=plan.home_office_informed_on,
            referred_to=plan.referred_to,
        )

    def appoint_chair(self):
        panels_workflow.appoint_chair(
            self.review,
            by=self.manager,
            chair=chair_profile_for(self.chair_user),
            appointed_on=self.plan.appointed_on,
        )

    def convene_panel(self):
        panels_workflow.convene_panel(self.review, by=self.manager)

    def submit_to_qa(self):
        workflow.submit_to_qa(self.review, by=self.manager, submitted_on=self.plan.submitted_on)

    def approve_at_qa(self):
        self._record_qa_outcome("approved", changes_required="")

    def request_amendments(self):
        self._record_qa_outcome("resubmit", changes_required=self.plan.changes_required)

    def _record_qa_outcome(self, outcome, *, changes_required):
        workflow.record_qa_outcome(
            self.review,
            by=self.manager,
            outcome=outcome,
            panel_date=self.plan.panel_date,
            changes_required=changes_required,
        )

    def send_to_commissioner(self):
        workflow.send_to_commissioner(
            self.review, by=self.manager, sent_on=self.plan.commissioner_sent_on
        )

    def publish(self):
        workflow.publish(self.review, by=self.manager, published_on=self.plan.published_on)

    def start_monitoring(self):
        workflow.start_monitoring(self.review, by=self.manager)

    def close(self):
        workflow.close(
            self.review,
            by=self.manager,
            closed_on=self.plan.closed_on,
            reason=self.plan.closure_reason,
        )

    # Prerequisites of the next step

    def send_and_answer_request(self):
        request = workflow.send_information_request(
            self.review,
            by=self.manager,
            agency=self.agency,
            sent_on=self.plan.request_sent_on,
            due_on=self.plan.request_due_on,
        )
        workflow.answer_information_request(
            request,
            by=agency_member_of(self.agency),
            had_contact=True,
            summary="Two call-outs to the address in the year before the death.",
        )

    def seat_agency(self):
        panels_workflow.add_panel_member(
            self.review,
            by=self.manager,
            agency=self.agency,
            role=PanelMember.PanelRole.AGENCY,
            representative="Detective Inspector, public protection",
            added_on=self.plan.panel_added_on,
        )

    def agree_terms(self):
        plan = self.plan
        terms = workflow.save_terms_of_reference(
            self.review,
            by=self.manager,
            period_start=plan.terms_period_start,
            period_end=plan.date_of_death,
            key_lines_of_enquiry=plan.key_lines_of_enquiry,
        )
        workflow.agree_terms_of_reference(terms, by=self.manager, agreed_on=plan.terms_agreed_on)

    def add_publication_link(self):
        workflow.add_publication_link(
            self.review,
            by=self.manager,
            title=self.plan.publication_title,
            url=self.plan.publication_url,
        )

    def put_on_hold(self):
        workflow.put_on_hold(
            self.review,
            by=self.manager,
            reason=self.plan.hold_reason,
            details=self.plan.hold_details,
        )


@dataclass(frozen=True)
class _Step:
    """One action of the walk: what it needs first (``prepare``), the call, where it lands."""

    action: str
    prepare: tuple  # names of _Walk methods run just before the action
    take: str  # name of the _Walk method taking the action
    to_stage: Stage


_SCOPING = _Step("start_scoping", (), "start_scoping", Stage.SCOPING)
_DECISION = _Step("finish_scoping", ("send_and_answer_request",), "finish_scoping", Stage.DECISION)
_COMMISSIONED = _Step("record_decision", (), "record_decision", Stage.COMMISSIONED)
_CLOSED_AT_DECISION = _Step("record_decision", (), "record_decision", Stage.CLOSED)
_CHAIR = _Step("appoint_chair", (), "appoint_chair", Stage.CHAIR_APPOINTED)
_PANEL = _Step("convene_panel", ("seat_agency",), "convene_panel", Stage.PANEL)
_QA = _Step("submit_to_qa", ("agree_terms",), "submit_to_qa", Stage.QA_SUBMITTED)
_AMENDMENTS = _Step("record_qa_outcome", (), "request_amendments", Stage.AMENDMENTS_REQUESTED)
_APPROVED = _Step("record_qa_outcome", (), "approve_at_qa", Stage.QA_APPROVED)
_COMMISSIONER = _Step(
    "send_to_commissioner", (), "send_to_commissioner", Stage.SENT_TO_COMMISSIONER
)
_PUBLISHED = _Step("publish", ("add_publication_link",), "publish", Stage.PUBLISHED)
_MONITORING = _Step("start_monitoring", (), "start_monitoring", Stage.MONITORING)
_CLOSED = _Step("close", (), "close", Stage.CLOSED)

# The main road, notification to closure; "amendments requested" branches off after QA.
_ROAD = (
    _SCOPING,
    _DECISION,
    _COMMISSIONED,
    _CHAIR,
    _PANEL,
    _QA,
    _APPROVED,
    _COMMISSIONER,
    _PUBLISHED,
    _MONITORING,
    _CLOSED,
)
_STAGES_AFTER_DECISION = {step.to_stage for step in _ROAD[2:]} | {Stage.AMENDMENTS_REQUESTED}


def _route(stage: Stage, plan: Plan) -> tuple[_Step, ...]:
    """The steps from "notified" to ``stage`` under ``plan``."""
    if stage == Stage.NOTIFIED:
        return ()
    if not plan.commissions:
        if stage == Stage.CLOSED:
            return (_SCOPING, _DECISION, _CLOSED_AT_DECISION)
        if stage in _STAGES_AFTER_DECISION:
            raise ValueError(f"A review decided {plan.decision!r} never reaches {stage!r}.")
    if stage == Stage.AMENDMENTS_REQUESTED:
        return (*_route(Stage.QA_SUBMITTED, plan), _AMENDMENTS)
    for index, step in enumerate(_ROAD):
        if step.to_stage == stage:
            return _ROAD[: index + 1]
    raise ValueError(f"Unknown stage {stage!r}.")


# What later apps need in place before an action (a complete Home Office form before QA, a
# finished action plan before closing): ``register_preparation("submit_to_qa", function)`` in
# the app's ``tests/<app>/factories.py``, which ``tests/conftest.py`` imports. Each function is
# called with the ``_Walk`` (its ``review``, ``manager``, ``chair_user``, ``agency``, ``plan``)
# just before the action is taken, and by ``ready_for`` for the action it prepares.
_PREPARATIONS: dict[str, list] = {}


def register_preparation(action: str, prepare) -> None:
    preparations = _PREPARATIONS.setdefault(action, [])
    if prepare not in preparations:
        preparations.append(prepare)


def _prepare(walk: _Walk, action: str) -> None:
    for prepare in _PREPARATIONS.get(action, ()):
        prepare(walk)


def _walk(stage, *, manager, chair_user, agency, overrides) -> _Walk:
    walk = _Walk(
        manager=manager,
        chair_user=chair_user,
        agency=agency or AgencyFactory(),
        plan=Plan(**overrides),
    )
    route = _route(Stage(stage), walk.plan)  # before notifying: an impossible walk does nothing
    walk.notify()
    for step in route:
        for prerequisite in step.prepare:
            getattr(walk, prerequisite)()
        _prepare(walk, step.action)
        getattr(walk, step.take)()
        walk.review.refresh_from_db()
        assert walk.review.stage == step.to_stage, (
            f"{step.take} left {walk.review} at {walk.review.stage}, not {step.to_stage}"
        )
    return walk


def walk_to(stage, *, manager, chair_user=None, agency=None, **overrides) -> Review:
    """A new review taken from notification to ``stage`` by the domain functions only.

    - ``manager``: the review manager who records and drives it (the review belongs to their
      first partnership unless ``partnership=`` is given).
    - ``chair_user``: the chair appointed at "chair appointed" (a new chair user when None);
      their ``ChairProfile`` is created if missing.
    - ``agency``: the agency asked for information during scoping and seated on the panel
      (a new agency when None, so that no other agency gains access by accident). Its request
      is answered by one of its active members (created if it has none).
    - ``overrides``: any field of ``Plan`` (dates, pseudonym, decision, texts...). A decision
      other than commission / joint closes the review at the decision, so ``Stage.CLOSED`` is
      then reached that way; asking such a review for a later stage is a ``ValueError``.

    The review stops at ``stage`` (see the module docstring); "closed" is reached through
    monitoring and "amendments requested" through one QA round asking for resubmission.
    Any refusal on the way is raised as ``TransitionRefused``.
    """
    return _walk(
        stage, manager=manager, chair_user=chair_user, agency=agency, overrides=overrides
    ).review


# Where each action can be taken: the stage to walk to and what to add there first.
_READY = {
    "start_scoping": (Stage.NOTIFIED, ()),
    "finish_scoping": (Stage.SCOPING, _DECISION.prepare),
    "record_decision": (Stage.DECISION, ()),
    "appoint_chair": (Stage.COMMISSIONED, ()),
    "convene_panel": (Stage.CHAIR_APPOINTED, _PANEL.prepare),
    "submit_to_qa": (Stage.PANEL, _QA.prepare),
    "record_qa_outcome": (Stage.QA_SUBMITTED, ()),
    "resubmit_to_qa": (Stage.AMENDMENTS_REQUESTED, ()),
    "send_to_commissioner": (Stage.QA_APPROVED, ()),
    "publish": (Stage.SENT_TO_COMMISSIONER, _PUBLISHED.prepare),
    "start_monitoring": (Stage.PUBLISHED, ()),
    "close": (Stage.MONITORING, ()),
    "put_on_hold": (Stage.NOTIFIED, ()),
    "resume": (Stage.NOTIFIED, ("put_on_hold",)),
}
READY_ACTIONS = frozenset(_READY)


def ready_for(action: str, *, manager, chair_user=None, agency=None, **overrides) -> Review:
    """A new review on which ``manager`` can take ``action`` (a name of ``workflow.ACTIONS``)
    right now: walked to the action's stage, with its prerequisites in place (an answered
    request, a seated agency, agreed terms, a publication link, an open hold for "resume").

    Same arguments as ``walk_to``.
    """
    stage, prerequisites = _READY[action]
    walk = _walk(stage, manager=manager, chair_user=chair_user, agency=agency, overrides=overrides)
    for prerequisite in prerequisites:
        getattr(walk, prerequisite)()
    _prepare(walk, action)
    walk.review.refresh_from_db()
    return walk.review


# --- A cast: the people around one review -----------------------------------------------------

# The plan a cast's reviews follow: each step on a fixed day of 2026 (all past), so that
# page tests can name the dates they read back ("15 January 2026", "20/03/2026").
CAST_PLAN = {
    "date_of_death": date(2026, 1, 10),
    "notified_on": date(2026, 1, 15),
    "request_sent_on": date(2026, 1, 16),
    "request_due_on": date(2026, 2, 13),
    "decision_on": date(2026, 2, 20),
    "home_office_informed_on": date(2026, 2, 20),
    "appointed_on": date(2026, 3, 2),
    "panel_added_on": date(2026, 3, 5),
    "terms_period_start": date(2021, 1, 1),
    "key_lines_of_enquiry": "How agencies shared information.",
    "terms_agreed_on": date(2026, 3, 20),
    "submitted_on": date(2026, 6, 1),
    "panel_date": date(2026, 7, 1),
    "commissioner_sent_on": date(2026, 7, 15),
    "published_on": date(2026, 8, 1),
    "closed_on": date(2026, 10, 1),
}


@dataclass(frozen=True)
class Cast:
    """The people around one review: its manager, the chair appointed to it, and the agency
    (with one of its members) that notifies the death, answers the scoping request and sits on
    the panel. The ``cast`` fixture of ``tests/cases/conftest.py`` builds one.

    ``cast.walk_to(stage)`` and ``cast.ready_for(action)`` are ``walk_to`` and ``ready_for``
    with these people and ``CAST_PLAN``; keyword overrides win over the plan.
    """

    manager: object
    chair: object
    agency: object
    agency_member: object

    def walk_to(self, stage, **overrides) -> Review:
        return walk_to(stage, **self._walk_arguments(overrides))

    def ready_for(self, action: str, **overrides) -> Review:
        return ready_for(action, **self._walk_arguments(overrides))

    def _walk_arguments(self, overrides) -> dict:
        return {
            "manager": self.manager,
            "chair_user": self.chair,
            "agency": self.agency,
            "notifying_agency": self.agency,
            **CAST_PLAN,
            **overrides,
        }


# --- Uploaded files ----------------------------------------------------------------------------


def stored_files(media_root) -> list:
    """Every file under ``media_root`` (the ``media_root`` fixture): what uploads left on disk."""
    return [path for path in media_root.rglob("*") if path.is_file()]


# --- Checking refusals -------------------------------------------------------------------------


def snapshot(review) -> dict:
    """Everything a transition may change about ``review``, read fresh from the database: its
    own fields, its history and stage-change rows, and its stage records."""
    fresh = Review.objects.get(pk=review.pk)
    return {
        "review": {field.attname: getattr(fresh, field.attname) for field in fresh._meta.fields},
        "history": list(fresh.history.values_list("history_id", flat=True)),
        "stage_changes": list(fresh.stage_changes.values_list("pk", flat=True)),
        "qa_rounds": list(fresh.qa_rounds.values()),
        "holds": list(fresh.holds.values()),
        "info_requests": list(fresh.info_requests.values()),
        "terms": list(fresh.terms_versions.values()),
        "panel": list(fresh.panel_members.values()),
        "publication_links": list(fresh.publication_links.values()),
        "links": list(fresh.links.values()),
    }


def assert_refused(call, review, *, says: str | None = None) -> str:
    """Calls ``call()``, expects ``TransitionRefused`` and checks that ``review`` is exactly as
    before. ``says``: a part of the message the user must read. Returns the message."""
    before = snapshot(review)
    with pytest.raises(TransitionRefused) as refusal:
        call()
    message = str(refusal.value)
    if says is not None:
        assert says in message, f"expected {says!r} in the refusal {message!r}"
    assert snapshot(review) == before, f"the refused action changed the review ({message})"
    return message

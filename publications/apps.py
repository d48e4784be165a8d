from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    """Final reports, publication, learning briefings and the Home Office data form export."""

    name = "publications"
    verbose_name = "Publications"

    def ready(self):
        # Plugs the Home Office data form into the earlier apps' registries (DESIGN.md 2):
        # a task on the review's overview, the check that QA submission needs a complete form,
        # and the demo's forms, completed before its reviews go to QA.
        # What the registries keep is named by path where its module is not needed at start
        # (dhr.lazy).
        from cases.audit import history as audit
        from cases.lifecycle import workflow
        from cases.reviews import access, tasklist
        from dhr import navigation
        from dhr.accounts.roles import Role
        from dhr.lazy import lazy
        from panels import demo as panels_demo
        from publications.models import HomeOfficeForm

        # The form's changes join the review's history; agencies do not read the form.
        audit.register(
            HomeOfficeForm,
            lambda record: "Home Office data form",
            agency_visible=lambda records, user: records.none(),
        )
        tasklist.register_task(
            68,
            "Home Office data form",
            "publications:home_office_form",
            home_office_task_status,
            visible_to=access.can_see_restricted,
        )
        navigation.register(
            "Home Office forms",
            "publications:home_office_exports",
            roles=[Role.ADMINISTRATOR, Role.REVIEW_MANAGER],
            order=80,
        )
        for action in ("submit_to_qa", "resubmit_to_qa"):
            workflow.register_guard(action, lazy("publications.homeoffice.services.qa_guard"))
            panels_demo.register_before_action(
                action, lazy("publications.homeoffice.demo.complete_form")
            )
        register_learning()

        self._ready_reports_and_register()

    def _ready_reports_and_register(self):
        # Report versions, the pre-publication check and the register (issue 12, points 1-3):
        # a QA round judges the newest versions; "publish" needs a clean check of the version
        # to publish and then records what was published; the demo prepares both.
        from cases.audit import history as audit
        from cases.lifecycle import closed, workflow
        from cases.reviews import page
        from dhr.lazy import lazy
        from panels import demo as panels_demo
        from publications.reports.models import ReportVersion

        reports = "publications.reports.services"
        for action in ("submit_to_qa", "resubmit_to_qa"):
            workflow.register_after_action(action, lazy(f"{reports}.link_to_qa_round"))
        workflow.register_after_action("record_qa_outcome", lazy(f"{reports}.mark_approved"))
        workflow.register_guard("publish", lazy("publications.checks.services.publication_guard"))
        workflow.register_after_action(
            "publish", lazy("publications.register.services.record_publication")
        )
        panels_demo.register_before_action(
            "publish", lazy("publications.register.demo.prepare_publication")
        )
        page.register_tab("Report", "publications:reports")
        # A published document can be withdrawn whenever it must be, the review closed or not.
        closed.allow_after_closing("publications:publication_record")
        audit.register(
            ReportVersion,
            lambda record: f"{record.get_document_display()}, version {record.number}",
            agency_visible=lambda records, user: records,
        )


def register_learning():
    """Learning briefings (a task of the review, its changes in the review's history) and
    learning events (navigation, and a section of the dashboard)."""
    from cases.audit import history as audit
    from cases.reviews import access, facts, tasklist
    from dhr import navigation
    from dhr.accounts.roles import Role
    from dhr.dashboard import registry as dashboard
    from dhr.lazy import lazy
    from publications.models import Briefing

    audit.register(
        Briefing,
        lambda record: "Learning briefing",
        agency_visible=lambda records, user: records.none(),
    )
    tasklist.register_task(
        78,
        "Learning briefing",
        "publications:briefing",
        briefing_task_status,
        visible_to=access.can_see_restricted,
    )
    facts.register_fact("briefing_status", briefing_status_fact)
    navigation.register(
        "Learning events", "publications:events", roles=[Role.REVIEW_MANAGER], order=75
    )
    navigation.register(
        "Learning reach",
        "publications:event_reach",
        roles=[Role.STEERING_GROUP, Role.ADMINISTRATOR],
        order=75,
    )
    dashboard.register_later(lazy("publications.events.dashboard.register"))
    from dhr import demo as dhr_demo

    dhr_demo.register_seeder(lazy("publications.briefings.demo.seed_learning"))
    # The briefing of a published review may be written, published or withdrawn after the
    # review has closed (its own rules say when).
    from cases.lifecycle import closed

    closed.allow_after_closing(
        "publications:briefing_edit",
        "publications:briefing_publish",
        "publications:briefing_withdraw",
        "publications:briefing_delete",
    )
    # Published briefings are listed on the public register and in its feed.
    from publications.register import services as register

    register.register_public_entries(lazy("publications.briefings.register.briefing_entries"))


def briefing_task_status(review) -> tuple:
    """Done once published; in progress while a draft exists; it can start once the review is
    commissioned (it is published once the review is)."""
    from cases.models import Review, Stage
    from cases.reviews import facts
    from cases.reviews.tasklist import Status, reached
    from publications.briefings.models import Briefing

    commissioned = review.decision in (Review.Decision.COMMISSION, Review.Decision.JOINT)
    if review.is_closed and not commissioned:
        return Status.NOT_NEEDED
    briefing_status = facts.fact(review, "briefing_status")
    if briefing_status is not None:
        return Status.DONE if briefing_status == Briefing.Status.PUBLISHED else Status.IN_PROGRESS
    if not reached(review, Stage.COMMISSIONED):
        return Status.CANNOT_START
    return Status.NOT_STARTED


def home_office_task_status(review) -> tuple:
    """Done when every question is answered; in progress once the review is commissioned
    (the form goes to QA with the report); not needed for a review closed at the decision."""
    from cases.models import Review, Stage
    from cases.reviews.tasklist import Status, reached
    from publications.homeoffice.services import is_complete

    commissioned = review.decision in (Review.Decision.COMMISSION, Review.Decision.JOINT)
    if review.is_closed and not commissioned:
        return Status.NOT_NEEDED
    if not reached(review, Stage.COMMISSIONED):
        return Status.CANNOT_START
    return Status.DONE if is_complete(review) else Status.IN_PROGRESS


def briefing_status_fact():
    """The status of the review's briefing (None: none written), read with the review on its
    overview (``cases.reviews.facts``)."""
    from django.db.models import OuterRef, Subquery

    from publications.briefings.models import Briefing

    return Subquery(Briefing.objects.filter(review=OuterRef("pk")).order_by().values("status"))

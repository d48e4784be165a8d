from django.apps import AppConfig


class PanelsConfig(AppConfig):
    """The chair pool, panels, agency requests, chronologies, agency reports and meetings."""

    name = "panels"
    verbose_name = "Panels and agency contributions"

    def ready(self):
        # Plugs the chair and the panel into the earlier apps' registries (DESIGN.md 2):
        # importing the workflow registers the actions, the rest adds tasks, a button, the
        # navigation entry and the panel's history.
        # What the registries keep is named by path where its module is not needed at start
        # (dhr.lazy); panels/national.py is imported by the national data set's generator.
        from cases.audit import history as audit
        from cases.reviews import tasklist
        from cases.reviews.page import register_button_action
        from dhr import navigation
        from dhr.accounts.roles import Role
        from dhr.lazy import lazy
        from panels.chairs import workflow
        from panels.models import PanelMember

        tasklist.register_task(40, "Independent chair", "panels:appoint_chair", chair_task_status)
        tasklist.register_task(50, "Panel", "panels:panel", panel_task_status)
        register_button_action(
            "convene_panel", workflow.convene_panel, "The panel has started its work."
        )
        navigation.register("Chair pool", "panels:chairs", roles=[Role.ADMINISTRATOR], order=70)
        from dhr import home

        home.register_link(
            "Administration",
            "Chair pool",
            "panels:chairs",
            [Role.ADMINISTRATOR],
            "the independent chairs and the conflicts they declared",
            order=50,
        )
        audit.register(PanelMember, lambda record: f"Panel: {record.agency}")
        # Demo reviews need the chair pool and panels, so this app seeds them.
        from dhr import demo as dhr_demo

        dhr_demo.register_seeder(
            lazy("panels.demo.seed_reviews"), manifest=lazy("panels.demo.manifest_reviews")
        )
        # The dashboard: a slippage column, and dates for the demo's stage changes and holds.
        from dhr.dashboard import registry as dashboard

        dashboard.register_later(lazy("panels.dashboard.sections.register"))
        dhr_demo.register_seeder(lazy("panels.dashboard.demo.date_demo_history"))
        register_contributions()
        register_clean_up()


def register_clean_up():
    """Staged chronology files not confirmed within a day and combined-chronology PDFs older
    than a week are removed by the daily clean-up (dhr.files.cleanup)."""
    from datetime import timedelta

    from dhr.files import cleanup
    from panels.models import ChronologyExport, StagedChronology

    cleanup.register_expiring(
        StagedChronology,
        date_field="uploaded_at",
        keep_for=timedelta(days=1),
        description="staged chronology imports not confirmed within a day",
    )
    cleanup.register_expiring(
        ChronologyExport,
        date_field="requested_at",
        keep_for=timedelta(days=7),
        description="combined chronology exports older than a week",
    )


def register_contributions():
    """Agency contributions, the combined chronology and panel meetings: their tasks on the
    overview, their records in the review's history, and the access rule that a live request
    keeps an agency in the review."""
    from cases.audit import history as audit
    from cases.reviews import access, facts, tasklist
    from dhr.lazy import lazy
    from panels.models import ContributionRequest, MeetingAction, PanelMeeting

    tasklist.register_task(52, "Agency contributions", "panels:contributions", contributions_status)
    facts.register_fact("contribution_requests", contribution_request_figures)
    tasklist.register_task(54, "Combined chronology", "panels:combined_chronology", panel_status)
    tasklist.register_task(56, "Panel meetings", "panels:meetings", panel_status)
    access.register_involvement(lazy("panels.contributions.services.involved"))
    # Agency members read the history of their own agency's requests only (others' drafts and
    # dates are not theirs), and of meetings only when their agency is on the panel.
    audit.register(
        ContributionRequest,
        lambda record: f"{record.get_kind_display()} requested from {record.agency}",
        agency_visible=lambda records, user: records.filter(agency_id=user.agency_id),
    )
    audit.register(
        PanelMeeting,
        lambda record: f"Panel meeting on {record.held_on:%d/%m/%Y}",
        agency_visible=_on_the_panel,
    )
    audit.register(
        MeetingAction,
        lambda record: f"Panel action for {record.owner_agency}",
        agency_visible=_on_the_panel,
    )


def _on_the_panel(records, user):
    """History rows of a review's meetings, for agency members whose agency is on its panel."""
    return records.filter(review__panel_members__agency_id=user.agency_id)


def contributions_status(review) -> tuple:
    """Overdue when a request is late; in progress while any awaits its submission; done when
    every request was answered; otherwise as the panel."""
    from cases.reviews import facts
    from cases.reviews.tasklist import Status

    requests = facts.figures(review, "contribution_requests")
    if requests["late"] and not review.is_on_hold:
        return Status.OVERDUE
    if requests["waiting"]:
        return Status.IN_PROGRESS
    if requests["not_withdrawn"]:
        return Status.DONE
    return panel_status(review)


def contribution_request_figures():
    """The contributions task's three questions, read with the review (``cases.reviews.facts``)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from cases.reviews import facts
    from panels.models import ContributionRequest

    waiting = Q(status__in=[ContributionRequest.Status.REQUESTED, ContributionRequest.Status.DRAFT])
    return facts.aggregates(
        ContributionRequest.objects.all(),
        late=Count("pk", filter=waiting & Q(due_on__lt=timezone.localdate())),
        waiting=Count("pk", filter=waiting),
        not_withdrawn=Count("pk", filter=~Q(status=ContributionRequest.Status.WITHDRAWN)),
    )


def panel_status(review) -> tuple:
    """In progress while the panel works (commissioning to QA), done from then on."""
    return panel_task_status(review)


def chair_task_status(review) -> tuple:
    """Done once a chair is appointed; in progress while the review waits for one."""
    from cases.models import Stage
    from cases.reviews.tasklist import Status, stage_status

    if review.chair_id:
        return Status.DONE
    # Never DONE by stage alone: a review past this stage without a chair still lacks one.
    status = stage_status(review, {Stage.COMMISSIONED}, Stage.CHAIR_APPOINTED, not_needed=True)
    return Status.CANNOT_START if status == Status.DONE else status


def panel_task_status(review) -> tuple:
    """In progress from commissioning until the report goes to QA, done from then on."""
    from cases.models import Stage
    from cases.reviews.tasklist import stage_status

    return stage_status(
        review,
        {Stage.COMMISSIONED, Stage.CHAIR_APPOINTED, Stage.PANEL},
        Stage.QA_SUBMITTED,
        not_needed=True,
    )

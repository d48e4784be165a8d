from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    """Recommendations, actions and the Domestic Abuse Commissioner's recommendations."""

    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        # Plugs the Commissioner's recommendations into the earlier apps' registries
        # (DESIGN.md 2): a task on the review's overview, a navigation entry, the review's
        # history, and the demo data. What the registries keep is named by path where its
        # module is not needed at start (dhr.lazy); actionplans/national.py is imported by the
        # national data set's generator.
        from actionplans.models import CommissionerReport
        from cases.audit import history as audit
        from cases.reviews import tasklist
        from dhr import demo as dhr_demo
        from dhr import navigation
        from dhr.accounts.roles import Role
        from dhr.lazy import lazy

        tasklist.register_task(
            95,
            "Commissioner's recommendations",
            "actionplans:review_reports",
            commissioner_task_status,
        )
        navigation.register(
            "Commissioner's reports",
            "actionplans:themed_reports",
            roles=[Role.REVIEW_MANAGER, Role.AGENCY_MEMBER],
            order=30,
        )
        audit.register(CommissionerReport, lambda record: f"Commissioner's report: {record}")
        dhr_demo.register_seeder(lazy("actionplans.commissioner.demo.seed_commissioner_reports"))
        # The dashboard: the Commissioner's recommendations (and the action plans, once their
        # records exist: actionplans/dashboard/progress.py).
        from dhr.dashboard import registry as dashboard

        dashboard.register_later(lazy("actionplans.dashboard.sections.register"))
        register_action_plans()


def register_action_plans():
    """The review's own recommendations and action plan: the lifecycle's rules (QA needs an
    agreed plan, closing needs every action closed), the task on the overview, "Our actions"
    for agency members, the records in the review's history, the access rule that a lead
    agency stays in the review, and the demo's action plans."""
    from actionplans.models import (
        Evidence,
        Milestone,
        PlanAction,
        ProgressUpdate,
        Recommendation,
        RecommendationLink,
    )
    from cases.audit import history as audit
    from cases.lifecycle import workflow
    from cases.reviews import access, tasklist
    from dhr import navigation
    from dhr.accounts.roles import Role
    from dhr.lazy import lazy
    from panels import demo as panels_demo

    services = "actionplans.recommendations.services"
    demo = "actionplans.recommendations.demo"
    for action_name in ("submit_to_qa", "resubmit_to_qa"):
        workflow.register_guard(action_name, lazy(f"{services}.qa_guard"))
        panels_demo.register_before_action(action_name, lazy(f"{demo}.prepare_plan"))
    workflow.register_guard("close", lazy(f"{services}.close_guard"))
    panels_demo.register_before_action("close", lazy(f"{demo}.complete_plan"))
    access.register_involvement(lazy(f"{services}.involved"))
    # An action plan staged for import and not confirmed within a day is dropped.
    from datetime import timedelta

    from actionplans.models import StagedActionPlan
    from dhr.files import cleanup

    cleanup.register_expiring(
        StagedActionPlan,
        date_field="uploaded_at",
        keep_for=timedelta(days=1),
        description="staged action plan imports not confirmed within a day",
    )
    tasklist.register_task(58, "Action plan", "actionplans:plan", plan_task_status)
    register_facts()
    from cases.reviews import page

    page.register_tab("Action plan", "actionplans:plan")
    navigation.register(
        "Our actions", "actionplans:our_actions", roles=[Role.AGENCY_MEMBER], order=25
    )
    navigation.register(
        "Repeated recommendations",
        "actionplans:plan_repeats",
        roles=[Role.REVIEW_MANAGER, Role.STEERING_GROUP],
        order=35,
    )
    navigation.register(
        "Recommendation themes",
        "actionplans:plan_themes",
        roles=[Role.ADMINISTRATOR, Role.REVIEW_MANAGER],
        order=75,
    )

    def own_agency(records, user):
        return records.filter(lead_agency_id=user.agency_id)

    def own_agency_of_action(records, user):
        return records.filter(action__lead_agency_id=user.agency_id)

    audit.register(
        Recommendation,
        lambda record: f"Recommendation {record.number}",
        agency_visible=lambda records, user: records.filter(status="agreed"),
    )
    audit.register(
        PlanAction,
        lambda record: f"Action of recommendation (action {record.number})",
        agency_visible=own_agency,
    )
    audit.register(
        Milestone, lambda record: f"Milestone: {record.title}", agency_visible=own_agency_of_action
    )
    audit.register(
        ProgressUpdate, lambda record: "Progress update", agency_visible=own_agency_of_action
    )
    audit.register(
        Evidence,
        lambda record: f"Evidence: {record.original_name}",
        agency_visible=lambda records, user: records.filter(
            update__action__lead_agency_id=user.agency_id
        ),
    )
    audit.register(
        RecommendationLink,
        lambda record: f"Repeat confirmed: {record.get_relation_display().lower()}",
        agency_visible=lambda records, user: records.none(),
    )
    from dhr import demo as dhr_demo

    dhr_demo.register_seeder(lazy(f"{demo}.seed_action_plans"))


def plan_task_status(review) -> tuple:
    """Overdue when an open action is past its date; done when every action is closed; in
    progress while recommendations exist; cannot start before the review is commissioned."""
    from actionplans.recommendations import services
    from cases.reviews import facts
    from cases.reviews.tasklist import Status

    if review.stage not in services.WORKING_STAGES and not review.is_closed:
        return Status.CANNOT_START
    if not facts.figures(review, "recommendations")["all"]:
        return Status.NOT_STARTED
    actions = facts.figures(review, "plan_actions")
    if not review.is_on_hold and actions["open_late"]:
        return Status.OVERDUE
    if actions["all"] and not actions["open"]:
        return Status.DONE
    return Status.IN_PROGRESS


def commissioner_task_status(review) -> tuple:
    """Overdue when a response is late; done when every recommendation has its response; in
    progress while any is awaited; otherwise it waits for the review to reach the Commissioner."""
    from cases.models import Stage
    from cases.reviews import facts
    from cases.reviews.tasklist import Status, stage_status

    responses = facts.figures(review, "commissioner_responses")
    if responses["all"]:
        if not review.is_on_hold and responses["waiting_late"]:
            return Status.OVERDUE
        return Status.IN_PROGRESS if responses["waiting"] else Status.DONE
    if review.commissioner_sent_on:
        return Status.NOT_STARTED
    return stage_status(review, set(), Stage.SENT_TO_COMMISSIONER, not_needed=True)


def register_facts():
    """What the action plan's and the Commissioner's tasks and the QA guard ask of a review's
    records, read with the review on its overview (``cases.reviews.facts``)."""
    from django.db.models import Count, Exists, OuterRef, Q
    from django.utils import timezone

    from actionplans.models import PlanAction, Recommendation
    from cases.models import Deadline, DeadlineKind
    from cases.reviews import facts

    def recommendations():
        live = ~Q(status=Recommendation.Status.WITHDRAWN)
        without_action = ~Exists(PlanAction.objects.filter(recommendation=OuterRef("pk")))
        return facts.aggregates(
            Recommendation.objects.all(),
            all=Count("pk"),
            live=Count("pk", filter=live),
            live_draft=Count("pk", filter=live & Q(status=Recommendation.Status.DRAFT)),
            live_without_action=Count("pk", filter=live & without_action),
        )

    def plan_actions():
        open_ = ~Q(status__in=PlanAction.CLOSED_STATUSES)
        return facts.aggregates(
            PlanAction.objects.all(),
            all=Count("pk"),
            open=Count("pk", filter=open_),
            open_late=Count("pk", filter=open_ & Q(deadline__due_on__lt=timezone.localdate())),
        )

    def commissioner_responses():
        waiting = Deadline.objects.is_open()
        return facts.aggregates(
            Deadline.objects.filter(kind=DeadlineKind.COMMISSIONER_RESPONSE),
            all=Count("pk"),
            waiting=Count("pk", filter=waiting),
            waiting_late=Count("pk", filter=waiting & Q(due_on__lt=timezone.localdate())),
        )

    facts.register_fact("recommendations", recommendations)
    facts.register_fact("plan_actions", plan_actions)
    facts.register_fact("commissioner_responses", commissioner_responses)

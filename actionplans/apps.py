from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    """Recommendations, actions and the Domestic Abuse Commissioner's recommendations."""

    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        # Plugs the Commissioner's recommendations into the earlier apps' registries
        # (DESIGN.md 2): a task on the review's overview, a navigation entry, the review's
        # history, and the demo data.
        from actionplans.commissioner import demo
        from actionplans.models import CommissionerReport
        from cases.audit import history as audit
        from cases.reviews import tasklist
        from dhr import demo as dhr_demo
        from dhr import navigation
        from dhr.accounts.roles import Role

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
        dhr_demo.register_seeder(demo.seed_commissioner_reports)
        # The dashboard: the Commissioner's recommendations (and the action plans, once their
        # records exist: actionplans/dashboard/progress.py).
        from actionplans.dashboard import sections as dashboard

        dashboard.register()


def commissioner_task_status(review) -> tuple:
    """Overdue when a response is late; done when every recommendation has its response; in
    progress while any is awaited; otherwise it waits for the review to reach the Commissioner."""
    from cases.models import DeadlineKind, Stage
    from cases.reviews.tasklist import Status, stage_status

    responses = review.deadlines.filter(kind=DeadlineKind.COMMISSIONER_RESPONSE)
    if responses.exists():
        from django.utils import timezone

        waiting = responses.open()
        if not review.is_on_hold and waiting.filter(due_on__lt=timezone.localdate()).exists():
            return Status.OVERDUE
        return Status.IN_PROGRESS if waiting.exists() else Status.DONE
    if review.commissioner_sent_on:
        return Status.NOT_STARTED
    return stage_status(review, set(), Stage.SENT_TO_COMMISSIONER, not_needed=True)

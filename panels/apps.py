from django.apps import AppConfig


class PanelsConfig(AppConfig):
    """The chair pool, panels, agency requests, chronologies, agency reports and meetings."""

    name = "panels"
    verbose_name = "Panels and agency contributions"

    def ready(self):
        # Plugs the chair and the panel into the earlier apps' registries (DESIGN.md 2):
        # importing the workflow registers the actions, the rest adds tasks, a button, the
        # navigation entry and the panel's history.
        from cases import audit, tasklist
        from cases.views.overview import register_button_action
        from dhr import navigation
        from dhr.roles import Role
        from panels import workflow
        from panels.models import PanelMember

        tasklist.register_task(40, "Independent chair", "panels:appoint_chair", chair_task_status)
        tasklist.register_task(50, "Panel", "panels:panel", panel_task_status)
        register_button_action(
            "convene_panel", workflow.convene_panel, "The panel has started its work."
        )
        navigation.register("Chair pool", "panels:chairs", roles=[Role.ADMINISTRATOR], order=70)
        audit.register(PanelMember, lambda record: f"Panel: {record.agency}")
        # Demo reviews need the chair pool and panels, so this app seeds them.
        from dhr import demo as dhr_demo
        from panels import demo

        dhr_demo.register_seeder(demo.seed_reviews, manifest=demo.manifest_reviews)


def chair_task_status(review) -> tuple:
    """Done once a chair is appointed; in progress while the review waits for one."""
    from cases.models import Stage
    from cases.tasklist import Status, stage_status

    if review.chair_id:
        return Status.DONE
    # Never DONE by stage alone: a review past this stage without a chair still lacks one.
    status = stage_status(review, {Stage.COMMISSIONED}, Stage.CHAIR_APPOINTED, not_needed=True)
    return Status.CANNOT_START if status == Status.DONE else status


def panel_task_status(review) -> tuple:
    """In progress from commissioning until the report goes to QA, done from then on."""
    from cases.models import Stage
    from cases.tasklist import stage_status

    return stage_status(
        review,
        {Stage.COMMISSIONED, Stage.CHAIR_APPOINTED, Stage.PANEL},
        Stage.QA_SUBMITTED,
        not_needed=True,
    )

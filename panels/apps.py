from django.apps import AppConfig


class PanelsConfig(AppConfig):
    """The chair pool, panels, agency requests, chronologies, agency reports and meetings."""

    name = "panels"
    verbose_name = "Panels and agency contributions"

    def ready(self):
        # Registers the chair and panel actions in the review lifecycle.
        from panels import workflow  # noqa: F401

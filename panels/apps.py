from django.apps import AppConfig


class PanelsConfig(AppConfig):
    """The chair pool, panels, agency requests, chronologies, agency reports and meetings."""

    name = "panels"
    verbose_name = "Panels and agency contributions"

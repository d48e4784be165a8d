from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    """Recommendations, actions and the Domestic Abuse Commissioner's recommendations."""

    name = "actionplans"
    verbose_name = "Action plans"

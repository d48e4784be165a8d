from django.apps import AppConfig


class CasesConfig(AppConfig):
    """The review itself and its lifecycle, from notification to closure."""

    name = "cases"
    verbose_name = "Reviews"

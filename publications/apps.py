from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    """Final reports, publication, learning briefings and the Home Office data form export."""

    name = "publications"
    verbose_name = "Publications"

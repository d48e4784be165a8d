from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DhrConfig(AppConfig):
    """The project's core: partnerships, agencies, users and roles, audit and shared pages."""

    name = "dhr"
    verbose_name = "People and organisations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dhr import navigation
        from dhr.accounts.roles import sync_role_groups
        from dhr.dashboard.scope import DASHBOARD_ROLES

        navigation.register("Dashboard", "dhr:dashboard", roles=DASHBOARD_ROLES, order=8)

        # After each app's migrations, so the permissions it assigns exist; idempotent.
        post_migrate.connect(sync_role_groups, dispatch_uid="dhr-sync-role-groups")

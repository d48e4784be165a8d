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

        # The home page's sections and links of the core (later apps add theirs). Functions
        # that registries keep are named by path (dhr.lazy): imported when first called.
        from dhr import home
        from dhr.accounts.roles import Role
        from dhr.lazy import lazy

        home.register_section(
            "dhr/home/administrator.html", [Role.ADMINISTRATOR], lazy("dhr.views.users_summary"), 10
        )
        home.register_section(
            "dhr/home/steering.html", [Role.STEERING_GROUP], lazy("dhr.views.steering_home"), 10
        )
        home.register_link(
            "Administration",
            "Manage users",
            "users:list",
            [Role.ADMINISTRATOR],
            "invite people, change their role or agency, deactivate leavers",
            order=10,
        )
        home.register_link(
            "Administration",
            "Agencies",
            "organisations:agency_list",
            [Role.ADMINISTRATOR],
            "the organisations that answer requests, sit on panels and have members",
            order=20,
        )
        home.register_link(
            "Administration",
            "Partnerships",
            "organisations:partnership_list",
            [Role.ADMINISTRATOR],
            "the Community Safety Partnerships and the codes in their review references",
            order=30,
        )
        home.register_link(
            "Exports",
            "Users (spreadsheet)",
            "users:export",
            [Role.ADMINISTRATOR],
            "everyone who can sign in, with their role, agency and partnerships",
            order=10,
        )
        home.register_link(
            "Administration",
            "Django administration site",
            "admin:index",
            [Role.ADMINISTRATOR],
            "for emergencies only: it does not check the service's rules",
            order=200,
        )

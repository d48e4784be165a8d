from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CasesConfig(AppConfig):
    """The review itself and its lifecycle, from notification to closure."""

    name = "cases"
    verbose_name = "Reviews"

    def ready(self):
        # What the registries keep is named by path where its module is not needed at start
        # (dhr.lazy); cases/national.py is imported by the national data set's generator.
        from dhr import navigation
        from dhr.accounts.roles import Role

        navigation.register(
            "Reviews",
            "cases:list",
            roles=[Role.REVIEW_MANAGER, Role.CHAIR, Role.AGENCY_MEMBER],
            order=10,
        )
        navigation.register("Audit", "audit:search", roles=[Role.ADMINISTRATOR], order=90)
        navigation.register(
            "My work",
            "deadlines:my_work",
            roles=[Role.REVIEW_MANAGER, Role.CHAIR, Role.AGENCY_MEMBER],
            order=5,
        )
        navigation.register(
            "Timescales", "deadlines:timescales", roles=[Role.ADMINISTRATOR], order=75
        )
        # The home page: the manager's and chair's open reviews, the agency's open requests,
        # and the administrator's look-ups.
        from dhr import home
        from dhr.lazy import lazy

        home.register_section(
            "cases/reviews/home_reviews.html",
            [Role.REVIEW_MANAGER, Role.CHAIR],
            lazy("cases.reviews.home.open_reviews"),
            order=20,
        )
        home.register_section(
            "cases/reviews/home_requests.html",
            [Role.AGENCY_MEMBER],
            lazy("cases.reviews.home.open_requests"),
            order=20,
        )
        home.register_link(
            "Administration",
            "Timescale rules",
            "deadlines:timescales",
            [Role.ADMINISTRATOR],
            "the statutory and local periods that set each deadline",
            order=60,
        )
        home.register_link(
            "Administration",
            "Audit look-up",
            "audit:search",
            [Role.ADMINISTRATOR],
            "the history of a review or everything one user did",
            order=70,
        )
        # A review's history shows its deadlines being set, moved by holds and met.
        from django.db.models import Q

        from cases.audit import history as audit
        from cases.models import Deadline

        audit.register(
            Deadline,
            lambda record: f"Deadline: {record.title}",
            # An agency reads its own deadlines and the review's, not other agencies'.
            agency_visible=lambda records, user: records.filter(
                Q(owner_agency__isnull=True) | Q(owner_agency_id=user.agency_id)
            ),
        )
        # The dashboard's pipeline, slippage, time in stage, overdue deadlines and statistics.
        from dhr.dashboard import registry as dashboard

        dashboard.register_later(lazy("cases.dashboard.sections.register"))
        # The default timescale rules exist in every database (idempotent).
        from cases.deadlines.timescales import ensure_default_rules

        post_migrate.connect(ensure_default_rules, sender=self, dispatch_uid="cases-default-rules")

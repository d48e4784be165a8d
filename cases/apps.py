from django.apps import AppConfig


class CasesConfig(AppConfig):
    """The review itself and its lifecycle, from notification to closure."""

    name = "cases"
    verbose_name = "Reviews"

    def ready(self):
        from dhr import navigation
        from dhr.roles import Role

        navigation.register(
            "Reviews",
            "cases:list",
            roles=[Role.REVIEW_MANAGER, Role.CHAIR, Role.AGENCY_MEMBER],
            order=10,
        )
        navigation.register("Audit", "audit:search", roles=[Role.ADMINISTRATOR], order=90)

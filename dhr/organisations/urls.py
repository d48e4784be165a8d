"""/partnerships/ and /agencies/: the administrators' pages (namespace ``organisations``)."""

from django.urls import path

from dhr.organisations import views

app_name = "organisations"


def _patterns(prefix: str, plural: str, kind: str) -> list:
    def view(cls, **kwargs):
        return cls.as_view(kind_name=kind, **kwargs)

    return [
        path(f"{plural}/", view(views.OrganisationListView), name=f"{prefix}_list"),
        path(f"{plural}/new/", view(views.OrganisationCreateView), name=f"{prefix}_new"),
        path(f"{plural}/<int:pk>/", view(views.OrganisationDetailView), name=prefix),
        path(f"{plural}/<int:pk>/edit/", view(views.OrganisationEditView), name=f"{prefix}_edit"),
        path(
            f"{plural}/<int:pk>/deactivate/",
            view(views.OrganisationActivationView, active=False),
            name=f"{prefix}_deactivate",
        ),
        path(
            f"{plural}/<int:pk>/reactivate/",
            view(views.OrganisationActivationView, active=True),
            name=f"{prefix}_reactivate",
        ),
        path(
            f"{plural}/<int:pk>/history/",
            view(views.OrganisationHistoryView),
            name=f"{prefix}_history",
        ),
    ]


urlpatterns = [
    *_patterns("partnership", "partnerships", "partnership"),
    *_patterns("agency", "agencies", "agency"),
]

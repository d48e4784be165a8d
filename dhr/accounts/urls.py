from django.urls import path

from dhr.accounts import two_factor_admin
from dhr.accounts import views as user_views

app_name = "users"

urlpatterns = [
    path("", user_views.UserListView.as_view(), name="list"),
    path("export.xlsx", user_views.UserExportView.as_view(), name="export"),
    path("invite/", user_views.UserInviteView.as_view(), name="invite"),
    path("<int:pk>/", user_views.UserDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", user_views.UserEditView.as_view(), name="edit"),
    path(
        "<int:pk>/deactivate/",
        user_views.UserActivationView.as_view(active=False),
        name="deactivate",
    ),
    path(
        "<int:pk>/reactivate/",
        user_views.UserActivationView.as_view(active=True),
        name="reactivate",
    ),
    path(
        "<int:pk>/resend-invitation/",
        user_views.UserResendInvitationView.as_view(),
        name="resend_invitation",
    ),
    path("<int:pk>/history/", user_views.UserHistoryView.as_view(), name="history"),
]

urlpatterns += two_factor_admin.urlpatterns

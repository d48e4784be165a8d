from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dhr import views
from dhr.accounts import forms, two_factor_views

admin.site.site_header = "DHR case manager administration"
admin.site.site_title = "DHR case manager administration"

account_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=forms.SignInForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-change/",
        auth_views.PasswordChangeView.as_view(form_class=forms.PasswordChangeForm),
        name="password_change",
    ),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(form_class=forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    *two_factor_views.urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include(account_patterns)),
    path("users/", include("dhr.accounts.urls")),
    # Partnerships and agencies, for administrators (/partnerships/..., /agencies/...).
    path("", include("dhr.organisations.urls")),
    # panels first: its /reviews/<reference>/chair/ and /panel/ pages sit under the review.
    path("", include("panels.urls")),
    # My work, the calendar feed, a review's deadlines and the timescale rules.
    path("", include("cases.deadlines.urls")),
    # The Domestic Abuse Commissioner's reports, recommendations and responses.
    path("", include("actionplans.urls")),
    # The Home Office data form of a review, its exports and the QA submission pack.
    path("", include("publications.urls")),
    path("notifications/", include("dhr.notifications.urls")),
    path("mail/", include("dhr.mail.urls")),
    # The dashboards that span apps: dhr:dashboard, dhr:dashboard_csv, dhr:annual_report.
    path("dashboard/", include(("dhr.dashboard.urls", "dhr"))),
    path("reviews/", include("cases.urls")),
    path("audit/", include("cases.audit.urls")),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("ping", views.ping, name="ping"),
    path("admin/", admin.site.urls),
]

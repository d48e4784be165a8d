"""E-mail that could not be sent, under /mail/ (administrators only)."""

from django.urls import path

from dhr.mail import views

app_name = "mail"

urlpatterns = [
    path("failed/", views.FailedEmailListView.as_view(), name="failed"),
    path("<int:pk>/resend/", views.ResendEmailView.as_view(), name="resend"),
]

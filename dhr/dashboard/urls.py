"""The dashboard's pages, in the namespace ``dhr:`` (included at /dashboard/)."""

from django.urls import path

from dhr.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tables/<slug:key>.csv", views.figure_csv, name="dashboard_csv"),
    path("annual-report/", views.annual_report, name="annual_report"),
]

"""The review's Report tab (written in full: the app's pages are included at the site root)."""

from django.urls import path

from publications.reports import views

urlpatterns = [
    path("reviews/<str:reference>/report/", views.reports, name="reports"),
    path(
        "reviews/<str:reference>/report/<int:pk>/download/",
        views.report_download,
        name="report_download",
    ),
    path("reviews/<str:reference>/report/<int:pk>/check/", views.report_check, name="report_check"),
    path(
        "reviews/<str:reference>/publication/record/",
        views.publication_record,
        name="publication_record",
    ),
]

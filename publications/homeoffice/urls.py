"""The Home Office data form pages of a review."""

from django.urls import path

from publications.homeoffice import views

urlpatterns = [
    path("home-office-forms/", views.export_page, name="home_office_exports"),
    path(
        "home-office-forms/<str:reference>/<str:file_format>/",
        views.review_export,
        name="home_office_review_export",
    ),
    path(
        "reviews/<str:reference>/home-office-form/",
        views.form_summary,
        name="home_office_form",
    ),
    path(
        "reviews/<str:reference>/submission-pack/<slug:recipient>/",
        views.submission_pack,
        name="submission_pack",
    ),
    path(
        "reviews/<str:reference>/home-office-form/people/<int:pk>/",
        views.SectionView.as_view(),
        name="home_office_person",
    ),
    path(
        "reviews/<str:reference>/home-office-form/<slug:section>/",
        views.SectionView.as_view(),
        name="home_office_section",
    ),
]

"""The Commissioner's reports, recommendations and responses pages."""

from django.urls import path

from actionplans.commissioner import views

urlpatterns = [
    path(
        "reviews/<str:reference>/commissioner-recommendations/",
        views.review_reports,
        name="review_reports",
    ),
    path(
        "reviews/<str:reference>/commissioner-recommendations/report/",
        views.ReportCreateView.as_view(),
        name="report_new",
    ),
    path("commissioner-reports/", views.ThemedReportListView.as_view(), name="themed_reports"),
    path(
        "commissioner-reports/new/",
        views.ReportCreateView.as_view(themed=True),
        name="themed_report_new",
    ),
    path("commissioner-reports/<int:pk>/", views.report_detail, name="report"),
    path(
        "commissioner-reports/<int:pk>/recommendations/new/",
        views.RecommendationCreateView.as_view(),
        name="recommendation_new",
    ),
    path(
        "commissioner-recommendations/<int:pk>/respond/",
        views.RespondView.as_view(),
        name="respond",
    ),
    path(
        "commissioner-recommendations/<int:pk>/document/",
        views.response_document,
        name="response_document",
    ),
]

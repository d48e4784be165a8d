"""The learning briefing of a review, and its public pages (no sign-in)."""

from django.urls import path

from publications.briefings import views

urlpatterns = [
    path("reviews/<str:reference>/briefing/", views.briefing_page, name="briefing"),
    path("reviews/<str:reference>/briefing/edit/", views.briefing_edit, name="briefing_edit"),
    path("reviews/<str:reference>/briefing/briefing.pdf", views.briefing_pdf, name="briefing_pdf"),
    path(
        "reviews/<str:reference>/briefing/publish/",
        views.briefing_publish,
        name="briefing_publish",
    ),
    path(
        "reviews/<str:reference>/briefing/withdraw/",
        views.briefing_withdraw,
        name="briefing_withdraw",
    ),
    path("reviews/<str:reference>/briefing/delete/", views.briefing_delete, name="briefing_delete"),
    path(
        "reviews/<str:reference>/briefing/history/",
        views.briefing_history,
        name="briefing_history",
    ),
    # Public: a published briefing and its PDF (the public register lists them).
    path("published/briefings/<int:pk>/", views.public_briefing, name="public_briefing"),
    path("published/briefings/<int:pk>.pdf", views.public_briefing_pdf, name="public_briefing_pdf"),
]

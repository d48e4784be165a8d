"""The public register (no sign-in: ``login_not_required`` on each view)."""

from django.urls import path

from publications.register import views

urlpatterns = [
    path("published/", views.register_page, name="register"),
    path("published/feed.atom", views.register_feed, name="register_feed"),
    path(
        "published/documents/<int:pk>/<str:filename>",
        views.public_document,
        name="public_document",
    ),
]

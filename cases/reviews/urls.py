"""The review list, a new notification and a review's overview and history."""

from django.urls import path

from cases.reviews.views import (
    NotificationCreateView,
    review_detail,
    review_history_view,
    review_list,
    take_action,
)

urlpatterns = [
    path("", review_list, name="list"),
    path("new/", NotificationCreateView.as_view(), name="new"),
    path("<str:reference>/", review_detail, name="detail"),
    path("<str:reference>/actions/<str:action>/", take_action, name="action"),
    path("<str:reference>/history/", review_history_view, name="history"),
]

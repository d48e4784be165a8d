"""The user's notifications, under /notifications/."""

from django.urls import path

from dhr.notifications.views import (
    notification_list,
    notification_open,
    notification_read_all,
)

app_name = "notifications"

urlpatterns = [
    path("", notification_list, name="list"),
    path("<int:pk>/open/", notification_open, name="open"),
    path("read-all/", notification_read_all, name="read_all"),
]

"""The panel meeting pages of a review."""

from django.urls import path

from panels.meetings.views import (
    ActionCreateView,
    ActionDoneView,
    AttendanceView,
    MeetingDeleteView,
    MeetingFormView,
    meeting_detail,
    meeting_list,
    minutes_download,
)

_M = "reviews/<str:reference>/meetings/"

urlpatterns = [
    path(_M, meeting_list, name="meetings"),
    path(_M + "new/", MeetingFormView.as_view(), name="meeting_new"),
    path(_M + "<int:pk>/", meeting_detail, name="meeting"),
    path(_M + "<int:pk>/edit/", MeetingFormView.as_view(), name="meeting_edit"),
    path(_M + "<int:pk>/delete/", MeetingDeleteView.as_view(), name="meeting_delete"),
    path(_M + "<int:pk>/attendance/", AttendanceView.as_view(), name="meeting_attendance"),
    path(_M + "<int:pk>/minutes/", minutes_download, name="meeting_minutes"),
    path(_M + "<int:pk>/actions/new/", ActionCreateView.as_view(), name="meeting_action_new"),
    path(
        _M + "<int:pk>/actions/<int:action_pk>/done/",
        ActionDoneView.as_view(),
        name="meeting_action_done",
    ),
]

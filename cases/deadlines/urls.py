"""The deadline pages, in the namespace ``deadlines:`` (included at the site's root)."""

from django.urls import path

from cases.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("my-work/", views.MyWorkView.as_view(), name="my_work"),
    path("my-work/calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("reviews/<str:reference>/deadlines/", views.review_deadlines, name="review"),
    path(
        "reviews/<str:reference>/deadlines/home-office/",
        views.HomeOfficeInformedView.as_view(),
        name="home_office",
    ),
    path("timescales/", views.TimescaleListView.as_view(), name="timescales"),
    path("timescales/new/", views.TimescaleFormView.as_view(), name="timescale_new"),
    path("timescales/<int:pk>/", views.TimescaleFormView.as_view(), name="timescale_edit"),
    path(
        "timescales/<int:pk>/remove/",
        views.TimescaleDeleteView.as_view(),
        name="timescale_delete",
    ),
]

"""Learning events and the practitioners they reached."""

from django.urls import path

from publications.events import views

urlpatterns = [
    path("learning-events/", views.event_list, name="events"),
    path("learning-events/new/", views.event_form, name="event_new"),
    path("learning-events/reach/", views.reach, name="event_reach"),
    path("learning-events/<int:pk>/", views.event_detail, name="event"),
    path("learning-events/<int:pk>/edit/", views.event_form, name="event_edit"),
    path("learning-events/<int:pk>/attendance/", views.event_attendance, name="event_attendance"),
    path("learning-events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("learning-events/<int:pk>/history/", views.event_history, name="event_history"),
]

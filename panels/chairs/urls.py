"""The chair pool (administrators), and a review's chair and panel pages."""

from django.urls import path

from panels.chairs import views

urlpatterns = [
    path("chairs/", views.ChairPoolView.as_view(), name="chairs"),
    path("chairs/<int:user_id>/", views.ChairEditView.as_view(), name="chair_edit"),
    path(
        "chairs/<int:user_id>/conflicts/<int:pk>/remove/",
        views.ConflictRemoveView.as_view(),
        name="conflict_remove",
    ),
    path("reviews/<str:reference>/chair/", views.AppointChairView.as_view(), name="appoint_chair"),
    path("reviews/<str:reference>/panel/", views.PanelView.as_view(), name="panel"),
    path(
        "reviews/<str:reference>/panel/<int:pk>/remove/",
        views.PanelRemoveView.as_view(),
        name="panel_remove",
    ),
]

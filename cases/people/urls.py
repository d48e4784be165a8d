"""The People tab of a review."""

from django.urls import path

from cases.people.views import (
    SubjectFormView,
    subject_list,
)

urlpatterns = [
    path("<str:reference>/people/", subject_list, name="subjects"),
    path("<str:reference>/people/add/", SubjectFormView.as_view(), name="subject_add"),
    path("<str:reference>/people/<int:pk>/edit/", SubjectFormView.as_view(), name="subject_edit"),
]

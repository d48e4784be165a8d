"""The family engagement pages of a review."""

from django.urls import path

from cases.family.views import (
    ContactCreateView,
    MemberDeleteView,
    MemberFormView,
    family_list,
    family_member,
)

urlpatterns = [
    path("<str:reference>/family/", family_list, name="family"),
    path("<str:reference>/family/add/", MemberFormView.as_view(), name="family_member_new"),
    path("<str:reference>/family/<int:pk>/", family_member, name="family_member"),
    path(
        "<str:reference>/family/<int:pk>/edit/", MemberFormView.as_view(), name="family_member_edit"
    ),
    path(
        "<str:reference>/family/<int:pk>/remove/",
        MemberDeleteView.as_view(),
        name="family_member_delete",
    ),
    path(
        "<str:reference>/family/<int:pk>/contacts/new/",
        ContactCreateView.as_view(),
        name="family_contact_new",
    ),
]

"""The stage pages of a review."""

from django.urls import path

from cases.lifecycle.views import (
    ClosePage,
    CommissionerPage,
    DecisionPage,
    HoldPage,
    LinkedReviewAddPage,
    NotificationPage,
    PublicationPage,
    RequestAnswerPage,
    RequestListPage,
    RequestNewPage,
    RequestRecordAnswerPage,
    RequestWithdrawPage,
    ResumePage,
    request_original,
)

urlpatterns = [
    path("<str:reference>/notification/", NotificationPage.as_view(), name="notification"),
    path("<str:reference>/links/add/", LinkedReviewAddPage.as_view(), name="linked_add"),
    path("<str:reference>/requests/", RequestListPage.as_view(), name="requests"),
    path("<str:reference>/requests/new/", RequestNewPage.as_view(), name="request_new"),
    path(
        "<str:reference>/requests/<int:pk>/answer/",
        RequestAnswerPage.as_view(),
        name="request_answer",
    ),
    path(
        "<str:reference>/requests/<int:pk>/withdraw/",
        RequestWithdrawPage.as_view(),
        name="request_withdraw",
    ),
    path(
        "<str:reference>/requests/<int:pk>/record/",
        RequestRecordAnswerPage.as_view(),
        name="request_record",
    ),
    path(
        "<str:reference>/requests/<int:pk>/original/",
        request_original,
        name="request_original",
    ),
    path("<str:reference>/decision/", DecisionPage.as_view(), name="decision"),
    path("<str:reference>/commissioner/", CommissionerPage.as_view(), name="commissioner"),
    path("<str:reference>/publication/", PublicationPage.as_view(), name="publication"),
    path("<str:reference>/close/", ClosePage.as_view(), name="close"),
    path("<str:reference>/hold/", HoldPage.as_view(), name="hold"),
    path("<str:reference>/resume/", ResumePage.as_view(), name="resume"),
]

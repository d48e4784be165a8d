"""The agency contributions pages of a review."""

from django.urls import path

from panels.contributions.views import (
    AcceptView,
    ColumnsView,
    DiscardView,
    PreviewView,
    RecordView,
    RequestCreateView,
    SubmitView,
    UploadView,
    WithdrawView,
    chronology_template,
    contribution_detail,
    contribution_list,
    version_download,
    version_entries,
    version_original,
)

_R = "reviews/<str:reference>/contributions/"

urlpatterns = [
    path(_R, contribution_list, name="contributions"),
    path(_R + "new/", RequestCreateView.as_view(), name="contribution_new"),
    path(_R + "template.<str:file_format>", chronology_template, name="chronology_template"),
    path(_R + "<int:pk>/", contribution_detail, name="contribution"),
    path(_R + "<int:pk>/upload/", UploadView.as_view(), name="contribution_upload"),
    path(_R + "<int:pk>/record/", RecordView.as_view(), name="contribution_record"),
    path(
        _R + "<int:pk>/versions/<int:version_pk>/original/",
        version_original,
        name="contribution_original",
    ),
    path(_R + "<int:pk>/submit/", SubmitView.as_view(), name="contribution_submit"),
    path(_R + "<int:pk>/accept/", AcceptView.as_view(), name="contribution_accept"),
    path(_R + "<int:pk>/withdraw/", WithdrawView.as_view(), name="contribution_withdraw"),
    path(
        _R + "<int:pk>/versions/<int:version_pk>/download/",
        version_download,
        name="contribution_download",
    ),
    path(
        _R + "<int:pk>/versions/<int:version_pk>/entries/",
        version_entries,
        name="contribution_entries",
    ),
    path(_R + "<int:pk>/import/<int:staged_pk>/", PreviewView.as_view(), name="chronology_preview"),
    path(
        _R + "<int:pk>/import/<int:staged_pk>/columns/",
        ColumnsView.as_view(),
        name="chronology_columns",
    ),
    path(
        _R + "<int:pk>/import/<int:staged_pk>/discard/",
        DiscardView.as_view(),
        name="chronology_discard",
    ),
]

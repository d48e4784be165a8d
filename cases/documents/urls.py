"""The Documents tab, the terms of reference and the Home Office QA pages."""

from django.urls import path

from cases.documents.views import (
    DocumentWithdrawView,
    QAOutcomeView,
    QASubmitView,
    TermsAgreeView,
    TermsCreateView,
    document_download,
    document_list,
    qa_list,
    terms_list,
)

urlpatterns = [
    path("<str:reference>/documents/", document_list, name="documents"),
    path(
        "<str:reference>/documents/<int:pk>/download/",
        document_download,
        name="document_download",
    ),
    path(
        "<str:reference>/documents/<int:pk>/withdraw/",
        DocumentWithdrawView.as_view(),
        name="document_withdraw",
    ),
    path("<str:reference>/terms/", terms_list, name="terms"),
    path("<str:reference>/terms/new/", TermsCreateView.as_view(), name="terms_new"),
    path("<str:reference>/terms/<int:pk>/agree/", TermsAgreeView.as_view(), name="terms_agree"),
    path("<str:reference>/qa/", qa_list, name="qa"),
    path("<str:reference>/qa/submit/", QASubmitView.as_view(), name="qa_submit"),
    path("<str:reference>/qa/outcome/", QAOutcomeView.as_view(), name="qa_outcome"),
]

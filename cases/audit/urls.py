"""The administrators' audit search, under /audit/."""

from django.urls import path

from cases.audit.views import (
    AuditSearchView,
)

app_name = "audit"

urlpatterns = [path("", AuditSearchView.as_view(), name="search")]

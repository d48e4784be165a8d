"""The models of the publications app, from its features (DESIGN.md 2)."""

from publications.checks.models import Finding, PublicationCheck
from publications.homeoffice.models import HomeOfficeForm
from publications.register.models import PublicationRecord, PublishedDocument
from publications.reports.models import ReportVersion

__all__ = [
    "Finding",
    "HomeOfficeForm",
    "PublicationCheck",
    "PublicationRecord",
    "PublishedDocument",
    "ReportVersion",
]

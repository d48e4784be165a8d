"""The models of the publications app, from its features (DESIGN.md 2)."""

from publications.briefings.models import Briefing
from publications.checks.models import Finding, PublicationCheck
from publications.events.models import EventAttendance, LearningEvent
from publications.homeoffice.models import HomeOfficeForm
from publications.register.models import PublicationRecord, PublishedDocument
from publications.reports.models import ReportVersion

__all__ = [
    "Briefing",
    "EventAttendance",
    "Finding",
    "HomeOfficeForm",
    "LearningEvent",
    "PublicationCheck",
    "PublicationRecord",
    "PublishedDocument",
    "ReportVersion",
]

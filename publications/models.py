"""The models of the publications app, from its features (DESIGN.md 2)."""

from publications.briefings.models import Briefing
from publications.events.models import EventAttendance, LearningEvent
from publications.homeoffice.models import HomeOfficeForm

__all__ = ["Briefing", "EventAttendance", "HomeOfficeForm", "LearningEvent"]

"""The models of the panels app, from its features: importing them here registers them with the
app, so that they share one app label and one migrations folder (DESIGN.md 2)."""

from panels.chairs.models import ChairConflict, ChairProfile, PanelMember
from panels.contributions.models import (
    ChronologyEntry,
    ChronologyExport,
    ColumnMapping,
    ContributionRequest,
    ContributionVersion,
    EntryAnnotation,
    StagedChronology,
)
from panels.meetings.models import MeetingAction, MeetingAttendance, PanelMeeting

__all__ = [
    "ChairConflict",
    "ChairProfile",
    "ChronologyEntry",
    "ChronologyExport",
    "ColumnMapping",
    "ContributionRequest",
    "ContributionVersion",
    "EntryAnnotation",
    "MeetingAction",
    "MeetingAttendance",
    "PanelMeeting",
    "PanelMember",
    "StagedChronology",
]

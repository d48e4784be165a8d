"""The review and the records of its stages."""

from cases.models.deadlines import (
    CalendarFeed,
    Deadline,
    DeadlineKind,
    DigestSent,
    Reminder,
    ReminderRun,
    TimescaleRule,
)
from cases.models.family import FamilyContact, FamilyMember, YesNoUndecided
from cases.models.review import (
    STAGE_ORDER,
    LinkedReview,
    ReferenceCounter,
    Review,
    ReviewGroupObjectPermission,
    ReviewUserObjectPermission,
    Stage,
    StageChange,
)
from cases.models.stages import (
    Document,
    Hold,
    InformationRequest,
    PublicationLink,
    QARound,
    TermsOfReference,
)
from cases.models.subjects import (
    HOME_OFFICE_SUBJECT_FIELDS,
    RESTRICTED_SUBJECT_FIELDS,
    Subject,
)

__all__ = [
    "HOME_OFFICE_SUBJECT_FIELDS",
    "RESTRICTED_SUBJECT_FIELDS",
    "STAGE_ORDER",
    "CalendarFeed",
    "Deadline",
    "DeadlineKind",
    "DigestSent",
    "Document",
    "FamilyContact",
    "FamilyMember",
    "Hold",
    "InformationRequest",
    "LinkedReview",
    "PublicationLink",
    "QARound",
    "ReferenceCounter",
    "Reminder",
    "ReminderRun",
    "Review",
    "ReviewGroupObjectPermission",
    "ReviewUserObjectPermission",
    "Stage",
    "StageChange",
    "Subject",
    "TermsOfReference",
    "TimescaleRule",
    "YesNoUndecided",
]

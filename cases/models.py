"""The review and the records of its stages."""

from cases.deadlines.models import (
    CalendarFeed,
    Deadline,
    DeadlineKind,
    DigestSent,
    Reminder,
    ReminderRun,
    TimescaleRule,
)
from cases.family.models import FamilyContact, FamilyMember, YesNoUndecided
from cases.lifecycle.models import (
    Document,
    Hold,
    InformationRequest,
    PublicationLink,
    QARound,
    TermsOfReference,
)
from cases.people.models import (
    HOME_OFFICE_SUBJECT_FIELDS,
    RESTRICTED_SUBJECT_FIELDS,
    Subject,
    YesNoUnknown,
)
from cases.reviews.models import (
    STAGE_ORDER,
    LinkedReview,
    ReferenceCounter,
    Review,
    ReviewGroupObjectPermission,
    ReviewUserObjectPermission,
    Stage,
    StageChange,
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
    "YesNoUnknown",
]

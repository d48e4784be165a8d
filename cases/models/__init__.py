"""The review and the records of its stages."""

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
from cases.models.subjects import RESTRICTED_SUBJECT_FIELDS, Subject

__all__ = [
    "RESTRICTED_SUBJECT_FIELDS",
    "STAGE_ORDER",
    "Document",
    "Hold",
    "InformationRequest",
    "LinkedReview",
    "PublicationLink",
    "QARound",
    "ReferenceCounter",
    "Review",
    "ReviewGroupObjectPermission",
    "ReviewUserObjectPermission",
    "Stage",
    "StageChange",
    "Subject",
    "TermsOfReference",
]

"""The models of the actionplans app, from its features: importing them here registers them with
the app, so that they share one app label and one migrations folder (DESIGN.md 2)."""

from actionplans.commissioner.models import (
    CommissionerRecommendation,
    CommissionerReport,
    RecommendationResponse,
)
from actionplans.recommendations.models import (
    Evidence,
    Milestone,
    PlanAction,
    PlanColumnMapping,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
    StagedActionPlan,
    Theme,
)

__all__ = [
    "CommissionerRecommendation",
    "CommissionerReport",
    "Evidence",
    "Milestone",
    "PlanAction",
    "PlanColumnMapping",
    "ProgressUpdate",
    "Recommendation",
    "RecommendationLink",
    "RecommendationResponse",
    "StagedActionPlan",
    "Theme",
]

from .agreements import Agreement
from .eligibility import EligibilityRule
from .extensions import Extension
from .handovers import Handover
from .offers import Offer
from .onpost import (
    Achievement,
    AchievementTotal,
    AllowanceStatement,
    Appraisal,
    DiaryMonth,
    Inspection,
    Leave,
    WorkLog,
)
from .orders import DemandOrder, MatchProposal, Nomination, OrderEvent
from .placements import NO_OVERLAP_CONSTRAINT, Placement, PlacementEvent
from .readiness import ReadinessItem
from .recalls import Recall
from .returns import LaterUse, ReturnPlan

__all__ = [
    "NO_OVERLAP_CONSTRAINT",
    "Achievement",
    "Agreement",
    "AchievementTotal",
    "AllowanceStatement",
    "Appraisal",
    "DemandOrder",
    "DiaryMonth",
    "EligibilityRule",
    "Extension",
    "Handover",
    "LaterUse",
    "ReadinessItem",
    "Recall",
    "ReturnPlan",
    "Inspection",
    "Leave",
    "MatchProposal",
    "Nomination",
    "Offer",
    "OrderEvent",
    "Placement",
    "PlacementEvent",
    "WorkLog",
]

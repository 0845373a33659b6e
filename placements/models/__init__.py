from .agreements import Agreement
from .eligibility import EligibilityRule
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

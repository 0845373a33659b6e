from .eligibility import EligibilityRule
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
    "OrderEvent",
    "Placement",
    "PlacementEvent",
    "WorkLog",
]

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
    "Inspection",
    "Leave",
    "MatchProposal",
    "Nomination",
    "OrderEvent",
    "Placement",
    "PlacementEvent",
    "WorkLog",
]

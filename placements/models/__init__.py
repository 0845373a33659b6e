from .onpost import Achievement, AllowanceStatement, Appraisal, Inspection, Leave, WorkLog
from .orders import DemandOrder, MatchProposal, Nomination, OrderEvent
from .placements import NO_OVERLAP_CONSTRAINT, Placement, PlacementEvent

__all__ = [
    "NO_OVERLAP_CONSTRAINT",
    "Achievement",
    "AllowanceStatement",
    "Appraisal",
    "DemandOrder",
    "Inspection",
    "Leave",
    "MatchProposal",
    "Nomination",
    "OrderEvent",
    "Placement",
    "PlacementEvent",
    "WorkLog",
]

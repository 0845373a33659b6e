from .onpost import Achievement, AllowanceStatement, Appraisal, Inspection, Leave, WorkLog
from .orders import DemandOrder, MatchProposal, Nomination, OrderEvent
from .placements import Placement, PlacementEvent

__all__ = [
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

"""The workflow steps of placements: one function per step, called by API, pages, admin and
tasks alike. Each runs in a transaction and locks the rows it changes."""
from .lifecycle import (
    begin_training,
    confirm_end,
    confirm_start,
    derive_direction,
    extend_placement,
    link_mutual_pair,
    replace_cadre,
    sync_cadre_status,
)
from .matching import confirm_matches, run_matching
from .nominations import nominate, withdraw_nomination
from .orders import (
    approve_order,
    close_order,
    create_order,
    return_order,
    submit_order,
    update_order,
)

__all__ = [
    "approve_order", "begin_training", "close_order", "confirm_end", "confirm_matches",
    "confirm_start", "create_order", "derive_direction", "extend_placement",
    "link_mutual_pair", "nominate", "replace_cadre", "return_order", "run_matching",
    "submit_order", "sync_cadre_status", "update_order", "withdraw_nomination",
]

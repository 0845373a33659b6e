"""The workflow steps of placements: one function per step, called by API, pages, admin and
tasks alike. Each runs in a transaction and locks the rows it changes."""
from .achievements import (
    delete_achievement,
    edit_achievement,
    record_achievement,
    verify_achievement,
)
from .allowances import correct_statement, generate_month, generate_statement, policy_for
from .appraisals import edit_appraisal, has_end_of_term_appraisal, record_appraisal
from .inspections import complete_inspection, record_inspection, schedule_inspection
from .leave import cancel_leave, decide_leave, report_back, request_leave
from .lifecycle import (
    begin_training,
    confirm_end,
    confirm_start,
    create_placement,
    derive_direction,
    extend_placement,
    link_mutual_pair,
    replace_cadre,
    sync_cadre_status,
    update_placement,
)
from .matching import confirm_matches, run_matching
from .nominations import nominate, withdraw_nomination
from .orders import (
    approve_order,
    close_order,
    create_order,
    rate_fulfilment,
    return_order,
    submit_order,
    update_order,
)
from .worklogs import delete_log, edit_log, month_view, review_log, write_log, write_logs

__all__ = [
    "approve_order", "begin_training", "cancel_leave", "close_order", "complete_inspection",
    "confirm_end", "confirm_matches", "confirm_start", "correct_statement", "create_order",
    "create_placement", "update_placement",
    "decide_leave", "delete_achievement", "delete_log", "derive_direction", "edit_achievement",
    "edit_appraisal", "edit_log", "extend_placement", "generate_month", "generate_statement",
    "has_end_of_term_appraisal", "link_mutual_pair", "month_view", "nominate", "policy_for",
    "rate_fulfilment", "record_achievement", "record_appraisal", "record_inspection",
    "replace_cadre", "report_back", "request_leave", "return_order", "review_log",
    "run_matching", "schedule_inspection", "submit_order", "sync_cadre_status",
    "update_order", "verify_achievement", "withdraw_nomination", "write_log", "write_logs",
]

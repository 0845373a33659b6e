"""The workflow steps of placements: one function per step, called by API, pages, admin and
tasks alike. Each runs in a transaction and locks the rows it changes. Beside a step stands
`check_<step>(user, obj)`, which the step calls and which refuses as the step would, and
`can_<step>(user, obj)`, which pages and the API read to offer the step."""
from .achievements import (
    can_record_achievement,
    can_verify_achievement,
    delete_achievement,
    edit_achievement,
    record_achievement,
    verify_achievement,
)
from .agreements import (
    amend_agreement,
    can_amend_agreement,
    can_confirm_agreement,
    can_draft_agreement,
    confirm_agreement,
    draft_agreement,
)
from .allowances import (
    can_generate_month,
    correct_statement,
    generate_month,
    generate_statement,
    policy_for,
)
from .appraisals import (
    can_record_appraisal,
    edit_appraisal,
    has_end_of_term_appraisal,
    record_appraisal,
)
from .avoidance import pair_verdict
from .extensions import (
    agree_extension,
    can_answer_extension,
    can_extend_placement,
    can_request_extension,
    extend_placement,
    refuse_extension,
    request_extension,
)
from .handovers import (
    can_confirm_handover,
    can_open_handover_to,
    can_write_handover,
    check_open_handover,
    confirm_handover,
    handover_candidates,
    handovers_of,
    open_handover,
    post_file,
    write_handover,
)
from .inspections import (
    can_complete_inspection,
    can_record_inspection,
    can_schedule_inspection,
    complete_inspection,
    record_inspection,
    schedule_inspection,
)
from .leave import (
    can_cancel_leave,
    can_decide_leave,
    can_decide_leaves,
    can_report_back,
    cancel_leave,
    decide_leave,
    report_back,
    request_leave,
)
from .lifecycle import (
    begin_training,
    can_begin_training,
    can_confirm_end,
    can_confirm_start,
    can_link_mutual_pair,
    can_update_placement,
    confirm_end,
    confirm_start,
    derive_direction,
    link_mutual_pair,
    sync_cadre_status,
    update_placement,
)
from .matching import (
    accept_proposals,
    can_confirm_matches,
    can_finish_matching,
    can_run_matching,
    confirm_matches,
    explain_batch,
    finish_matching,
    matching_board,
    run_matching,
)
from .nominations import (
    can_nominate,
    can_nominate_to_order,
    can_withdraw_nomination,
    nominate,
    withdraw_nomination,
)
from .orders import (
    approve_order,
    can_draft_orders,
    can_rate_fulfilment,
    can_review_order,
    can_review_orders,
    can_submit_order,
    can_update_order,
    close_order,
    create_order,
    rate_fulfilment,
    return_order,
    submit_order,
    update_order,
)
from .placing import (
    can_create_placement,
    can_replace_cadre,
    create_placement,
    place,
    replace_cadre,
)
from .readiness import (
    batch_readiness,
    can_tick_readiness,
    missing_items,
    tick_readiness,
    untick_readiness,
)
from .recalls import can_decide_recall, can_propose_recall, decide_recall, propose_recall
from .returns import (
    can_consent_post_change,
    can_follow_up,
    can_record_later_use,
    can_review_term,
    can_write_return_plan,
    consent_post_change,
    follow_up,
    record_later_use,
    return_plan_due,
    review_term,
    write_return_plan,
)
from .second_round import (
    accept_offer,
    can_answer_offer,
    can_open_second_round,
    decline_offer,
    open_second_round,
)
from .wishes import can_rank_nominees, can_state_wishes, offered_to, rank_nominees, state_wishes
from .worklogs import (
    can_review_log,
    can_review_logs,
    delete_log,
    edit_log,
    month_view,
    review_log,
    write_log,
    write_logs,
)

__all__ = [
    "approve_order", "begin_training", "cancel_leave", "close_order", "complete_inspection",
    "confirm_end", "confirm_matches", "confirm_start", "correct_statement", "create_order",
    "create_placement", "update_placement",
    "decide_leave", "delete_achievement", "delete_log", "derive_direction", "edit_achievement",
    "edit_appraisal", "edit_log", "extend_placement", "generate_month", "generate_statement",
    "has_end_of_term_appraisal", "link_mutual_pair", "month_view", "nominate", "place",
    "policy_for",
    "rate_fulfilment", "record_achievement", "record_appraisal", "record_inspection",
    "replace_cadre", "report_back", "request_leave", "return_order", "review_log",
    "run_matching",
    "accept_proposals", "explain_batch", "finish_matching", "can_finish_matching",
    "matching_board", "pair_verdict", "amend_agreement", "can_amend_agreement",
    "can_confirm_agreement", "can_draft_agreement", "confirm_agreement", "draft_agreement",
    "accept_offer", "can_answer_offer",
    "can_open_second_round", "agree_extension", "can_answer_extension",
    "can_request_extension", "refuse_extension", "request_extension",
    "can_confirm_handover", "can_write_handover", "check_open_handover", "confirm_handover",
    "handovers_of", "open_handover", "can_open_handover_to", "handover_candidates",
    "post_file", "write_handover",
    "batch_readiness", "can_tick_readiness", "missing_items", "tick_readiness",
    "untick_readiness",
    "can_consent_post_change", "can_follow_up", "can_record_later_use", "can_review_term",
    "can_write_return_plan", "consent_post_change", "follow_up", "record_later_use",
    "return_plan_due", "review_term", "write_return_plan",
    "can_decide_recall", "can_propose_recall", "decide_recall", "propose_recall",
    "decline_offer", "open_second_round", "can_rank_nominees",
    "can_state_wishes", "offered_to",
    "rank_nominees", "state_wishes",
    "schedule_inspection", "submit_order", "sync_cadre_status",
    "update_order", "verify_achievement", "withdraw_nomination", "write_log", "write_logs",
    # predicates
    "can_begin_training", "can_cancel_leave", "can_complete_inspection", "can_confirm_matches",
    "can_report_back",
    "can_generate_month", "can_confirm_end", "can_confirm_start",
    "can_create_placement", "can_decide_leave", "can_draft_orders", "can_extend_placement",
    "can_link_mutual_pair", "can_nominate", "can_nominate_to_order", "can_rate_fulfilment",
    "can_record_achievement", "can_record_appraisal", "can_record_inspection",
    "can_replace_cadre", "can_review_log", "can_review_logs", "can_decide_leaves",
    "can_review_order", "can_review_orders", "can_run_matching",
    "can_schedule_inspection", "can_submit_order", "can_update_order", "can_update_placement",
    "can_verify_achievement", "can_withdraw_nomination",
]

"""召回 as a lifecycle step: proposed by the host or the home unit with a reason, decided by
the department; approved, the placement ends early — its end reason and its own event say
it was a recall."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate

from ..choices import ACTIVE_PLACEMENT_STATUSES
from ..models import PlacementEvent, Recall
from .lifecycle import confirm_end, lock_placement, placement_event
from .permissions import placement_sides, require_department_staff
from .validation import require_text


def check_propose_recall(user, placement) -> str:
    sides = placement_sides(user, placement) & {"host", "home"}
    if not sides:
        raise NotAllowed(_("召回由接收单位或派出单位提出"))
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("挂职已结束"), code="illegal_transition")
    if placement.recalls.filter(status=Recall.Status.PROPOSED).exists():
        raise RuleBroken(_("该挂职已有待决定的召回"), code="recall_open")
    return "host" if "host" in sides else "home"


can_propose_recall = predicate(check_propose_recall)


def propose_recall(placement, actor, reason):
    reason = require_text(reason, "reason", _("召回须说明理由"))
    with transaction.atomic():
        placement = lock_placement(placement)
        side = check_propose_recall(actor, placement)
        return Recall.objects.create(placement=placement, side=side, reason=reason,
                                     proposed_by=actor)


def check_decide_recall(user, recall):
    require_department_staff(user, recall.placement.batch.program)
    if recall.status != Recall.Status.PROPOSED:
        raise RuleBroken(_("该召回已决定"), code="recall_decided")


can_decide_recall = predicate(check_decide_recall)


def decide_recall(recall, actor, approve, note="", end_date=None):
    """Approve: the placement ends early on `end_date` (today by default) under the end's
    own rules; reject: it goes on, the decision kept."""
    note = (note or "").strip()
    if not approve and not note:
        message = _("不予召回须说明理由")
        raise InvalidInput(message, fields={"note": [message]})
    with transaction.atomic():
        recall = Recall.objects.select_for_update().select_related(
            "placement__batch__program").get(pk=recall.pk)
        check_decide_recall(actor, recall)
        recall.status = Recall.Status.APPROVED if approve else Recall.Status.REJECTED
        recall.decided_by, recall.decided_at, recall.decision_note = (
            actor, timezone.now(), note)
        recall.save()
        if approve:
            end = end_date or timezone.localdate()
            placement = confirm_end(recall.placement, actor, end,
                                    reason=_("召回：%s") % recall.reason)
            placement = lock_placement(placement)
            placement_event(placement, PlacementEvent.Kind.RECALLED, actor, recall.reason,
                            proposed_by=recall.get_side_display(), date=end)
        return recall

"""An order's or a placement's recorded history, for `…/history/` and the detail pages:
who did what and when, with the fields before and after."""
from django.utils.translation import gettext as _

from core.audit import actor_name, audit_trail

from .models import MatchProposal


def order_history(order):
    """Every status change of an order and every recorded change of its fields, oldest
    first."""
    return _merged(audit_trail(order), [
        {"at": e.created_at, "kind": e.to_status, "kind_display": e.get_to_status_display(),
         "actor": actor_name(e.actor), "note": e.note,
         "data": {"from_status": e.from_status, "to_status": e.to_status}}
        for e in order.events.select_related("actor").order_by("created_at", "id")
    ])


def _merged(audit, steps):
    """The workflow's steps and the audit trail's field changes in one timeline (a step comes
    before the field changes it made, which are stamped a moment later)."""
    return sorted(steps + audit, key=lambda r: r["at"])


def placement_history(placement):
    """A placement's steps, and the staff override that made it if matching was changed by
    hand (with its reason), oldest first."""
    rows = [
        {"at": e.created_at, "kind": e.kind, "kind_display": e.get_kind_display(),
         "actor": actor_name(e.actor), "note": e.note, "data": e.data}
        for e in placement.events.select_related("actor").order_by("created_at", "id")
    ]
    if placement.nomination_id:
        for p in (MatchProposal.objects.filter(nomination=placement.nomination_id)
                  .exclude(change_reason="").select_related("changed_by", "order")):
            rows.append({"at": p.decided_at or p.created_at, "kind": "override",
                         "kind_display": _("人工调整对接"), "actor": actor_name(p.changed_by),
                         "note": p.change_reason,
                         "data": {"order": str(p.order_id), "order_title": p.order.title,
                                  "score": str(p.score), "status": p.status}})
    return _merged(audit_trail(placement), rows)

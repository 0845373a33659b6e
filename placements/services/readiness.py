"""接收准备: the host ticks the program's checklist before the cadre arrives; the department
sees what is missing per batch; a start confirmed with items missing needs a reason
(placements.services.lifecycle.confirm_start)."""
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate

from ..choices import PlacementStatus
from ..models import Placement, ReadinessItem
from .permissions import placement_sides

BEFORE_START = (PlacementStatus.PLANNED, PlacementStatus.TRAINING)


def add_checklist(placement):
    """The program's checklist as the placement's items (called where a placement is made)."""
    checklist = placement.batch.program.readiness_checklist or []
    ReadinessItem.objects.bulk_create(
        [ReadinessItem(placement=placement, position=i, label=label)
         for i, label in enumerate(checklist)], ignore_conflicts=True)


def missing_items(placement) -> list[str]:
    return list(placement.readiness_items.filter(done_at__isnull=True)
                .order_by("position").values_list("label", flat=True))


def check_tick_readiness(user, item):
    """The host unit (or the department for it) — never the home unit — before the start."""
    sides = placement_sides(user, item.placement)
    if not sides & {"host", "department"}:
        raise NotAllowed(_("接收准备由接收单位确认"))
    if item.placement.status not in BEFORE_START:
        raise RuleBroken(_("干部已到岗，接收准备不再修改"), code="illegal_transition")


can_tick_readiness = predicate(check_tick_readiness)


def _locked(item):
    return ReadinessItem.objects.select_for_update(of=("self",)).select_related(
        "placement__batch__program", "placement__cadre").get(pk=item.pk)


def tick_readiness(item, actor, note=""):
    """Mark an item ready (again: its note updated)."""
    note = (note or "").strip()
    if len(note) > 500:
        message = _("说明不超过500字")
        raise InvalidInput(message, fields={"note": [message]})
    with transaction.atomic():
        item = _locked(item)
        check_tick_readiness(actor, item)
        item.done_at, item.done_by, item.note = timezone.now(), actor, note
        item.save(update_fields=["done_at", "done_by", "note"])
        return item


def untick_readiness(item, actor):
    with transaction.atomic():
        item = _locked(item)
        check_tick_readiness(actor, item)
        if item.done_at is None:
            raise RuleBroken(_("该事项尚未确认"), code="not_done")
        item.done_at, item.done_by = None, None
        item.save(update_fields=["done_at", "done_by"])
        return item


def batch_readiness(batch) -> dict:
    """What is missing per placement not yet started in a batch, and per item."""
    placements = (Placement.objects.filter(batch=batch, status__in=BEFORE_START)
                  .select_related("cadre", "host_unit")
                  .annotate(total=Count("readiness_items"),
                            missing=Count("readiness_items",
                                          filter=Q(readiness_items__done_at__isnull=True)))
                  .order_by("host_unit__name", "cadre__name"))
    rows = list(placements)
    missing = {}
    for pk, label in ReadinessItem.objects.filter(
            placement__in=[p.pk for p in rows if p.missing], done_at__isnull=True
    ).order_by("position").values_list("placement", "label"):
        missing.setdefault(pk, []).append(label)
    by_item = {}
    for labels in missing.values():
        for label in labels:
            by_item[label] = by_item.get(label, 0) + 1
    return {
        "placements": [{"placement": p.pk, "cadre": p.cadre.name, "host_unit": p.host_unit.name,
                        "status": p.status, "items": p.total, "missing": missing.get(p.pk, [])}
                       for p in rows],
        "ready": sum(1 for p in rows if not p.missing),
        "not_ready": sum(1 for p in rows if p.missing),
        "missing_by_item": [{"label": k, "count": v} for k, v in by_item.items()],
    }

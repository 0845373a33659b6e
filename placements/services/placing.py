"""Placing a cadre on a post: the one function every lane that makes a placement calls —
matching (accepting a proposal), direct placement (API, pages), the spreadsheet import and
replacement (轮换补派) — so that the batch's rules hold whichever way a placement is made:

1. the order, when there is one, belongs to the batch and the host unit, and can take a
   placement (DemandOrder.can_take_placement), checked under its row lock;
2. the host unit holds fewer than the batch's `cap_per_host_unit` seats;
3. the cadre has no relative or former post at the host unit (avoidance);
4. the cadre holds no other active placement in the batch;
5. the cadre's placements do not overlap (the model's clean and PostgreSQL's constraint).
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.models import Cadre
from core.exceptions import InvalidInput, RuleBroken, predicate
from programs.models import Batch, Unit

from ..capacity import team_cap
from ..choices import ACTIVE_PLACEMENT_STATUSES, PlacementStatus
from ..models import DemandOrder, Placement, PlacementEvent
from .avoidance import require_no_avoidance
from .dates import batch_term
from .handovers import open_for_replacement
from .lifecycle import (
    check_end_date,
    derive_direction,
    lock_placement,
    placement_event,
    placement_track,
    save_checked,
    sync_cadre_status,
)
from .orders import record_filled
from .permissions import require_department_staff
from .readiness import add_checklist
from .validation import not_in_future


def place(*, actor, cadre, batch, host_unit, home_unit, post_title, order=None, track=None,
          direction=None, start_date=None, planned_end_date=None, nomination=None,
          replaces=None, note="", event_data=None):
    """Make the placement, or refuse with the rule it breaks (400 bad input, 409 a rule).

    Runs inside the caller's transaction and locks the order and the cadre (and the batch
    where it caps its host units, so that two placements at one unit cannot both take the
    last seat). `replaces`: the placement this one takes over (its seat and order slot).
    `note` and `event_data` go to the placement's "created" event."""
    if order is not None:
        # Two staff placing on the same order at once: the second waits here and sees the
        # first one's slot taken.
        order = DemandOrder.objects.select_for_update().get(pk=order.pk)
        _check_order(order, batch, host_unit, takes_slot=replaces is None)
    if track is not None and track.program_id != batch.program_id:
        raise InvalidInput(_("子项目须属于该批次所在的项目"), fields={"track": [_("不属于该项目")]})
    _check_cap(batch, host_unit, replaces)
    _check_team_cap(batch, host_unit, replaces)
    cadre = Cadre.objects.select_for_update(of=("self",)).select_related(
        "employer__region", "native_place").get(pk=cadre.pk)
    require_no_avoidance(cadre, host_unit)
    if cadre.placements.filter(batch=batch, status__in=ACTIVE_PLACEMENT_STATUSES).exists():
        raise RuleBroken(_("%s 在本批次已有挂职") % cadre.name, code="already_placed")
    default_start, default_end = batch_term(batch, order.term_months if order else None)
    placement = Placement(
        cadre=cadre, batch=batch, order=order, nomination=nomination, replaces=replaces,
        home_unit=home_unit, host_unit=host_unit, post_title=post_title,
        track=track or placement_track(batch, order),
        direction=direction or derive_direction(home_unit, host_unit),
        start_date=start_date or default_start,
        planned_end_date=planned_end_date or default_end,
    )
    save_checked(placement)
    add_checklist(placement)
    PlacementEvent.objects.create(placement=placement, kind=PlacementEvent.Kind.CREATED,
                                  actor=actor, note=note, data=event_data or {})
    if order is not None and replaces is None:
        order.filled_count += 1
        record_filled(order)
    sync_cadre_status(cadre)
    return placement


def _check_order(order, batch, host_unit, takes_slot):
    if order.batch_id != batch.pk:
        raise InvalidInput(_("所选需求订单不属于该批次"), fields={"order": [_("订单不属于该批次")]})
    if order.receiving_unit_id != host_unit.pk:
        raise InvalidInput(_("接收单位须与需求订单的接收单位一致"),
                           fields={"host_unit": [_("与订单不一致")]})
    if takes_slot and not order.can_take_placement():
        raise RuleBroken(_("需求订单“%s”已满员或不在可对接状态") % order.title, code="order_filled")


def _check_cap(batch, host_unit, replaces):
    if batch.cap_per_host_unit is None:
        return
    # Lock the batch's row (no key update: rows that merely refer to the batch, such as
    # orders and nominations, do not wait) so that seats are counted one placing at a time.
    Batch.objects.select_for_update(no_key=True).filter(pk=batch.pk).first()
    seats = Placement.objects.holding_seats(batch).filter(host_unit=host_unit)
    if replaces is not None:
        seats = seats.exclude(pk=replaces.pk)
    if seats.count() >= batch.cap_per_host_unit:
        raise RuleBroken(_("接收单位“%(unit)s”在本批次已达上限 %(cap)s 人")
                         % {"unit": host_unit, "cap": batch.cap_per_host_unit},
                         code="unit_cap_reached")


def _check_team_cap(batch, host_unit, replaces):
    """同一领导班子交流不超过其职数的一定比例 (the program's leadership_share)."""
    cap = team_cap(host_unit, batch.program)
    if cap is None:
        return
    # Lock the unit's row (no key update) so that two placings count one after the other.
    Unit.objects.select_for_update(no_key=True).filter(pk=host_unit.pk).first()
    active = Placement.objects.filter(host_unit=host_unit, status__in=ACTIVE_PLACEMENT_STATUSES)
    if replaces is not None:
        active = active.exclude(pk=replaces.pk)
    if active.count() >= cap:
        raise RuleBroken(_("接收单位“%(unit)s”领导班子职数%(size)d名，同时挂职交流不超过%(cap)d名，"
                           "已满") % {"unit": host_unit, "size": host_unit.leadership_size,
                                      "cap": cap}, code="team_cap_reached")


def check_create_placement(user, batch):
    require_department_staff(user, batch.program)


can_create_placement = predicate(check_create_placement)


def create_placement(actor, cadre, batch, home_unit, host_unit, post_title, order=None,
                     track=None, direction=None, start_date=None, planned_end_date=None):
    """Place a cadre without a matching run (a placement agreed outside it, or recorded
    afterwards): the department's step, under the same rules as matching (see `place`) and
    the batch's term by default."""
    check_create_placement(actor, batch)
    with transaction.atomic():
        return place(actor=actor, cadre=cadre, batch=batch, home_unit=home_unit,
                     host_unit=host_unit, post_title=post_title, order=order, track=track,
                     direction=direction, start_date=start_date,
                     planned_end_date=planned_end_date, note=_("直接安排"))


def check_replace_cadre(user, placement):
    require_department_staff(user, placement.batch.program)
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("只能对进行中的挂职轮换补派"), code="illegal_transition")


can_replace_cadre = predicate(check_replace_cadre)


def replace_cadre(placement, actor, new_cadre, start_date, reason, post_title=None):
    """轮换补派: end a placement early and put another cadre on the same order, post and seat."""
    with transaction.atomic():
        old = lock_placement(placement)
        check_replace_cadre(actor, old)
        if not (reason or "").strip():
            raise InvalidInput(_("轮换补派必须说明原因"), fields={"reason": [_("请填写原因")]})
        if start_date <= old.start_date:
            raise RuleBroken(_("补派日期须晚于原挂职开始日期"), code="illegal_transition")
        end = start_date - timezone.timedelta(days=1)
        not_in_future(end, "start_date", _("原挂职的结束日期（补派日期前一天）"))
        check_end_date(old, end)
        new_cadre = Cadre.objects.select_related("employer__region").get(pk=new_cadre.pk)
        # Avoidance first: a refused replacement leaves the old placement as it was.
        require_no_avoidance(new_cadre, old.host_unit)
        old.status = PlacementStatus.ENDED_EARLY
        old.actual_end_date = end
        old.end_reason = reason
        old.host_confirmed_end_at = old.home_confirmed_end_at = timezone.now()
        save_checked(old)
        placement_event(old, PlacementEvent.Kind.REPLACED, actor, reason, date=end,
                        by=new_cadre.name)
        new = place(actor=actor, cadre=new_cadre, batch=old.batch, order=old.order,
                    home_unit=new_cadre.employer, host_unit=old.host_unit,
                    post_title=post_title or old.post_title, track=old.track,
                    start_date=start_date,
                    planned_end_date=max(old.planned_end_date, start_date),
                    replaces=old, note=reason, event_data={"replaces": str(old.pk)})
        sync_cadre_status(old.cadre)
        open_for_replacement(old, new, actor)
        return new

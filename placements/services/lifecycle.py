"""A placement's life: planned → training → on post → completed | ended early.

Start and end are confirmed by both the host and the home unit (joint management); org staff
may confirm for both. A placement never touches the cadre's employer or position: the home
post is kept throughout and is where the cadre returns.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.choices import CadreStatus
from cadres.models import Cadre
from programs.choices import LEVEL_RANK
from secondment.exceptions import InvalidInput, RuleBroken

from ..choices import (
    ACTIVE_PLACEMENT_STATUSES,
    INACTIVE_NOMINATION_STATUSES,
    Direction,
    PlacementStatus,
)
from ..models import NO_OVERLAP_CONSTRAINT, Placement, PlacementEvent
from .appraisals import has_end_of_term_appraisal
from .permissions import require_department_staff, unit_sides

Kind = PlacementEvent.Kind


def derive_direction(home_unit, host_unit) -> str:
    """下派 from a higher level to a lower one, 上挂 the other way; between units of the same
    level, 互派 inside the home unit's region and 外派 outside it."""
    home, host = LEVEL_RANK[home_unit.level], LEVEL_RANK[host_unit.level]
    if home > host:
        return Direction.DOWN
    if home < host:
        return Direction.UP
    if host_unit.region.path.startswith(home_unit.region.path):
        return Direction.MUTUAL
    return Direction.OUT


def sync_cadre_status(cadre):
    """The cadre's status follows their placements and nominations (the one place it is set)."""
    if cadre.placements.filter(status__in=ACTIVE_PLACEMENT_STATUSES).exists():
        status = CadreStatus.ON_PLACEMENT
    elif cadre.nominations.exclude(status__in=INACTIVE_NOMINATION_STATUSES).exclude(
            status="selected").exists():
        status = CadreStatus.NOMINATED
    elif cadre.placements.exists():
        status = CadreStatus.RETURNED
    else:
        status = CadreStatus.AVAILABLE
    if cadre.status != status:
        Cadre.objects.filter(pk=cadre.pk).update(status=status)
        cadre.status = status


def save_checked(placement, **save_kwargs):
    """Save after model validation; the overlap rule is also PostgreSQL's constraint, whose
    violation (two requests at once) gets the same message."""
    try:
        placement.full_clean(exclude=["partner", "nomination"])
    except ValidationError as exc:
        raise RuleBroken(exc.messages[0], code="placement_invalid",
                         fields=getattr(exc, "message_dict", {})) from None
    try:
        with transaction.atomic():
            placement.save(**save_kwargs)
    except IntegrityError as exc:
        if NO_OVERLAP_CONSTRAINT in str(exc):
            raise RuleBroken(_("该干部已有日期重叠的挂职"), code="placement_overlap") from None
        raise


def _lock(placement):
    return (Placement.objects.select_for_update(of=("self",))
            .select_related("batch__program", "host_unit", "home_unit", "cadre")
            .get(pk=placement.pk))


def _event(placement, kind, actor, note="", **data):
    PlacementEvent.objects.create(placement=placement, kind=kind, actor=actor, note=note,
                                  data={k: str(v) for k, v in data.items()})


def begin_training(placement, actor):
    with transaction.atomic():
        placement = _lock(placement)
        require_department_staff(actor, placement.batch.program)
        if placement.status != PlacementStatus.PLANNED:
            raise RuleBroken(_("只有待出发的挂职可以开始岗前培训"), code="illegal_transition")
        placement.status = PlacementStatus.TRAINING
        placement.save(update_fields=["status", "updated_at"])
        _event(placement, Kind.TRAINING, actor)
        return placement


def confirm_start(placement, actor, start_date=None):
    """One side confirms the cadre is on post; with both confirmations it is on post."""
    with transaction.atomic():
        placement = _lock(placement)
        sides = unit_sides(actor, placement)
        if placement.status not in (PlacementStatus.PLANNED, PlacementStatus.TRAINING):
            raise RuleBroken(_("挂职当前状态为“%s”，不能确认到岗") % placement.get_status_display(),
                             code="illegal_transition")
        now = timezone.now()
        if "host" in sides:
            placement.host_confirmed_start_at = now
        if "home" in sides:
            placement.home_confirmed_start_at = now
        if start_date:
            placement.start_date = start_date
        _event(placement, Kind.START_CONFIRMED, actor, sides="、".join(sorted(sides)))
        if placement.host_confirmed_start_at and placement.home_confirmed_start_at:
            placement.status = PlacementStatus.ON_POST
            _event(placement, Kind.STARTED, actor, start_date=placement.start_date)
        save_checked(placement)
        return placement


def extend_placement(placement, actor, planned_end_date, reason="", _partner=True):
    """Move the planned end later; a mutual pair is extended together."""
    with transaction.atomic():
        placement = _lock(placement)
        require_department_staff(actor, placement.batch.program)
        if placement.status not in ACTIVE_PLACEMENT_STATUSES:
            raise RuleBroken(_("已结束的挂职不能延期"), code="illegal_transition")
        if planned_end_date <= placement.planned_end_date:
            raise InvalidInput(
                _("延期后的结束日期须晚于原计划结束日期（%s）") % placement.planned_end_date,
                fields={"planned_end_date": [_("须晚于原计划结束日期")]})
        old = placement.planned_end_date
        placement.planned_end_date = planned_end_date
        save_checked(placement)
        _event(placement, Kind.EXTENDED, actor, reason, old=old, new=planned_end_date)
        if _partner and placement.partner_id:
            extend_placement(placement.partner, actor, planned_end_date, reason, _partner=False)
        return placement


def confirm_end(placement, actor, actual_end_date, reason="", _partner=True):
    """One side confirms the end; with both it is completed, or ended early before its planned
    end (which needs a reason). The cadre goes back to their home post."""
    with transaction.atomic():
        placement = _lock(placement)
        sides = unit_sides(actor, placement)
        if placement.status not in ACTIVE_PLACEMENT_STATUSES:
            raise RuleBroken(_("该挂职已结束"), code="illegal_transition")
        if actual_end_date < placement.start_date:
            raise InvalidInput(_("结束日期不能早于开始日期（%s）") % placement.start_date,
                               fields={"actual_end_date": [_("不能早于开始日期")]})
        early = actual_end_date < placement.planned_end_date
        if early and not (reason or "").strip():
            raise InvalidInput(_("提前结束挂职必须说明原因"), fields={"reason": [_("请填写原因")]})
        now = timezone.now()
        if "host" in sides:
            placement.host_confirmed_end_at = now
        if "home" in sides:
            placement.home_confirmed_end_at = now
        _event(placement, Kind.END_CONFIRMED, actor, reason, date=actual_end_date)
        if not early and not has_end_of_term_appraisal(placement):
            raise RuleBroken(_("期满结束前须由接收单位完成期满考核"),
                             code="appraisal_required")
        if placement.host_confirmed_end_at and placement.home_confirmed_end_at:
            placement.status = PlacementStatus.ENDED_EARLY if early else PlacementStatus.COMPLETED
            placement.actual_end_date = actual_end_date
            placement.end_reason = reason
            _event(placement, Kind.ENDED_EARLY if early else Kind.COMPLETED, actor, reason,
                   date=actual_end_date)
        save_checked(placement)
        sync_cadre_status(placement.cadre)
        if _partner and placement.partner_id and placement.actual_end_date:
            partner = placement.partner
            if partner.status in ACTIVE_PLACEMENT_STATUSES:
                require_department_staff(actor, placement.batch.program)
                confirm_end(partner, actor, actual_end_date, reason, _partner=False)
        return placement


def link_mutual_pair(first, second, actor):
    """Pair a county cadre going up with a provincial cadre going down (互派)."""
    with transaction.atomic():
        a, b = (_lock(p) for p in sorted((first, second), key=lambda p: p.pk))
        require_department_staff(actor, a.batch.program)
        if a.batch_id != b.batch_id:
            raise RuleBroken(_("互派的两个挂职须属于同一批次"), code="pair_invalid")
        if {a.home_unit_id, a.host_unit_id} != {b.host_unit_id, b.home_unit_id}:
            raise RuleBroken(_("互派须是两个单位之间的对调"), code="pair_invalid")
        if a.partner_id or b.partner_id:
            raise RuleBroken(_("其中一方已有互派对象"), code="pair_invalid")
        a.partner, b.partner = b, a
        a.direction = b.direction = Direction.MUTUAL
        a.save(update_fields=["partner", "direction", "updated_at"])
        b.save(update_fields=["partner", "direction", "updated_at"])
        return a, b


def replace_cadre(placement, actor, new_cadre, start_date, reason, post_title=None):
    """轮换补派: end a placement early and put another cadre on the same order and post."""
    with transaction.atomic():
        old = _lock(placement)
        require_department_staff(actor, old.batch.program)
        if not (reason or "").strip():
            raise InvalidInput(_("轮换补派必须说明原因"), fields={"reason": [_("请填写原因")]})
        if old.status not in ACTIVE_PLACEMENT_STATUSES or start_date <= old.start_date:
            raise RuleBroken(_("只能对进行中的挂职轮换补派，且补派日期须晚于原挂职开始日期"),
                             code="illegal_transition")
        Cadre.objects.select_for_update().get(pk=new_cadre.pk)
        end = start_date - timezone.timedelta(days=1)
        old.status = PlacementStatus.ENDED_EARLY
        old.actual_end_date = end
        old.end_reason = reason
        old.host_confirmed_end_at = old.home_confirmed_end_at = timezone.now()
        save_checked(old)
        _event(old, Kind.REPLACED, actor, reason, date=end, by=new_cadre.name)
        new = Placement(
            cadre=new_cadre, batch=old.batch, track=old.track, order=old.order,
            home_unit=new_cadre.employer, host_unit=old.host_unit,
            post_title=post_title or old.post_title,
            direction=derive_direction(new_cadre.employer, old.host_unit),
            start_date=start_date, planned_end_date=max(old.planned_end_date, start_date),
            replaces=old,
        )
        save_checked(new)
        _event(new, Kind.CREATED, actor, reason, replaces=old.pk)
        sync_cadre_status(old.cadre)
        sync_cadre_status(new_cadre)
        return new

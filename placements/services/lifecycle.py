"""A placement's life: planned → training → on post → completed | ended early.

Start and end are confirmed by both the host and the home unit (joint management); org staff
may confirm for both. A placement never touches the cadre's employer or position: the home
post is kept throughout and is where the cadre returns.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import ensure_cadre_login
from cadres.choices import CadreStatus
from core.exceptions import InvalidInput, RuleBroken, predicate
from programs.choices import LEVEL_RANK

from ..choices import (
    ACTIVE_PLACEMENT_STATUSES,
    INACTIVE_NOMINATION_STATUSES,
    Direction,
    PlacementStatus,
)
from ..models import NO_OVERLAP_CONSTRAINT, Placement, PlacementEvent
from .appraisals import has_end_of_term_appraisal
from .permissions import (
    is_department_staff,
    partner_sides,
    require_department_staff,
    unit_sides,
)
from .validation import not_in_future

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


def placement_track(batch, order=None):
    """The track a new placement counts towards: its order's, else the program's only
    secondment track (None when the program has several and the order names none)."""
    from programs.choices import TrackKind
    from programs.models import Track

    if order is not None and order.track_id:
        return order.track
    tracks = list(Track.objects.filter(program=batch.program_id, kind=TrackKind.SECONDMENT)[:2])
    return tracks[0] if len(tracks) == 1 else None


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
        cadre.status = status
        cadre.save(update_fields=["status", "updated_at"])  # saved, so the audit trail has it


def save_checked(placement, **save_kwargs):
    """Save after model validation: wrong dates are bad input (400), an overlap with another
    placement a broken rule (409) — also PostgreSQL's constraint, whose violation (two
    requests at once) gets the same message."""
    try:
        placement.full_clean(exclude=["partner", "nomination"])
    except ValidationError as exc:
        errors = [e for errs in exc.error_dict.values() for e in errs]
        error_class = RuleBroken if any(e.code == "overlap" for e in errors) else InvalidInput
        raise error_class(exc.messages[0], code="placement_overlap" if error_class is RuleBroken
                          else "placement_invalid", fields=exc.message_dict) from None
    try:
        with transaction.atomic():
            placement.save(**save_kwargs)
    except IntegrityError as exc:
        if NO_OVERLAP_CONSTRAINT in str(exc):
            raise RuleBroken(_("该干部已有日期重叠的挂职"), code="placement_overlap") from None
        raise


def lock_placement(placement):
    # FOR NO KEY UPDATE, as services.records.fresh_placement says why.
    return (Placement.objects.select_for_update(of=("self",), no_key=True)
            .select_related("batch__program", "host_unit", "home_unit", "cadre")
            .get(pk=placement.pk))


def placement_event(placement, kind, actor, note="", **data):
    PlacementEvent.objects.create(placement=placement, kind=kind, actor=actor, note=note,
                                  data={k: str(v) for k, v in data.items()})


def check_begin_training(user, placement):
    require_department_staff(user, placement.batch.program)
    if placement.status != PlacementStatus.PLANNED:
        raise RuleBroken(_("只有待出发的挂职可以开始岗前培训"), code="illegal_transition")


can_begin_training = predicate(check_begin_training)


def begin_training(placement, actor):
    with transaction.atomic():
        placement = lock_placement(placement)
        check_begin_training(actor, placement)
        placement.status = PlacementStatus.TRAINING
        placement.save(update_fields=["status", "updated_at"])
        placement_event(placement, Kind.TRAINING, actor)
        return placement


def check_confirm_start(user, placement, sides=None):
    """The sides (host, home) the user confirms the start for; refused for anyone else (403)
    and once the placement has started (409)."""
    sides = sides or unit_sides(user, placement)
    if placement.status not in (PlacementStatus.PLANNED, PlacementStatus.TRAINING):
        raise RuleBroken(_("挂职当前状态为“%s”，不能确认到岗") % placement.get_status_display(),
                         code="illegal_transition")
    return sides


can_confirm_start = predicate(check_confirm_start)


def confirm_start(placement, actor, start_date=None, reason="", _partner=True, _sides=None):
    """One side confirms the cadre is on post; with both confirmations it is on post. A
    mutual pair's partner is confirmed by the same unit at once (it plays the other side
    there). While the host's readiness checklist has items not done, a confirmation needs
    a reason (400 `readiness_incomplete`), kept with the event."""
    from .readiness import missing_items

    reason = (reason or "").strip()
    with transaction.atomic():
        placement = lock_placement(placement)
        sides = check_confirm_start(actor, placement, _sides)
        not_in_future(start_date or placement.start_date, "start_date", _("到岗日期"))
        missing = missing_items(placement)
        if missing and not reason:
            message = _("接收准备尚有未完成事项（%s），确认到岗须说明原因") % "、".join(missing)
            raise InvalidInput(message, code="readiness_incomplete",
                               fields={"reason": [message], "missing": missing})
        now = timezone.now()
        if "host" in sides:
            placement.host_confirmed_start_at = now
        if "home" in sides:
            placement.home_confirmed_start_at = now
        if start_date and start_date != placement.start_date:
            # The term runs from the day the cadre arrived: a later (or earlier) start moves
            # the planned end by as much, so a 12-month order is served 12 months.
            placement.planned_end_date += start_date - placement.start_date
            placement.start_date = start_date
        extra = {"missing": "、".join(missing)} if missing else {}
        placement_event(placement, Kind.START_CONFIRMED, actor, reason if missing else "",
                        sides="、".join(sorted(sides)), **extra)
        if placement.host_confirmed_start_at and placement.home_confirmed_start_at:
            placement.status = PlacementStatus.ON_POST
            placement_event(placement, Kind.STARTED, actor, start_date=placement.start_date)
            # From now on the diary is the cadre's to write: org staff hand over the invitation.
            ensure_cadre_login(placement.cadre)
        save_checked(placement)
        partner = _active_partner(placement) if _partner else None
        if partner is not None and partner.status != PlacementStatus.ON_POST:
            confirm_start(partner, actor, reason=reason, _partner=False,
                          _sides=partner_sides(actor, partner))
        return placement


def _active_partner(placement):
    if not placement.partner_id:
        return None
    partner = lock_placement(placement.partner)
    return partner if partner.status in ACTIVE_PLACEMENT_STATUSES else None


# The longest a placement may run when its program sets no end date.
MAX_TERM_MONTHS = 60


def latest_end(placement):
    """The latest planned end a placement may be extended to: its program's end, else
    MAX_TERM_MONTHS after its start."""
    from .dates import add_months

    program_end = placement.batch.program.end_date
    return program_end or add_months(placement.start_date, MAX_TERM_MONTHS)


def check_confirm_end(user, placement, sides=None):
    """The sides (host, home) the user confirms the end for; refused for anyone else (403)
    and once the placement has ended (409)."""
    sides = sides or unit_sides(user, placement)
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("该挂职已结束"), code="illegal_transition")
    return sides


can_confirm_end = predicate(check_confirm_end)


def check_end_date(placement, actual_end_date):
    """An end never leaves what happened after it in force: refused (409) while diary days
    are recorded after it, or while allowance statements settled months past it (correct
    those statements first, through the correction step)."""
    from programs.calendar import month_bounds, overlap_days

    later = placement.work_logs.filter(date__gt=actual_end_date).order_by("-date")
    count = later.count()
    if count:
        message = (_("%(date)s之后已有%(n)d天挂职纪实（最晚%(last)s），"
                     "结束日期不能早于已记录的工作；请核对结束日期")
                   % {"date": actual_end_date, "n": count, "last": later.first().date})
        raise RuleBroken(message, code="diary_after_end",
                         fields={"actual_end_date": [message]})
    # A settled month may count on-post days only up to the end: a statement of a month
    # past it, or of its month counting more days than the end leaves, would stay in force.
    end_month = f"{actual_end_date.year:04d}-{actual_end_date.month:02d}"
    for month, days in (placement.allowance_statements.filter(
            is_current=True, month__gte=end_month).order_by("month")
            .values_list("month", "days_on_post")):
        first, last = month_bounds(month)
        if days > overlap_days(placement.start_date, actual_end_date, first, last):
            message = (_("%(month)s的生活补助已按%(days)d天结算，结束日期不能早于结算所计的天数；"
                         "请先更正该月及以后的结算单")
                       % {"month": month, "days": days})
            raise RuleBroken(message, code="statements_after_end",
                             fields={"actual_end_date": [message]})


def confirm_end(placement, actor, actual_end_date, reason="", _partner=True, _sides=None):
    """One side confirms the end; with both it is completed, or ended early before its planned
    end (which needs a reason). The cadre goes back to their home post. A mutual pair's
    partner is confirmed by the same unit at once, on the same day or at its own planned end
    if that comes first."""
    with transaction.atomic():
        placement = lock_placement(placement)
        sides = check_confirm_end(actor, placement, _sides)
        if actual_end_date < placement.start_date:
            raise InvalidInput(_("结束日期不能早于开始日期（%s）") % placement.start_date,
                               fields={"actual_end_date": [_("不能早于开始日期")]})
        not_in_future(actual_end_date, "actual_end_date", _("实际结束日期"))
        early = actual_end_date < placement.planned_end_date
        if early and not (reason or "").strip():
            raise InvalidInput(_("提前结束挂职必须说明原因"), fields={"reason": [_("请填写原因")]})
        check_end_date(placement, actual_end_date)
        now = timezone.now()
        if "host" in sides:
            placement.host_confirmed_end_at = now
        if "home" in sides:
            placement.home_confirmed_end_at = now
        # Who decided: one unit's side, or the department for both at once (recorded so).
        decided = (_("组织部代双方确认") if is_department_staff(actor, placement.batch.program)
                   and sides == {"host", "home"} else "、".join(sorted(sides)))
        placement_event(placement, Kind.END_CONFIRMED, actor, reason, date=actual_end_date,
                        sides=decided)
        if not early and not has_end_of_term_appraisal(placement):
            raise RuleBroken(_("期满结束前须由接收单位完成期满考核"),
                             code="appraisal_required")
        if placement.host_confirmed_end_at and placement.home_confirmed_end_at:
            placement.status = PlacementStatus.ENDED_EARLY if early else PlacementStatus.COMPLETED
            placement.actual_end_date = actual_end_date
            placement.end_reason = reason
            placement_event(placement, Kind.ENDED_EARLY if early else Kind.COMPLETED, actor, reason,
                   date=actual_end_date)
        save_checked(placement)
        sync_cadre_status(placement.cadre)
        partner = _active_partner(placement) if _partner else None
        if partner is not None:
            partner_end = max(min(actual_end_date, partner.planned_end_date), partner.start_date)
            confirm_end(partner, actor, partner_end, reason, _partner=False,
                        _sides=partner_sides(actor, partner))
        return placement


def check_link_mutual_pair(user, placement):
    """Whether `placement` may be paired by the user (its partner is checked as it is chosen)."""
    require_department_staff(user, placement.batch.program)
    if placement.partner_id:
        raise RuleBroken(_("其中一方已有互派对象"), code="pair_invalid")
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("已结束的挂职不能结成互派"), code="pair_invalid")


can_link_mutual_pair = predicate(check_link_mutual_pair)


def link_mutual_pair(first, second, actor):
    """Pair a cadre going one way with one coming the other way between the same two units
    (互派). The link is symmetric; start, extension and end then move both."""
    if first.pk == second.pk:
        raise InvalidInput(_("不能与自身结成互派"), fields={"partner": [_("请选择另一挂职")]})
    with transaction.atomic():
        a, b = (lock_placement(p) for p in sorted((first, second), key=lambda p: p.pk))
        require_department_staff(actor, a.batch.program)
        require_department_staff(actor, b.batch.program)
        if a.batch_id != b.batch_id:
            raise RuleBroken(_("互派的两个挂职须属于同一批次"), code="pair_invalid")
        if (a.home_unit_id, a.host_unit_id) != (b.host_unit_id, b.home_unit_id):
            raise RuleBroken(_("互派须是两个单位之间的对调"), code="pair_invalid")
        check_link_mutual_pair(actor, a)
        check_link_mutual_pair(actor, b)
        a.partner, b.partner = b, a
        a.direction = b.direction = Direction.MUTUAL
        a.save(update_fields=["partner", "direction", "updated_at"])
        b.save(update_fields=["partner", "direction", "updated_at"])
        placement_event(a, Kind.PAIRED, actor, partner=b.pk, cadre=b.cadre.name)
        placement_event(b, Kind.PAIRED, actor, partner=a.pk, cadre=a.cadre.name)
        return a, b


# What staff may still edit on a placement, and until when; everything else moves by a step.
ALWAYS_EDITABLE = ("post_title", "track", "insured_until")
EDITABLE_BEFORE_START = ("start_date", "planned_end_date")


def check_update_placement(user, placement):
    require_department_staff(user, placement.batch.program)


can_update_placement = predicate(check_update_placement)


def update_placement(placement, actor, **fields):
    """Correct a placement's post or track; its dates only before it starts (afterwards
    extension and end are their own steps)."""
    with transaction.atomic():
        placement = lock_placement(placement)
        check_update_placement(actor, placement)
        changed = {k: v for k, v in fields.items() if getattr(placement, k) != v}
        allowed = set(ALWAYS_EDITABLE)
        if placement.status in (PlacementStatus.PLANNED, PlacementStatus.TRAINING):
            allowed |= set(EDITABLE_BEFORE_START)
        refused = sorted(set(changed) - allowed)
        if refused:
            message = _("这些字段不能直接修改，请通过相应的流程操作：%s") % "、".join(refused)
            raise InvalidInput(message, code="not_editable",
                               fields={name: [_("请通过流程操作修改")] for name in refused})
        track = changed.get("track")
        if track is not None and track.program_id != placement.batch.program_id:
            raise InvalidInput(_("子项目须属于该批次所在的项目"),
                               fields={"track": [_("不属于该项目")]})
        for name, value in changed.items():
            setattr(placement, name, value)
        save_checked(placement)
        if changed:
            placement_event(placement, Kind.EDITED, actor, "",
                   **{name: getattr(placement, name) for name in changed})
        return placement

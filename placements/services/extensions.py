"""延期: the host asks (its need), the home unit consents, the cadre agrees — each a step with
who and when — and only then may the department move the planned end. The current 任务书
follows as a new version the three have already confirmed through the extension."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate

from ..choices import ACTIVE_PLACEMENT_STATUSES
from ..models import Agreement, Extension
from ..models.agreements import TERMS
from .lifecycle import (
    Kind,
    _active_partner,
    latest_end,
    lock_placement,
    placement_event,
    save_checked,
)
from .permissions import placement_sides, require_department_staff
from .validation import require_text

Status = Extension.Status
SIDE_LABELS = {"host": _("接收单位申请"), "home": _("派出单位同意"), "cadre": _("本人同意")}


def _reason(reason, field="reason"):
    return require_text(reason, field, _("请说明理由"))


def check_request_extension(user, placement):
    """The host unit asks, while the placement runs and no other request is open."""
    if "host" not in placement_sides(user, placement):
        raise NotAllowed(_("延期由接收单位根据工作需要提出"))
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("已结束的挂职不能延期"), code="illegal_transition")
    if placement.extensions.filter(status__in=Extension.OPEN).exists():
        raise RuleBroken(_("该挂职已有一份待办的延期申请"), code="extension_open")


can_request_extension = predicate(check_request_extension)


def request_extension(placement, actor, planned_end_date, reason):
    reason = _reason(reason)
    with transaction.atomic():
        placement = lock_placement(placement)
        check_request_extension(actor, placement)
        _check_new_end(placement, planned_end_date)
        return Extension.objects.create(
            placement=placement, planned_end_date=planned_end_date,
            previous_end_date=placement.planned_end_date, reason=reason, requested_by=actor)


def check_answer_extension(user, extension) -> str:
    """The side the user answers for: the home unit (consent) or the cadre (agreement),
    once each, while the request is open."""
    sides = placement_sides(user, extension.placement) & {"home", "cadre"}
    if not sides:
        raise NotAllowed(_("只有派出单位和挂职干部本人答复延期申请"))
    if extension.status != Status.REQUESTED:
        raise RuleBroken(_("该延期申请已“%s”") % extension.get_status_display(),
                         code="extension_decided")
    open_sides = [s for s in ("home", "cadre") if s in sides and s in extension.pending()]
    if not open_sides:
        raise RuleBroken(_("您已同意过该延期申请"), code="already_confirmed")
    return open_sides[0]


can_answer_extension = predicate(check_answer_extension)


def _locked(extension):
    return Extension.objects.select_for_update().select_related(
        "placement__batch__program", "placement__cadre").get(pk=extension.pk)


def agree_extension(extension, actor):
    """The home unit's consent or the cadre's agreement; with both it is agreed by three."""
    with transaction.atomic():
        extension = _locked(extension)
        side = "home_consented" if check_answer_extension(actor, extension) == "home" \
            else "cadre_agreed"
        setattr(extension, f"{side}_at", timezone.now())
        setattr(extension, f"{side}_by", actor)
        if not extension.pending():
            extension.status = Status.AGREED
        extension.save()
        return extension


def refuse_extension(extension, actor, reason):
    """The home unit or the cadre says no (with a reason): the request is closed."""
    reason = _reason(reason)
    with transaction.atomic():
        extension = _locked(extension)
        check_answer_extension(actor, extension)
        extension.status = Status.REFUSED
        extension.refused_at, extension.refused_by = timezone.now(), actor
        extension.refusal_reason = reason
        extension.save()
        return extension


def check_extend_placement(user, placement):
    """The department extends a running placement once the host, the home unit and the cadre
    have agreed to it (409 `extension_not_agreed`, naming who has not)."""
    require_department_staff(user, placement.batch.program)
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("已结束的挂职不能延期"), code="illegal_transition")
    return _agreed(placement)


can_extend_placement = predicate(check_extend_placement)


def _agreed(placement, code="extension_not_agreed"):
    open_request = placement.extensions.filter(status__in=Extension.OPEN).first()
    if open_request is None:
        message = _("延期须由接收单位提出申请，经派出单位和本人同意")
        raise RuleBroken(message, code=code)
    if open_request.status != Status.AGREED:
        missing = "、".join(str(SIDE_LABELS[s]) for s in open_request.pending())
        raise RuleBroken(_("延期尚缺：%s") % missing, code=code,
                         fields={"pending": open_request.pending()})
    return open_request


def extend_placement(placement, actor, planned_end_date=None, reason="", _partner=True):
    """Move the planned end to the agreed date (or an earlier one within it), within the
    program's end; a mutual pair's partner moves by the same number of days, with its own
    three parties' agreement."""
    with transaction.atomic():
        placement = lock_placement(placement)
        extension = check_extend_placement(actor, placement)
        planned_end_date = planned_end_date or extension.planned_end_date
        _check_new_end(placement, planned_end_date)
        if planned_end_date > extension.planned_end_date:
            message = _("延期不能晚于三方同意的%s") % extension.planned_end_date
            raise InvalidInput(message, code="beyond_agreed",
                               fields={"planned_end_date": [message]})
        old = placement.planned_end_date
        placement.planned_end_date = planned_end_date
        save_checked(placement)
        placement_event(placement, Kind.EXTENDED, actor, reason or extension.reason, old=old,
                        new=planned_end_date)
        extension.status, extension.applied_at, extension.applied_by = (
            Status.APPLIED, timezone.now(), actor)
        extension.save(update_fields=["status", "applied_at", "applied_by"])
        _follow_in_agreement(placement, extension, actor)
        partner = _active_partner(placement) if _partner else None
        if partner is not None:
            _agreed(partner, code="partner_extension_not_agreed")
            extend_placement(partner, actor, partner.planned_end_date + (planned_end_date - old),
                             reason, _partner=False)
        return placement


def _check_new_end(placement, planned_end_date):
    if planned_end_date <= placement.planned_end_date:
        raise InvalidInput(
            _("延期后的结束日期须晚于原计划结束日期（%s）") % placement.planned_end_date,
            fields={"planned_end_date": [_("须晚于原计划结束日期")]})
    limit = latest_end(placement)
    if planned_end_date > limit:
        message = _("延期后的结束日期不能晚于%s（项目结束日期或最长挂职期限）") % limit
        raise InvalidInput(message, code="beyond_limit", fields={"planned_end_date": [message]})


def _follow_in_agreement(placement, extension, actor):
    """The current 任务书 gets a version with the new end, confirmed by the three through the
    extension itself (their request, consent and agreement are its confirmations)."""
    current = Agreement.objects.select_for_update().filter(placement=placement,
                                                            is_current=True).first()
    if current is None or current.end_date == placement.planned_end_date:
        return
    values = {name: getattr(current, name) for name in TERMS}
    values["end_date"] = placement.planned_end_date
    Agreement.objects.filter(pk=current.pk).update(is_current=False)
    Agreement.objects.create(
        placement=placement, version=current.version + 1, created_by=actor,
        change_reason=_("延期：%s") % extension.reason, **values,
        confirmed_by_host_at=extension.requested_at, confirmed_by_host=extension.requested_by,
        confirmed_by_home_at=extension.home_consented_at,
        confirmed_by_home=extension.home_consented_by,
        confirmed_by_cadre_at=extension.cadre_agreed_at,
        confirmed_by_cadre=extension.cadre_agreed_by)

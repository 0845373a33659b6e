"""Achievements (履职成果): what a cadre won for the host place, recorded by the cadre or the
host unit, verified by the host unit; a verified record no longer changes."""
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, RuleBroken, predicate

from ..choices import STARTED_PLACEMENT_STATUSES
from ..models import Achievement
from .permissions import require_side
from .records import fresh_placement, lock_record
from .validation import full_clean_or_400, require_text, require_within_post

EDITABLE_FIELDS = ("category", "title", "amount", "count", "date", "evidence", "evidence_file")
_RECORDERS = ("cadre", "host", "department")


def _check(achievement):
    try:
        amount = Decimal(achievement.amount if achievement.amount is not None else 0)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidInput(_("金额格式不正确"), fields={"amount": [_("格式不正确")]}) from None
    if amount < 0:
        raise InvalidInput(_("金额不能为负数"), fields={"amount": [_("不能为负数")]})
    if achievement.count is not None and achievement.count < 0:
        raise InvalidInput(_("数量不能为负数"), fields={"count": [_("不能为负数")]})
    achievement.title = require_text(achievement.title, "title", _("请填写成果名称"))
    require_within_post(achievement.placement, achievement.date, what=_("成果日期"))
    full_clean_or_400(achievement, exclude=["placement", "recorded_by", "verified_by"])


def check_record_achievement(user, placement):
    require_side(user, placement, *_RECORDERS,
                 message=_("只有挂职干部本人、接收单位或组织部可以登记履职成果"))
    if placement.status not in STARTED_PLACEMENT_STATUSES:
        raise RuleBroken(_("挂职尚未到岗，不能登记履职成果"), code="not_on_post")


can_record_achievement = predicate(check_record_achievement)


def record_achievement(actor, placement, **fields):
    placement = fresh_placement(placement)
    check_record_achievement(actor, placement)
    achievement = Achievement(placement=placement, recorded_by=actor,
                              **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    _check(achievement)
    achievement.save()
    return achievement


def edit_achievement(achievement, actor, **changes):
    with transaction.atomic():
        achievement = lock_record(achievement)
        require_side(actor, achievement.placement, *_RECORDERS,
                     message=_("只能修改本人或本单位相关的履职成果"))
        if achievement.verified:
            raise RuleBroken(_("该成果已核实，不能再修改"), code="verified")
        for name in EDITABLE_FIELDS:
            if name in changes:
                setattr(achievement, name, changes[name])
        _check(achievement)
        achievement.save()
        return achievement


def delete_achievement(achievement, actor):
    with transaction.atomic():
        achievement = lock_record(achievement)
        require_side(actor, achievement.placement, *_RECORDERS,
                     message=_("只能删除本人或本单位相关的履职成果"))
        if achievement.verified:
            raise RuleBroken(_("该成果已核实，不能删除"), code="verified")
        achievement.delete()


def check_verify_achievement(user, achievement):
    require_side(user, achievement.placement, "host", "department",
                 message=_("只有接收单位可以核实本单位挂职干部的成果"))
    if achievement.verified:
        raise RuleBroken(_("该成果已核实"), code="verified")


can_verify_achievement = predicate(check_verify_achievement)


def verify_achievement(achievement, actor):
    with transaction.atomic():
        achievement = lock_record(achievement)
        check_verify_achievement(actor, achievement)
        achievement.verified = True
        achievement.verified_by, achievement.verified_at = actor, timezone.now()
        achievement.save(update_fields=["verified", "verified_by", "verified_at"])
        return achievement

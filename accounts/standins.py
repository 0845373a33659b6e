"""代理人 as steps: a unit's operator names a colleague of the unit to stand in for dated
absence; the steps the stand-in takes then are recorded on the operator's behalf; reviews
that waited 5 working days are re-sent to whoever is there (placements.tasks)."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken
from core.roles import UNIT_ROLES

from .models import StandIn, StandInStep, User


def check_name_stand_in(user):
    if user.role not in UNIT_ROLES or not user.unit_id:
        raise NotAllowed(_("代理人由单位经办人本人设置"))


def name_stand_in(operator, stand_in, starts_on, ends_on, reason=""):
    check_name_stand_in(operator)
    if stand_in is None or stand_in.pk == operator.pk or not stand_in.is_active \
            or stand_in.unit_id != operator.unit_id or stand_in.role not in UNIT_ROLES:
        message = _("代理人须是本单位的其他经办人")
        raise InvalidInput(message, code="not_same_unit", fields={"stand_in": [message]})
    if ends_on < starts_on:
        message = _("结束日期不能早于开始日期")
        raise InvalidInput(message, fields={"ends_on": [message]})
    if ends_on < timezone.localdate():
        message = _("结束日期不能早于今天")
        raise InvalidInput(message, fields={"ends_on": [message]})
    with transaction.atomic():
        # One operator's stand-ins are set one at a time: their row is the lock.
        User.objects.select_for_update().filter(pk=operator.pk).first()
        clash = StandIn.objects.filter(operator=operator, starts_on__lte=ends_on,
                                       ends_on__gte=starts_on).first()
        if clash is not None:
            raise RuleBroken(_("与已设置的代理（%s）时间重叠") % clash, code="stand_in_overlap")
        return StandIn.objects.create(operator=operator, stand_in=stand_in,
                                      starts_on=starts_on, ends_on=ends_on,
                                      reason=(reason or "").strip()[:200])


def withdraw_stand_in(stand_in, actor):
    if stand_in.operator_id != actor.pk:
        raise NotAllowed(_("只有设置代理的经办人可以撤销"))
    stand_in.delete()


def covered(user, day=None):
    """The operators `user` stands in for on `day` (today by default)."""
    day = day or timezone.localdate()
    return [s.operator for s in StandIn.objects.filter(
        stand_in=user, starts_on__lte=day, ends_on__gte=day).select_related("operator")]


def away(unit_id, day=None):
    """The unit's operators away on `day`, each with who stands in: {operator: stand-in}."""
    day = day or timezone.localdate()
    return {s.operator: s.stand_in for s in StandIn.objects.filter(
        operator__unit=unit_id, starts_on__lte=day, ends_on__gte=day).select_related(
        "operator", "stand_in")}


def record_step(sender, step, obj, actor, **details):
    """core.signals.step_taken: a step taken by someone standing in is recorded for each
    operator they stand in for today."""
    if actor is None or not getattr(actor, "pk", None):
        return
    operators = covered(actor)
    if not operators:
        return
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    StandInStep.objects.bulk_create([
        StandInStep(stand_in=actor, operator=operator, step=step, subject=str(obj)[:200],
                    url=url[:300]) for operator in operators])

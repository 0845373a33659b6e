"""挂职任务书: drafted from the order and the program, confirmed by the three parties — the
home unit, the host unit and the cadre — each a step with who and when; a change (变更) is a
new version the three confirm again, the earlier ones kept."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate

from ..choices import ACTIVE_PLACEMENT_STATUSES
from ..models import Agreement
from ..models.agreements import PARTIES, TERMS
from .permissions import placement_sides
from .records import fresh_placement

PARTY_LABELS = {"home": _("派出单位"), "host": _("接收单位"), "cadre": _("本人")}


def check_draft_agreement(user, placement):
    """The department or either unit drafts it, while the placement runs."""
    if not placement_sides(user, placement) & {"department", "host", "home"}:
        raise NotAllowed(_("只有组织部、接收单位或派出单位可以起草任务书"))
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("挂职已结束，不能起草任务书"), code="illegal_transition")
    if placement.agreements.exists():
        raise RuleBroken(_("该挂职已有任务书，如需修改请提出变更"), code="agreement_exists")


can_draft_agreement = predicate(check_draft_agreement)


def draft_agreement(actor, placement, **terms):
    """Version 1, its blanks filled from the order (goals) and the placement (post, dates)."""
    with transaction.atomic():
        placement = fresh_placement(placement, lock=True)
        check_draft_agreement(actor, placement)
        order = placement.order
        values = {"goals": order.goals if order else "", "post_title": placement.post_title,
                  "start_date": placement.start_date,
                  "end_date": placement.planned_end_date, **_given(terms)}
        _require_terms(values)
        return Agreement.objects.create(placement=placement, version=1, created_by=actor,
                                        **values)


def check_confirm_agreement(user, agreement) -> str:
    """The party the user confirms for: the home unit, the host unit or the cadre, once each,
    on the current version."""
    sides = placement_sides(user, agreement.placement) & set(PARTIES)
    if not sides:
        raise NotAllowed(_("只有派出单位、接收单位和挂职干部本人确认任务书"))
    if not agreement.is_current:
        raise RuleBroken(_("该版本已被变更取代，请确认现行版本"), code="superseded")
    open_sides = [s for s in PARTIES if s in sides and not getattr(
        agreement, f"confirmed_by_{s}_at")]
    if not open_sides:
        raise RuleBroken(_("您已确认过该版本任务书"), code="already_confirmed")
    return open_sides[0]


can_confirm_agreement = predicate(check_confirm_agreement)


def confirm_agreement(agreement, actor):
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().select_related(
            "placement__batch__program", "placement__cadre").get(pk=agreement.pk)
        side = check_confirm_agreement(actor, agreement)
        setattr(agreement, f"confirmed_by_{side}_at", timezone.now())
        setattr(agreement, f"confirmed_by_{side}", actor)
        agreement.save(update_fields=[f"confirmed_by_{side}_at", f"confirmed_by_{side}"])
        return agreement


def check_amend_agreement(user, agreement):
    if not placement_sides(user, agreement.placement) & {"department", "host", "home", "cadre"}:
        raise NotAllowed(_("只有任务书的各方和组织部可以提出变更"))
    if not agreement.is_current:
        raise RuleBroken(_("只能变更现行版本"), code="superseded")
    if agreement.placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("挂职已结束，不能变更任务书"), code="illegal_transition")


can_amend_agreement = predicate(check_amend_agreement)


def amend_agreement(agreement, actor, reason, **changes):
    """变更: a new version with the changes, to be confirmed again by all three."""
    reason = (reason or "").strip()
    if not reason:
        message = _("请说明变更原因")
        raise InvalidInput(message, fields={"reason": [message]})
    with transaction.atomic():
        current = Agreement.objects.select_for_update().select_related(
            "placement__batch__program").get(pk=agreement.pk)
        check_amend_agreement(actor, current)
        values = {name: getattr(current, name) for name in TERMS}
        given = _given(changes)
        if all(values[k] == v for k, v in given.items()):
            message = _("变更内容与现行版本相同")
            raise InvalidInput(message, code="unchanged", fields={"changes": [message]})
        values.update(given)
        _require_terms(values)
        Agreement.objects.filter(pk=current.pk).update(is_current=False)
        return Agreement.objects.create(placement=current.placement,
                                        version=current.version + 1, created_by=actor,
                                        change_reason=reason, **values)


def changes_from_previous(agreement) -> dict:
    """{term: [before, after]} against the version before it (empty for version 1)."""
    before = (Agreement.objects.filter(placement=agreement.placement_id,
                                       version=agreement.version - 1).first()
              if agreement.version > 1 else None)
    if before is None:
        return {}
    return {name: [str(getattr(before, name)), str(getattr(agreement, name))]
            for name in TERMS if getattr(before, name) != getattr(agreement, name)}


def _given(terms) -> dict:
    unknown = set(terms) - set(TERMS)
    if unknown:
        message = _("任务书没有这些项：%s") % "、".join(sorted(unknown))
        raise InvalidInput(message, fields={name: [message] for name in sorted(unknown)})
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in terms.items()
            if v is not None}


def _require_terms(values):
    errors = {}
    if not values.get("duties"):
        errors["duties"] = [_("请填写工作职责")]
    if not values.get("post_title"):
        errors["post_title"] = [_("请填写挂任职务")]
    if values.get("start_date") and values.get("end_date") and \
            values["end_date"] < values["start_date"]:
        errors["end_date"] = [_("结束日期不能早于开始日期")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)

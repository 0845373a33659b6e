"""The wishes of both sides (听取本人意见): a nominee's ranked choices among the batch's
published orders, the day they can start and a spouse in the same batch (together, or never
both away); a receiving unit's ranking of the nominees offered to its order. The matching
scores them (placements.matching); the board shows each pair's choice rank."""
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cadres.models import Cadre
from core.exceptions import InvalidInput, RuleBroken, predicate
from core.roles import Role
from programs.choices import BatchStatus

from ..choices import PUBLISHED_ORDER_STATUSES, NominationStatus, SpouseRule
from ..models import DemandOrder, Nomination
from .permissions import require_unit_operator

MAX_CHOICES = 3
OPEN_NOMINATION = (NominationStatus.NOMINATED, NominationStatus.SHORTLISTED)
UNSET = object()


def check_state_wishes(user, nomination):
    """The cadre themself, their dispatching unit or the department, while the nomination
    waits and its batch takes nominations or matches."""
    if not (nomination.cadre.user_id and nomination.cadre.user_id == user.pk):
        require_unit_operator(user, Role.DISPATCHING, nomination.dispatching_unit,
                              nomination.batch.program)
    if nomination.status not in OPEN_NOMINATION or nomination.batch.status not in (
            BatchStatus.OPEN, BatchStatus.MATCHING):
        raise RuleBroken(_("推荐已处理或批次已结束对接，不能再填报志愿"),
                         code="illegal_transition")


can_state_wishes = predicate(check_state_wishes)


def state_wishes(nomination, actor, choices=UNSET, available_from=UNSET, spouse=UNSET,
                 spouse_rule=UNSET):
    """Record what the nominee wants; only what is given changes. A spouse is linked both
    ways, so the rule holds whichever of the two is matched first."""
    with transaction.atomic():
        nomination = (Nomination.objects.select_for_update(of=("self",))
                      .select_related("cadre", "batch__program", "dispatching_unit")
                      .get(pk=nomination.pk))
        check_state_wishes(actor, nomination)
        apply_wishes(nomination, choices, available_from, spouse, spouse_rule)
        return nomination


def apply_wishes(nomination, choices=UNSET, available_from=UNSET, spouse=UNSET,
                 spouse_rule=UNSET):
    """Check and save the wishes on a nomination (nominate() and state_wishes())."""
    fields = []
    if choices is not UNSET:
        nomination.choices = clean_choices(nomination, choices or [])
        fields.append("choices")
    if available_from is not UNSET:
        nomination.available_from = available_from
        fields.append("available_from")
    if spouse is not UNSET or spouse_rule is not UNSET:
        spouse = nomination.spouse if spouse is UNSET else spouse
        rule = nomination.spouse_rule if spouse_rule is UNSET else (spouse_rule or "")
        partner = clean_spouse(nomination, spouse, rule)
        if nomination.spouse_id and (partner is None
                                     or partner.cadre_id != nomination.spouse_id):
            Nomination.objects.filter(batch=nomination.batch_id,
                                      cadre=nomination.spouse_id,
                                      spouse=nomination.cadre_id).update(spouse=None,
                                                                         spouse_rule="")
        nomination.spouse_id = partner.cadre_id if partner else None
        nomination.spouse_rule = rule if partner else ""
        fields += ["spouse", "spouse_rule"]
        if partner is not None:
            partner.spouse_id, partner.spouse_rule = nomination.cadre_id, rule
            partner.save(update_fields=["spouse", "spouse_rule", "updated_at"])
    if fields:
        nomination.save(update_fields=[*fields, "updated_at"])
    return nomination


def clean_choices(nomination, choices) -> list[int]:
    if not isinstance(choices, list | tuple):
        raise _bad("choices", _("志愿应为需求订单编号的列表"), "invalid")
    try:
        ids = [int(c) for c in choices]
    except (TypeError, ValueError):
        raise _bad("choices", _("志愿应为需求订单编号的列表"), "invalid") from None
    if len(ids) > MAX_CHOICES:
        raise _bad("choices", _("至多填报%d个志愿") % MAX_CHOICES, "too_many_choices")
    if len(set(ids)) != len(ids):
        raise _bad("choices", _("志愿中有重复的需求订单"), "duplicate_choice")
    if ids and nomination.self_matched:
        raise _bad("choices", _("自主对接的推荐已指定需求订单，无需填报志愿"), "self_matched")
    open_ = set(DemandOrder.objects.filter(pk__in=ids, batch=nomination.batch_id,
                                           status__in=PUBLISHED_ORDER_STATUSES)
                .values_list("pk", flat=True))
    wrong = [i for i in ids if i not in open_]
    if wrong:
        raise _bad("choices", _("志愿只能填报本批次已发布的需求订单（编号%s不是）")
                   % "、".join(map(str, wrong)), "choice_not_open")
    return ids


def clean_spouse(nomination, spouse, rule):
    """The spouse's active nomination in the same batch, or None when no spouse is named."""
    if spouse in (None, ""):
        if rule:
            raise _bad("spouse", _("填写夫妻安排时须指定配偶"), "invalid")
        return None
    if rule not in SpouseRule.values:
        raise _bad("spouse_rule", _("夫妻安排应为：%s") % "、".join(
            f"{k.value}（{k.label}）" for k in SpouseRule), "invalid")
    spouse_id = spouse.pk if isinstance(spouse, Cadre) else spouse
    partner = (Nomination.objects.filter(batch=nomination.batch_id, cadre=spouse_id,
                                         status__in=OPEN_NOMINATION)
               .exclude(pk=nomination.pk).first())
    if partner is None or spouse_id == nomination.cadre_id:
        raise _bad("spouse", _("配偶须为本批次的推荐人选"), "spouse_not_in_batch")
    return partner


def _bad(field, message, code):
    return InvalidInput(message, code=code, fields={field: [message]})


def offered_to(order) -> list:
    """The nominations an order's receiving unit may rank: those who chose it, those
    self-matched to it and those proposed for it. (The choices are read here, not by a JSON
    lookup, which SQLite lacks: one batch's open nominations.)"""
    nominations = (Nomination.objects.filter(batch=order.batch_id, status__in=OPEN_NOMINATION)
                   .select_related("cadre", "dispatching_unit").order_by("pk"))
    named = set(nominations.filter(Q(order=order) | Q(proposals__order=order))
                .values_list("pk", flat=True))
    return [n for n in nominations if n.pk in named or order.pk in (n.choices or [])]


def check_rank_nominees(user, order):
    require_unit_operator(user, Role.RECEIVING, order.receiving_unit, order.batch.program)
    if order.batch.status not in (BatchStatus.OPEN, BatchStatus.MATCHING):
        raise RuleBroken(_("批次已结束对接，不能再排序"), code="illegal_transition")


can_rank_nominees = predicate(check_rank_nominees)


def rank_nominees(order, actor, nominations):
    """The receiving unit's ranking of the nominees offered to its order, best first."""
    with transaction.atomic():
        order = (DemandOrder.objects.select_for_update(of=("self",))
                 .select_related("batch__program", "receiving_unit").get(pk=order.pk))
        check_rank_nominees(actor, order)
        try:
            ids = [int(n) for n in nominations]
        except (TypeError, ValueError):
            raise _bad("nominations", _("排序应为推荐编号的列表"), "invalid") from None
        if len(set(ids)) != len(ids):
            raise _bad("nominations", _("排序中有重复的人选"), "duplicate_choice")
        offered = {n.pk for n in offered_to(order)}
        wrong = [i for i in ids if i not in offered]
        if wrong:
            raise _bad("nominations", _("只能对本订单的人选排序（编号%s不是）")
                       % "、".join(map(str, wrong)), "not_offered")
        order.nominee_ranking = ids
        order.save(update_fields=["nominee_ranking", "updated_at"])
        return order


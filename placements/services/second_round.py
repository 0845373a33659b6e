"""补充匹配: a second round for the posts the first left open. The department opens a round;
each open post is offered to the best eligible unplaced nominee (the same engine and rules),
through their dispatching unit, with a reply deadline; an acceptance is binding and places the
cadre; a refusal or a deadline passed frees the post for the next round. Finishing the matching
(services.matching.finish_matching) ends the rounds and tells everyone not chosen."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, RuleBroken, predicate
from core.roles import Role
from core.signals import step_taken
from programs.choices import BatchStatus
from programs.models import Batch, BatchEvent

from .. import matching as engine
from ..choices import NominationStatus, OfferStatus, ProposalStatus
from ..models import MatchProposal, Nomination, Offer, Placement
from .matching import _candidates_of, _needs, _team_room
from .permissions import require_department_staff, require_unit_operator
from .placing import place

OFFER_DAYS = 3
# Who a round may offer a post to: nominees still waiting, and those the first round left out.
ROUND_NOMINEES = (NominationStatus.NOMINATED, NominationStatus.SHORTLISTED,
                  NominationStatus.DECLINED)


def check_open_second_round(user, batch):
    require_department_staff(user, batch.program)
    if batch.status not in (BatchStatus.MATCHING, BatchStatus.IN_PROGRESS):
        raise RuleBroken(_("批次当前为“%s”，不能补充匹配") % batch.get_status_display(),
                         code="illegal_transition")
    if MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED).exists():
        raise RuleBroken(_("还有待确认的对接方案，请先确认或否决"), code="proposals_open")
    if Offer.objects.filter(batch=batch, status=OfferStatus.OPEN,
                            expires_at__gt=timezone.now()).exists():
        raise RuleBroken(_("上一轮邀请尚未全部答复或过期"), code="offers_open")


can_open_second_round = predicate(check_open_second_round)


def open_second_round(batch, actor, days=OFFER_DAYS):
    """Offer each open post of the batch to the best eligible nominee not yet placed; each
    offer waits `days` days for the dispatching unit's answer."""
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 30:
        message = _("答复期限应为1至30天")
        raise InvalidInput(message, fields={"days": [message]})
    with transaction.atomic():
        batch = Batch.objects.select_for_update().select_related("program").get(pk=batch.pk)
        check_open_second_round(actor, batch)
        expire_due(batch)
        nominations = _round_nominees(batch)
        candidates = list(_candidates_of(nominations))
        for c in candidates:
            c.fixed_order_id = None  # a second round offers; nothing is fixed beforehand
        needs = _needs(batch)
        result = engine.match(candidates, needs, cap_per_unit=batch.cap_per_host_unit,
                              filled_per_unit=Placement.objects.seats_by_host_unit(batch),
                              room=_team_room(batch, needs), method=batch.matching_method)
        if not result:
            raise RuleBroken(_("没有可补充匹配的空缺或符合条件的人选"), code="nothing_to_offer")
        number = (Offer.objects.filter(batch=batch).order_by("-round")
                  .values_list("round", flat=True).first() or 0) + 1
        expires = timezone.now() + datetime.timedelta(days=days)
        offers = Offer.objects.bulk_create([
            Offer(batch=batch, order_id=p.order_id, nomination_id=p.candidate_id,
                  round=number, score=round(p.score, 2), reasons=p.reasons, expires_at=expires)
            for p in result])
        BatchEvent.objects.create(
            batch=batch, from_status=batch.status, to_status=batch.status, actor=actor,
            note=_("补充匹配第%(n)d轮：发出%(k)d个邀请，%(at)s前答复") % {
                "n": number, "k": len(offers),
                "at": timezone.localtime(expires).strftime("%Y-%m-%d %H:%M")})
        for offer in Offer.objects.filter(pk__in=[o.pk for o in offers]).select_related(
                "order__receiving_unit", "nomination__cadre"):
            step_taken.send(sender=Offer, step="offer_made", obj=offer, actor=actor)
        return offers


def _round_nominees(batch):
    """Nominees the round may offer to: not placed, holding no open offer, and not having
    turned down or let lapse an offer of this batch already."""
    answered = Offer.objects.filter(batch=batch, status__in=(
        OfferStatus.DECLINED, OfferStatus.EXPIRED)).values("nomination")
    return (Nomination.objects.filter(batch=batch, status__in=ROUND_NOMINEES,
                                      placement__isnull=True)
            .exclude(pk__in=answered).order_by("pk"))


def check_answer_offer(user, offer):
    """The nominee's dispatching unit answers (or the department for it), while it is open
    and before its deadline."""
    require_unit_operator(user, Role.DISPATCHING, offer.nomination.dispatching_unit,
                          offer.batch.program)
    if offer.status == OfferStatus.EXPIRED or (offer.status == OfferStatus.OPEN
                                               and offer.expires_at <= timezone.now()):
        raise RuleBroken(_("已过答复截止时间（%s），该岗位将另行安排")
                         % timezone.localtime(offer.expires_at).strftime("%Y-%m-%d %H:%M"),
                         code="offer_expired")
    if offer.status != OfferStatus.OPEN:
        raise RuleBroken(_("该邀请已答复（%s）") % offer.get_status_display(),
                         code="offer_decided")


can_answer_offer = predicate(check_answer_offer)


def accept_offer(offer, actor):
    """Binding: the cadre is placed on the offered post, as a confirmed proposal would."""
    offer = _answer(offer, actor)
    with transaction.atomic():
        offer = _locked(offer)
        check_answer_offer(actor, offer)
        nomination = Nomination.objects.select_for_update(of=("self",)).select_related(
            "cadre", "dispatching_unit").get(pk=offer.nomination_id)
        placement = place(
            actor=actor, cadre=nomination.cadre, batch=offer.batch, order=offer.order,
            nomination=nomination, home_unit=nomination.dispatching_unit,
            host_unit=offer.order.receiving_unit, post_title=offer.order.post_title,
            event_data={"offer": offer.pk, "round": offer.round, "score": offer.score})
        nomination.status = NominationStatus.SELECTED
        nomination.save(update_fields=["status", "updated_at"])
        _decide(offer, actor, OfferStatus.ACCEPTED)
        step_taken.send(sender=Nomination, step="nomination_selected", obj=nomination,
                        actor=actor, placement=placement)
        return offer


def decline_offer(offer, actor):
    """The post goes to the next round."""
    offer = _answer(offer, actor)
    with transaction.atomic():
        offer = _locked(offer)
        check_answer_offer(actor, offer)
        _decide(offer, actor, OfferStatus.DECLINED)
        return offer


def _answer(offer, actor):
    """An offer past its deadline is marked expired (kept) before the answer is refused."""
    if offer.status == OfferStatus.OPEN and offer.expires_at <= timezone.now():
        expire_due(offer.batch)
    return offer


def _locked(offer):
    return (Offer.objects.select_for_update(of=("self",))
            .select_related("batch__program", "order__receiving_unit",
                            "nomination__dispatching_unit", "nomination__cadre")
            .get(pk=offer.pk))


def _decide(offer, actor, status):
    offer.status, offer.decided_by, offer.decided_at = status, actor, timezone.now()
    offer.save(update_fields=["status", "decided_by", "decided_at"])


def expire_due(batch=None) -> int:
    """Open offers past their deadline expire (the periodic job, and before any answer)."""
    due = Offer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=timezone.now())
    if batch is not None:
        due = due.filter(batch=batch)
    return due.update(status=OfferStatus.EXPIRED)

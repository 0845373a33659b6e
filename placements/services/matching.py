"""Matching a batch (精准对接): propose with the engine, then staff confirm, change or reject."""
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from cadres.models import Cadre
from core.bulk import run_each
from core.exceptions import InvalidInput, RuleBroken, predicate
from core.signals import step_taken
from programs.choices import BatchStatus
from programs.models import Batch, BatchEvent

from .. import matching as engine
from ..capacity import team_room
from ..choices import NominationStatus, ProposalStatus
from ..explain import explain
from ..models import DemandOrder, MatchProposal, Nomination, Placement
from .avoidance import candidate_for, pair_score
from .lifecycle import sync_cadre_status
from .permissions import require_department_staff
from .placing import place

OPEN_NOMINATION = (NominationStatus.NOMINATED, NominationStatus.SHORTLISTED)


def _candidates(batch):
    return _candidates_of(Nomination.objects.filter(batch=batch, status__in=OPEN_NOMINATION))


def _candidates_of(nominations):
    """The engine's candidates for these nominations (their wishes and couples included)."""
    nominations = list(
        nominations.order_by("pk")
        .select_related("cadre__employer__region", "cadre__native_place", "batch")
        .prefetch_related("cadre__expertise", "cadre__former_units", "cadre__relations"))
    by_cadre = {nom.cadre_id: nom.pk for nom in nominations}
    for nom in nominations:
        candidate = candidate_for(nom.cadre, nom.pk, fixed_order_id=nom.order_id)
        candidate.choices = tuple(nom.choices or ())
        candidate.spouse_id = by_cadre.get(nom.spouse_id)
        candidate.spouse_rule = nom.spouse_rule if candidate.spouse_id else ""
        report_by = nom.batch.report_by
        candidate.unavailable = bool(nom.available_from and report_by
                                     and nom.available_from > report_by)
        yield candidate


def _needs(batch):
    # In the order they were placed: ties between equal scores never depend on how units
    # or orders happen to sort for display (pinyin).
    orders = (DemandOrder.objects.filter(batch=batch).taking_placements().order_by("pk")
              .select_related("receiving_unit__region").prefetch_related("expertise"))
    return [
        engine.Need(
            id=o.pk, receiving_unit_id=o.receiving_unit_id,
            region_id=o.receiving_unit.region_id, region_path=o.receiving_unit.region.path,
            expertise=frozenset(e.name for e in o.expertise.all()),
            preferred_kinds=frozenset(o.preferred_unit_kinds or []),
            open_slots=o.headcount - o.filled_count, min_rank=o.min_rank, max_rank=o.max_rank,
            title=o.title, unit_name=o.receiving_unit.name,
            ranking=tuple(o.nominee_ranking or ()),
        )
        for o in orders
    ]


def check_run_matching(user, batch):
    require_department_staff(user, batch.program)
    if batch.status not in (BatchStatus.OPEN, BatchStatus.MATCHING):
        raise RuleBroken(_("该批次当前不能进行对接（状态：%s）") % batch.get_status_display(),
                         code="batch_not_matching")


can_run_matching = predicate(check_run_matching)


def run_matching(batch, actor):
    """Score every pair and store a fresh set of proposals (the previous open ones go). It
    moves no batch: a trial at any time while the batch is open or matching; closing the
    nominations is its own step (programs.batches)."""
    require_department_staff(actor, batch.program)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        check_run_matching(actor, batch)
        filled = Placement.objects.seats_by_host_unit(batch)
        needs = _needs(batch)
        result = engine.match(list(_candidates(batch)), needs,
                              cap_per_unit=batch.cap_per_host_unit, filled_per_unit=filled,
                              room=_team_room(batch, needs), method=batch.matching_method)
        MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED).delete()
        proposals = MatchProposal.objects.bulk_create([
            MatchProposal(batch=batch, nomination_id=p.candidate_id, order_id=p.order_id,
                          score=round(p.score, 2), reasons=p.reasons,
                          self_matched=p.self_matched)
            for p in result
        ])
        return proposals


def explain_batch(batch):
    """Why each open nominee and each order with a free post has no proposal now:
    (unplaced, unfilled), read from the proposals on the board (placements.explain)."""
    proposals = [engine.Proposal(p.nomination_id, p.order_id, p.score,
                                 self_matched=p.self_matched) for p in
                 MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED)
                 .only("nomination_id", "order_id", "score", "self_matched")]
    needs = _needs(batch)
    return explain(list(_candidates(batch)), needs, proposals,
                   cap_per_unit=batch.cap_per_host_unit,
                   filled_per_unit=Placement.objects.seats_by_host_unit(batch),
                   room=_team_room(batch, needs))


def _team_room(batch, needs):
    return team_room(batch, {n.receiving_unit_id for n in needs})


def matching_board(batch) -> dict:
    """The open board: proposals awaiting a decision, and every open nominee and unfilled
    order without one, with why (the API's match/ and the board page read this)."""
    unplaced, unfilled = explain_batch(batch)
    nominations = dict(Nomination.objects.filter(pk__in=[w.id for w in unplaced])
                       .values_list("pk", "cadre_id"))
    cadres = dict(Cadre.objects.filter(pk__in=nominations.values()).values_list("pk", "name"))
    orders = {o.pk: o for o in DemandOrder.objects.filter(pk__in=[w.id for w in unfilled])
              .select_related("receiving_unit")}
    return {
        "proposals": (MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED)
                      .select_related("nomination__cadre__employer", "order__receiving_unit")
                      .order_by("order__receiving_unit__pinyin", "order_id", "-score", "pk")),
        "unplaced": [{"id": w.id, "nomination": w.id, "cadre": nominations.get(w.id),
                      "cadre_name": cadres.get(nominations.get(w.id), ""),
                      "reason_code": w.reason_code, "reason": w.reason} for w in unplaced],
        "unfilled": [{"id": w.id, "order": orders[w.id], "order_title": orders[w.id].title,
                      "open_slots": w.open_slots, "reason_code": w.reason_code,
                      "reason": w.reason} for w in unfilled],
    }


def check_confirm_matches(user, batch):
    """Deciding the batch's proposals (the matching board): the department's staff."""
    require_department_staff(user, batch.program)


can_confirm_matches = predicate(check_confirm_matches)


def confirm_matches(batch, actor, decisions):
    """Apply staff decisions on proposals, all or nothing.

    decisions: [{"proposal": id, "decision": "accept" | "reject" | "change",
                 "order": id (change), "reason": str (change)}]. Accepting creates the
    placement, marks the nomination selected and the order partially filled or filled.
    """
    check_confirm_matches(actor, batch)
    if not decisions:
        raise InvalidInput(_("请至少提交一条对接决定"), fields={"proposals": [_("不能为空")]})
    with transaction.atomic():
        ids = [_int(d, "proposal") for d in decisions]
        proposals = {p.pk: p for p in MatchProposal.objects.select_for_update(of=("self",))
                     .filter(batch=batch, pk__in=ids).select_related("nomination__cadre")}
        missing = [i for i in ids if i not in proposals]
        if missing:
            raise InvalidInput(_("对接方案不存在或不属于该批次：%s") % missing,
                               fields={"proposals": [_("无效的方案编号")]})
        orders = _lock_orders(batch, decisions, proposals)
        created = []
        for d in decisions:
            proposal = proposals[d["proposal"]]
            if proposal.status != ProposalStatus.PROPOSED:
                raise RuleBroken(_("对接方案 %s 已处理") % proposal.pk, code="proposal_decided")
            kind = d.get("decision", "accept")
            if kind == "reject":
                proposal.status = ProposalStatus.REJECTED
                proposal.changed_by = actor
                proposal.change_reason = d.get("reason", "")
            elif kind in ("accept", "change"):
                if kind == "change":
                    reason = (d.get("reason") or "").strip()
                    if not reason:
                        raise InvalidInput(_("人工调整对接方案必须说明原因"),
                                           fields={"reason": [_("请填写原因")]})
                    new_order = orders[_int(d, "order")]
                    # The override is checked and scored as the pair it now is.
                    proposal.score, reasons = pair_score(proposal.nomination.cadre, new_order,
                                                         proposal.nomination)
                    proposal.score = round(proposal.score, 2)
                    proposal.reasons = [_("人工调整：%s") % reason, *reasons]
                    proposal.order_id = new_order.pk
                    proposal.changed_by, proposal.change_reason = actor, reason
                created.append(_accept(proposal, orders[proposal.order_id], actor, batch))
                proposal.status = ProposalStatus.ACCEPTED
            else:
                raise InvalidInput(_("未知的决定：%s") % kind,
                                   fields={"decision": [_("应为 accept、reject 或 change")]})
            proposal.decided_at = timezone.now()
            proposal.save()
        if not MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED).exists():
            Batch.objects.filter(pk=batch.pk, status=BatchStatus.MATCHING).update(
                status=BatchStatus.IN_PROGRESS)
        return created


def accept_proposals(batch, actor, min_score):
    """Accept every open proposal scoring at least `min_score`, best first, each as its own
    confirmation (core.bulk.run_each): one refused never undoes the others."""
    check_confirm_matches(actor, batch)
    try:
        min_score = float(min_score)
    except (TypeError, ValueError):
        raise InvalidInput(_("请填写最低得分"), fields={"min_score": [_("须为数字")]}) from None
    open_ = MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED)
    ids = list(open_.filter(score__gte=min_score).order_by("-score", "pk")
               .values_list("pk", flat=True))
    return run_each(open_, ids, lambda proposal: confirm_matches(
        batch, actor, [{"proposal": proposal.pk, "decision": "accept"}]))


def _int(d, key):
    try:
        return int(d[key])
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(_("缺少或无效的字段：%s") % key, fields={key: [_("须为编号")]}) from None


def _lock_orders(batch, decisions, proposals):
    """Lock every order the decisions touch, in id order so two confirmations never
    deadlock; the second waits here and then sees the first one's filled counts."""
    wanted = {proposals[d["proposal"]].order_id for d in decisions}
    wanted |= {_int(d, "order") for d in decisions if d.get("decision") == "change"}
    orders = {o.pk: o for o in DemandOrder.objects.select_for_update()
              .filter(batch=batch, pk__in=wanted).select_related("receiving_unit").order_by("pk")}
    if wanted - set(orders):
        raise InvalidInput(_("需求订单不存在或不属于该批次"), fields={"order": [_("无效的订单")]})
    return orders


def _accept(proposal, order, actor, batch):
    nomination = (Nomination.objects.select_for_update(of=("self",))
                  .select_related("cadre", "dispatching_unit__region")
                  .get(pk=proposal.nomination_id))
    if nomination.status not in OPEN_NOMINATION:
        raise RuleBroken(_("%s 的推荐已不在待对接状态") % nomination.cadre.name,
                         code="nomination_decided")
    placement = place(
        actor=actor, cadre=nomination.cadre, batch=batch, order=order, nomination=nomination,
        home_unit=nomination.dispatching_unit, host_unit=order.receiving_unit,
        post_title=order.post_title,
        event_data={"proposal": proposal.pk, "score": proposal.score})
    nomination.status = NominationStatus.SELECTED
    nomination.save(update_fields=["status", "updated_at"])
    step_taken.send(sender=Nomination, step="nomination_selected", obj=nomination,
                    actor=actor, placement=placement)
    return placement


def check_finish_matching(user, batch):
    """结束对接: while the batch matches, or after its last proposal was decided with
    nominees or a second round's offers still waiting."""
    require_department_staff(user, batch.program)
    waiting = (Nomination.objects.filter(batch=batch, status__in=OPEN_NOMINATION).exists()
               or batch.offers.filter(status="open").exists())
    if not (batch.status == BatchStatus.MATCHING
            or (batch.status == BatchStatus.IN_PROGRESS and waiting)):
        raise RuleBroken(_("批次当前为“%s”，没有需要结束的对接") % batch.get_status_display(),
                         code="illegal_transition")
    if MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED).exists():
        raise RuleBroken(_("还有待确认的对接方案，请先确认或否决"), code="proposals_open")


can_finish_matching = predicate(check_finish_matching)


def finish_matching(batch, actor):
    """End the batch's matching: every nominee not selected is declined (their unit and they
    are told), and the batch goes on to 挂职中; its history keeps the step."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().select_related("program").get(pk=batch.pk)
        check_finish_matching(actor, batch)
        declined = decline_unselected(batch, actor)
        # The rounds end with the matching: an offer still open lapses.
        batch.offers.filter(status="open").update(status="expired")
        BatchEvent.objects.create(batch=batch, from_status=batch.status,
                                  to_status=BatchStatus.IN_PROGRESS, actor=actor,
                                  note=_("结束对接，未选派%d人") % declined)
        batch.status = BatchStatus.IN_PROGRESS
        batch.save(update_fields=["status"])
    return batch


def decline_unselected(batch, actor) -> int:
    """Nominations not selected become declined (finish_matching); how many."""
    require_department_staff(actor, batch.program)
    with transaction.atomic():
        nominations = list(Nomination.objects.select_for_update().filter(
            batch=batch, status__in=OPEN_NOMINATION))
        cadres = list(Cadre.objects.filter(Q(pk__in=[n.cadre_id for n in nominations])))
        for nomination in nominations:
            nomination.status = NominationStatus.DECLINED
        # One UPDATE per batch of rows and one history row each (the audit trail).
        bulk_update_with_history(nominations, Nomination, ["status"], default_user=actor)
        for cadre in cadres:
            sync_cadre_status(cadre)
        for nomination in nominations:
            step_taken.send(sender=Nomination, step="nomination_declined", obj=nomination,
                            actor=actor)
    return len(nominations)

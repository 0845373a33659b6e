"""Why a nominee or an order is left without a proposal (the open matching board).

On the engine's plain data and its own rule matrix (matching.pair_matrix), so the reason given
is the rule the solver applied: for a nominee, each order is forbidden (which avoidance rule,
the rank band), at a unit whose cap is reached, full with others (who, with what score), or
still free — which only happens when the proposals predate the nominee or the order, since the
solver fills every slot the rules allow. An order is explained from its nominees the same way.
"""
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cadres.choices import Rank

from .matching import (
    ALLOWED,
    AVOIDANCE_RULES,
    RANK_OUT,
    UNAVAILABLE,
    Candidate,
    Need,
    Proposal,
    pair_matrix,
)

# reason_code values (DESIGN.md, batches/{id}/match/).
NO_OPEN_ORDERS, NO_NOMINEES = "no_open_orders", "no_nominees"
AVOIDANCE, RANK_BAND, NOT_ELIGIBLE = "avoidance", "rank_band", "not_eligible"
CAP_REACHED, OUTSCORED, NOMINEES_TAKEN = "cap_reached", "outscored", "nominees_taken"
SPOUSE_APART, SPOUSE_TOGETHER = "spouse_apart", "spouse_together"
NOT_AVAILABLE = "not_available"
NOT_YET_MATCHED = "not_yet_matched"


# The reason codes as a report names them.
LABELS = {
    NOT_YET_MATCHED: _lazy("尚未参与匹配"), OUTSCORED: _lazy("名额被得分更高者占用"),
    CAP_REACHED: _lazy("单位名额已满"), AVOIDANCE: _lazy("须回避"), RANK_BAND: _lazy("职级不符"),
    NOT_ELIGIBLE: _lazy("回避且职级不符"), NO_OPEN_ORDERS: _lazy("无空缺订单"),
    NO_NOMINEES: _lazy("无推荐人选"), NOMINEES_TAKEN: _lazy("人选已对接到其他订单"),
    SPOUSE_APART: _lazy("夫妻不同时外派"), SPOUSE_TOGETHER: _lazy("夫妻须同地安排"),
    NOT_AVAILABLE: _lazy("可到岗日期晚于报到日期"),
}


def tally(whys) -> str:
    """"须回避 3、职级不符 1": how many of each reason, most first."""
    from collections import Counter

    counts = Counter(w.reason_code for w in whys)
    return "、".join(f"{LABELS.get(code, code)} {n}" for code, n in counts.most_common())


@dataclass
class Why:
    id: int
    reason_code: str
    reason: str
    open_slots: int = 0  # an order's slots no proposal covers


def explain(cands: list[Candidate], needs: list[Need], proposals: list[Proposal],
            cap_per_unit: int | None = None,
            filled_per_unit: dict[int, int] | None = None,
            room: dict[int, int] | None = None) -> tuple[list[Why], list[Why]]:
    """(unplaced nominees, unfilled orders), each with its reason. `room`: what units may
    take beyond the batch's cap (a leadership team's share), as matching.match reads it."""
    needs = [n for n in needs if n.open_slots > 0]
    points, rule = pair_matrix(cands, needs) if cands and needs else (None, None)
    taken = Counter(p.order_id for p in proposals)
    placed = {p.candidate_id for p in proposals}
    by_order: dict[int, list[Proposal]] = {}
    for p in proposals:
        by_order.setdefault(p.order_id, []).append(p)
    used = Counter(filled_per_unit or {})
    unit_of = {n.id: n.receiving_unit_id for n in needs}
    for p in proposals:
        used[unit_of.get(p.order_id)] += 1
    free = np.array([max(n.open_slots - taken[n.id], 0) for n in needs], dtype=int)
    room = room or {}
    proposed = Counter(unit_of.get(p.order_id) for p in proposals)
    batch_full = {n.receiving_unit_id for n in needs
                  if cap_per_unit is not None and used[n.receiving_unit_id] >= cap_per_unit}
    team_full = {u for u, left in room.items() if left - proposed[u] <= 0}
    capped = np.array([n.receiving_unit_id in batch_full | team_full for n in needs],
                      dtype=bool)
    names = {c.id: c.name for c in cands}
    board = _Board(cands, needs, points, rule, free, capped, cap_per_unit, by_order, names)
    board.team_full = team_full - batch_full
    board.placed_at = {p.candidate_id: p.order_id for p in proposals}

    unplaced = [board.nominee(i) for i, c in enumerate(cands) if c.id not in placed]
    unfilled = [board.order(j, placed) for j in range(len(needs)) if free[j] > 0]
    return unplaced, unfilled


class _Board:
    def __init__(self, cands, needs, points, rule, free, capped, cap, by_order, names):
        self.cands, self.needs, self.points, self.rule = cands, needs, points, rule
        self.free, self.capped, self.cap = free, capped, cap
        self.by_order, self.names = by_order, names

    def nominee(self, i) -> Why:
        c = self.cands[i]
        if not self.needs:
            return Why(c.id, NO_OPEN_ORDERS, _("本批次没有尚有空缺的需求订单"))
        if c.unavailable:
            return Why(c.id, NOT_AVAILABLE, _("本人可到岗日期晚于本批次报到日期"))
        couple = self._couple(i)
        if couple:
            return couple
        allowed = self.rule[i] == ALLOWED
        open_here = allowed & (self.free > 0)
        if (open_here & ~self.capped).any():
            return Why(c.id, NOT_YET_MATCHED,
                       _("尚有符合条件的空缺（如“%s”），上次匹配时未参与，请重新匹配")
                       % self.needs[int(np.flatnonzero(open_here & ~self.capped)[0])].title)
        full = allowed & (self.free == 0)
        if full.any():
            j = int(np.flatnonzero(full)[np.argmax(self.points[i, full])])
            return Why(c.id, OUTSCORED, self._outscored(i, j))
        if open_here.any():
            units = sorted({self.needs[j].unit_name for j in np.flatnonzero(open_here)})
            if self.cap is None:
                return Why(c.id, CAP_REACHED, _("可去订单所在单位领导班子挂职交流名额已满：%s")
                           % "、".join(units[:5]))
            return Why(c.id, CAP_REACHED,
                       _("可去订单所在单位已达本批次每单位接收上限（%(cap)d人）：%(units)s")
                       % {"cap": self.cap, "units": "、".join(units[:5])})
        code, text = _forbidden(self.rule[i], _("个订单"))
        if code == RANK_BAND:
            text = _("职级（%s）不在任何订单的职级要求内") % _rank_label(c.rank)
        return Why(c.id, code, _("全部%(n)d个订单均不可去：%(why)s")
                   % {"n": len(self.needs), "why": text})

    def _couple(self, i) -> Why | None:
        """The spouse's rule, where the spouse holds a proposal and it kept this one out."""
        c = self.cands[i]
        order_id = self.placed_at.get(c.spouse_id)
        if order_id is None or not c.spouse_rule:
            return None
        spouse = self.names.get(c.spouse_id) or str(c.spouse_id)
        if c.spouse_rule == "apart":
            return Why(c.id, SPOUSE_APART, _("配偶%s已获对接方案，按本人意愿夫妻不同时外派")
                       % spouse)
        region = next((n.region_id for n in self.needs if n.id == order_id), None)
        here = [j for j, n in enumerate(self.needs) if n.region_id == region]
        if not any(self.rule[i, j] == ALLOWED and self.free[j] > 0 for j in here):
            return Why(c.id, SPOUSE_TOGETHER, _("配偶%s已获对接方案，按本人意愿须同地安排，"
                                                 "该地没有本人可去的空缺") % spouse)
        return None

    def _outscored(self, i, j) -> str:
        # Filling the most posts and then the highest total means nobody unplaced outscores
        # a holder of their best order, except a self-matched pair (fixed beforehand).
        need = self.needs[j]
        takers = sorted(self.by_order.get(need.id, []), key=lambda p: -p.score)
        named = "、".join(self._taker(p) for p in takers[:3]) or _("已确认的人选")
        return _("得分最高的可去订单“%(order)s”（%(unit)s，本人%(own).1f分）"
                 "名额已由%(who)s占用") % {
            "order": need.title, "unit": need.unit_name, "own": float(self.points[i, j]),
            "who": named}

    def _taker(self, p) -> str:
        name = self.names.get(p.candidate_id) or str(p.candidate_id)
        if p.self_matched:
            return _("%(name)s（%(score).1f分，自主对接）") % {"name": name, "score": p.score}
        return _("%(name)s（%(score).1f分）") % {"name": name, "score": p.score}

    def order(self, j, placed) -> Why:
        n, open_slots = self.needs[j], int(self.free[j])
        if self.capped[j]:
            if n.receiving_unit_id in self.team_full:
                return Why(n.id, CAP_REACHED, _("接收单位领导班子挂职交流名额已满"), open_slots)
            return Why(n.id, CAP_REACHED, _("接收单位已达本批次每单位接收上限（%d人）")
                       % self.cap, open_slots)
        if not self.cands:
            return Why(n.id, NO_NOMINEES, _("本批次暂无待对接的推荐人选"), open_slots)
        column = self.rule[:, j]
        allowed = np.flatnonzero(column == ALLOWED)
        waiting = [i for i in allowed if self.cands[i].id not in placed]
        if waiting:
            return Why(n.id, NOT_YET_MATCHED,
                       _("尚有符合条件的人选（如%s）上次匹配时未参与，请重新匹配")
                       % self.cands[waiting[0]].name, open_slots)
        if len(allowed):
            return Why(n.id, NOMINEES_TAKEN,
                       _("符合条件的%d名人选已对接到其他订单（在那里得分更高或别无去处）")
                       % len(allowed), open_slots)
        code, text = _forbidden(column, _("人"))
        if code == RANK_BAND:
            text = _("人选职级均不在本订单要求（%s）内") % _band_label(n)
        return Why(n.id, code, _("全部%(n)d名人选均不可选：%(why)s")
                   % {"n": len(self.cands), "why": text}, open_slots)


def _forbidden(rules, unit) -> tuple[str, str]:
    """The reason code and counts of a row or column in which every pair is forbidden."""
    counts = Counter(int(r) for r in rules)
    avoided = {k: v for k, v in counts.items() if k in AVOIDANCE_RULES}
    parts = [f"{AVOIDANCE_RULES[k]}{v}{unit}" for k, v in sorted(avoided.items())]
    if counts.get(UNAVAILABLE):
        parts.append(_("可到岗日期晚于报到日期%(n)d%(unit)s") % {"n": counts[UNAVAILABLE],
                                                            "unit": unit})
    avoid_text = _("须回避（%s）") % "、".join(parts) if parts else ""
    if counts.get(RANK_OUT) and avoided:
        return NOT_ELIGIBLE, _("%(avoid)s；职级不符%(n)d%(unit)s") % {
            "avoid": avoid_text, "n": counts[RANK_OUT], "unit": unit}
    if counts.get(RANK_OUT):
        return RANK_BAND, ""
    return AVOIDANCE, avoid_text


def _rank_label(code) -> str:
    try:
        return str(Rank(code).label)
    except ValueError:
        return code or _("未填")


def _band_label(need) -> str:
    low = _rank_label(need.min_rank) if need.min_rank else _("不限")
    high = _rank_label(need.max_rank) if need.max_rank else _("不限")
    return f"{low}—{high}"

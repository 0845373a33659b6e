"""The matching engine (精准对接), on plain data so it can be tested and benchmarked alone.

1. Hard rules remove pairs: avoidance (回避) — the cadre's own employer, the region they work
   in, their native place, a unit where they served before or where a declared relative
   works — and the order's rank band.
2. Every remaining (candidate, order) pair is scored: expertise overlap, preferred kind of
   dispatching unit, rank and professional title; each point comes with its reason.
3. Orders are expanded into their open slots and the whole assignment is solved at once with
   the Hungarian method (scipy's linear_sum_assignment): first as many posts filled as the
   rules allow, then the highest total score. Self-matched pairs are fixed beforehand.
4. A cap per receiving unit, when the batch sets one: a unit over its cap keeps its best
   assigned slots up to the cap, its other slots are closed, and the batch is solved again.
5. Wishes are part of the score: the nominee's ranked choices (第1–3志愿) and the receiving
   unit's ranking of its nominees. Couples are kept as they asked: "apart" (never both away)
   drops the lower-scoring of two placed spouses, "together" keeps the lower-scoring one to
   the partner's region; either way the batch is solved again until both hold. This stays an
   optimal assignment for the total score, not a stable matching: with wishes in the score
   most nominees get their first choice where the rules allow (the tests show it).
6. Or, where the department chooses it for a batch (Batch.matching_method "stable"), a
   stable assignment: nominee-proposing deferred acceptance (Gale–Shapley with capacities,
   as the US Army's AIM 2.0 market). Nominees rank their choices first, then every other
   allowed order by score; orders rank the unit's ranked nominees first, then by score. No
   nominee and order would both rather have each other than what they got; the total score
   may be lower than the optimum's. Hard rules, caps and couples apply the same way.
"""
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from cadres.choices import RANK_ORDER, TITLE_ORDER

INFEASIBLE = 1e6
# Points of a pair; the scalar explanation and the matrix below both read these.
BASE, EXPERTISE, OPEN_EXPERTISE, KIND, RANK_BAND, PER_TITLE_STEP = 10.0, 50.0, 20.0, 20.0, 10.0, 2.5
# A nominee's 1st, 2nd and 3rd choice; the receiving unit's 1st, 2nd and 3rd ranked nominee.
WISH = (30.0, 20.0, 10.0)
HOST_RANK = (15.0, 10.0, 5.0)


@dataclass
class Candidate:
    id: int
    expertise: frozenset
    unit_kind: str
    rank: str
    title: str
    employer_id: int
    employer_region_id: int
    native_region_path: str = ""
    avoid_unit_ids: frozenset = frozenset()  # former units and relatives' units
    fixed_order_id: int | None = None  # self-matched (自主对接)
    choices: tuple = ()  # order ids, first choice first (empty: any)
    spouse_id: int | None = None  # the spouse's candidate id in the same batch
    spouse_rule: str = ""  # "together" or "apart"
    unavailable: bool = False  # can start only after the batch's report date
    name: str = ""  # for the explanations only


@dataclass
class Need:
    id: int
    receiving_unit_id: int
    region_id: int
    region_path: str
    expertise: frozenset
    preferred_kinds: frozenset
    open_slots: int
    min_rank: str = ""
    max_rank: str = ""
    ranking: tuple = ()  # candidate ids the receiving unit ranked, best first
    title: str = ""  # title and unit_name: for the explanations only
    unit_name: str = ""


@dataclass
class Proposal:
    candidate_id: int
    order_id: int
    score: float
    reasons: list = field(default_factory=list)
    self_matched: bool = False


# Why a pair is forbidden, in the order avoidance() asks: 0 = allowed.
ALLOWED, OWN_UNIT, WORK_REGION, NATIVE_PLACE, AVOIDED_UNIT, RANK_OUT, UNAVAILABLE = range(7)
AVOIDANCE_RULES = {OWN_UNIT: "本单位", WORK_REGION: "工作所在地", NATIVE_PLACE: "籍贯地",
                   AVOIDED_UNIT: "曾任职单位或亲属任职单位"}


def avoidance(c: Candidate, n: Need) -> str | None:
    """The avoidance rule a pair breaks, or None."""
    if n.receiving_unit_id == c.employer_id:
        return AVOIDANCE_RULES[OWN_UNIT]
    if n.region_id == c.employer_region_id:
        return AVOIDANCE_RULES[WORK_REGION]
    if c.native_region_path and n.region_path.startswith(c.native_region_path):
        return AVOIDANCE_RULES[NATIVE_PLACE]
    if n.receiving_unit_id in c.avoid_unit_ids:
        return AVOIDANCE_RULES[AVOIDED_UNIT]
    return None


def in_rank_band(c: Candidate, n: Need) -> bool:
    rank = RANK_ORDER.get(c.rank, 0)
    if n.min_rank and rank < RANK_ORDER[n.min_rank]:
        return False
    return not (n.max_rank and rank > RANK_ORDER[n.max_rank])


def score(c: Candidate, n: Need) -> tuple[float, list[str]] | None:
    """The pair's score and its reasons, or None when a hard rule forbids it."""
    if c.unavailable or avoidance(c, n) or not in_rank_band(c, n):
        return None
    points, reasons = BASE, []
    if n.expertise:
        shared = c.expertise & n.expertise
        if shared:
            points += EXPERTISE * len(shared) / len(n.expertise)
            reasons.append("专业契合：" + "、".join(sorted(shared)))
    else:
        points += OPEN_EXPERTISE
        reasons.append("订单未限定专业")
    if n.preferred_kinds and c.unit_kind in n.preferred_kinds:
        points += KIND
        reasons.append("派出单位类别符合优先要求")
    if n.min_rank or n.max_rank:
        points += RANK_BAND
        reasons.append("职级符合要求")
    title = TITLE_ORDER.get(c.title, 0)
    if title:
        points += PER_TITLE_STEP * title
        reasons.append(f"职称加分 {PER_TITLE_STEP * title:g}")
    if n.id in c.choices[:len(WISH)]:
        rank = c.choices.index(n.id)
        points += WISH[rank]
        reasons.append(f"本人第{rank + 1}志愿")
    if c.id in n.ranking[:len(HOST_RANK)]:
        rank = n.ranking.index(c.id)
        points += HOST_RANK[rank]
        reasons.append(f"接收单位排序第{rank + 1}")
    return points, reasons


def pair_matrix(cands: list[Candidate], needs: list[Need]) -> tuple[np.ndarray, np.ndarray]:
    """(points, rule) of every pair at once: the same points as score() and the first hard
    rule avoidance()/in_rank_band() would name (ALLOWED where none), computed with arrays so
    2,000 × 600 pairs take milliseconds."""
    fields = sorted({e for c in cands for e in c.expertise}
                    | {e for n in needs for e in n.expertise})
    col = {e: i for i, e in enumerate(fields)}
    cand_exp = np.zeros((len(cands), len(fields)), dtype=np.float32)
    for i, c in enumerate(cands):
        cand_exp[i, [col[e] for e in c.expertise]] = 1
    need_exp = np.zeros((len(needs), len(fields)), dtype=np.float32)
    for j, n in enumerate(needs):
        need_exp[j, [col[e] for e in n.expertise]] = 1
    wanted = need_exp.sum(axis=1)
    shared = cand_exp @ need_exp.T
    points = np.where(wanted > 0, EXPERTISE * shared / np.maximum(wanted, 1), OPEN_EXPERTISE)
    points += BASE

    kinds = sorted({c.unit_kind for c in cands})
    kind_of = np.array([kinds.index(c.unit_kind) for c in cands], dtype=int)
    prefers = np.array([[k in n.preferred_kinds for k in kinds] for n in needs], dtype=bool)
    points += KIND * prefers.T[kind_of] if len(needs) else 0

    rank = np.array([RANK_ORDER.get(c.rank, 0) for c in cands])[:, None]
    low = np.array([RANK_ORDER[n.min_rank] if n.min_rank else -1 for n in needs])[None, :]
    high = np.array([RANK_ORDER[n.max_rank] if n.max_rank else 99 for n in needs])[None, :]
    banded = np.array([bool(n.min_rank or n.max_rank) for n in needs])[None, :]
    points += RANK_BAND * banded
    points += PER_TITLE_STEP * np.array([TITLE_ORDER.get(c.title, 0) for c in cands])[:, None]
    # Wishes: few per row and column, marked through indexes.
    need_at = {n.id: j for j, n in enumerate(needs)}
    cand_at = {c.id: i for i, c in enumerate(cands)}
    for i, c in enumerate(cands):
        for place, order_id in enumerate(c.choices[:len(WISH)]):
            if order_id in need_at:
                points[i, need_at[order_id]] += WISH[place]
    for j, n in enumerate(needs):
        for place, cand_id in enumerate(n.ranking[:len(HOST_RANK)]):
            if cand_id in cand_at:
                points[cand_at[cand_id], j] += HOST_RANK[place]

    # Marked from the last rule to the first, so a pair keeps the first rule it breaks.
    rule = np.zeros((len(cands), len(needs)), dtype=np.int8)
    rule[np.broadcast_to((rank < low) | (rank > high), rule.shape)] = RANK_OUT
    # Native places and avoided units are few: mark them through indexes, not a full scan.
    by_unit: dict[int, list[int]] = {}
    under: dict[str, list[int]] = {}  # region id → needs in that region's subtree
    for j, n in enumerate(needs):
        by_unit.setdefault(n.receiving_unit_id, []).append(j)
        for region_id in n.region_path.strip("/").split("/"):
            under.setdefault(region_id, []).append(j)
    for i, c in enumerate(cands):
        for u in c.avoid_unit_ids:
            rule[i, by_unit.get(u, [])] = AVOIDED_UNIT
        if c.native_region_path:
            rule[i, under.get(c.native_region_path.strip("/").split("/")[-1], [])] = NATIVE_PLACE
    unit = np.array([n.receiving_unit_id for n in needs])
    region = np.array([n.region_id for n in needs])
    rule[np.array([c.employer_region_id for c in cands])[:, None] == region[None, :]] = WORK_REGION
    rule[np.array([c.employer_id for c in cands])[:, None] == unit[None, :]] = OWN_UNIT
    # A nominee who can start only after the report date takes no post of the batch.
    rule[np.array([c.unavailable for c in cands], dtype=bool)] = UNAVAILABLE
    return points, rule


def cost_matrix(cands: list[Candidate], needs: list[Need]) -> np.ndarray:
    """-score of every pair (INFEASIBLE where a hard rule forbids it), for the solver."""
    points, rule = pair_matrix(cands, needs)
    return np.where(rule != ALLOWED, INFEASIBLE, -points)


def match(candidates: list[Candidate], needs: list[Need], cap_per_unit: int | None = None,
          filled_per_unit: dict[int, int] | None = None,
          room: dict[int, int] | None = None, method: str = "optimal") -> list[Proposal]:
    """Propose the whole assignment for a batch (see the module's docstring). `room`: how
    many more some units may take whatever the batch's cap (a leadership team's share,
    placements.capacity)."""
    needs_by_id = {n.id: n for n in needs}
    open_slots = {n.id: n.open_slots for n in needs}
    proposals: list[Proposal] = []
    free: list[Candidate] = []
    for c in candidates:
        n = needs_by_id.get(c.fixed_order_id) if c.fixed_order_id else None
        s = score(c, n) if n is not None else None
        # A self-matched pair is fixed only while the hard rules allow it (a relation
        # declared after nominating can forbid it); otherwise the cadre is matched freely.
        if s is not None and open_slots[n.id] > 0:
            open_slots[n.id] -= 1
            proposals.append(Proposal(c.id, n.id, s[0], ["自主对接", *s[1]], self_matched=True))
        else:
            free.append(c)
    slots = [n for n in needs for _ in range(open_slots[n.id])]
    if not free or not slots:
        return proposals

    # One column per order, repeated per slot: score each (candidate, order) once.
    cost_by_order = cost_matrix(free, needs)
    order_index = {n.id: j for j, n in enumerate(needs)}
    slot_orders = np.array([order_index[n.id] for n in slots])
    used = dict(filled_per_unit or {})
    fixed_here: dict[int, int] = {}
    for p in proposals:
        unit = needs_by_id[p.order_id].receiving_unit_id
        used[unit] = used.get(unit, 0) + 1
        fixed_here[unit] = fixed_here.get(unit, 0) + 1
    room = room or {}

    def left(unit) -> int | None:
        """How many more the unit may take in this solve, or None without a cap."""
        limits = ([cap_per_unit - used.get(unit, 0)] if cap_per_unit is not None else []) + (
            [room[unit] - fixed_here.get(unit, 0)] if unit in room else [])
        return max(min(limits), 0) if limits else None

    active = np.ones(len(slots), dtype=bool)
    row_of = {c.id: i for i, c in enumerate(free)}
    while True:
        columns = np.flatnonzero(active)
        if method == "stable":
            chosen = _stable(cost_by_order, free, needs, slot_orders, columns)
        else:
            cost = cost_by_order[:, slot_orders[columns]]
            rows, cols = linear_sum_assignment(cost)
            chosen = [(r, columns[k]) for r, k in zip(rows, cols, strict=True)
                      if cost[r, k] < INFEASIBLE]
        if cap_per_unit is None and not room:
            if _keep_couples(free, row_of, chosen, slots, slot_orders, cost_by_order, needs):
                continue
            break
        per_unit: dict[int, list] = {}
        for r, s in chosen:
            per_unit.setdefault(slots[s].receiving_unit_id, []).append(
                (cost_by_order[r, slot_orders[s]], s))
        over = [(u, pairs) for u, pairs in per_unit.items()
                if left(u) is not None and len(pairs) > left(u)]
        if not over:
            if _keep_couples(free, row_of, chosen, slots, slot_orders, cost_by_order, needs):
                continue
            break
        for unit, pairs in over:
            # Keep the unit's best assigned slots up to its cap; close all its other slots,
            # so the next solve cannot push it over again.
            keep = {s for _cost, s in sorted(pairs)[:left(unit)]}
            for s, n in enumerate(slots):
                if n.receiving_unit_id == unit and s not in keep:
                    active[s] = False
    for r, s in chosen:
        j = slot_orders[s]
        points, reasons = score(free[r], needs[j])
        proposals.append(Proposal(free[r].id, needs[j].id, points, reasons))
    return proposals


def _keep_couples(free, row_of, chosen, slots, slot_orders, cost_by_order, needs) -> bool:
    """Where two spouses placed break their rule, forbid what broke it for the lower-scoring
    of the two (in `cost_by_order`) and say so: the batch is then solved again. Forbidding
    only ever grows, so the solving ends."""
    placed = dict(chosen)
    changed = False
    for r, s in placed.items():
        partner = row_of.get(free[r].spouse_id)
        if partner is None or partner < r or partner not in placed:
            continue  # each couple once, and only when both are placed
        mine = cost_by_order[r, slot_orders[s]]
        theirs = cost_by_order[partner, slot_orders[placed[partner]]]
        lower, other = (r, partner) if mine > theirs else (partner, r)
        if free[r].spouse_rule == "apart":
            cost_by_order[lower, :] = INFEASIBLE
            changed = True
        elif free[r].spouse_rule == "together":
            region = slots[placed[other]].region_id
            if slots[placed[lower]].region_id != region:
                away = np.array([n.region_id != region for n in needs])
                cost_by_order[lower, away] = INFEASIBLE
                changed = True
    return changed


def _stable(cost_by_order, free, needs, slot_orders, columns) -> list[tuple[int, int]]:
    """Nominee-proposing deferred acceptance over the open slots `columns`: (row, slot)."""
    capacity: dict[int, list[int]] = {}  # order index → its open slots
    for s in columns:
        capacity.setdefault(int(slot_orders[s]), []).append(int(s))
    need_at = {n.id: j for j, n in enumerate(needs)}
    open_orders = np.array(sorted(capacity), dtype=int)
    # Every nominee's orders by score at once (one sort per row, in numpy).
    costs = cost_by_order[:, open_orders]
    by_score = open_orders[np.argsort(costs, axis=1, kind="stable")]
    allowed_count = (costs < INFEASIBLE).sum(axis=1)

    def preferences(r):
        allowed = by_score[r, :allowed_count[r]].tolist()
        chosen = set(allowed)
        wished = [need_at[o] for o in free[r].choices if need_at.get(o) in chosen]
        return wished + [j for j in allowed if j not in wished]

    def order_key(j, r):
        ranking = needs[j].ranking
        place = ranking.index(free[r].id) if free[r].id in ranking else len(ranking)
        return place, cost_by_order[r, j], r

    prefs = [preferences(r) for r in range(len(free))]
    following = [0] * len(free)
    held: dict[int, list[int]] = {j: [] for j in capacity}
    waiting = list(range(len(free)))[::-1]
    while waiting:
        r = waiting.pop()
        if following[r] >= len(prefs[r]):
            continue
        j = prefs[r][following[r]]
        following[r] += 1
        held[j].append(r)
        if len(held[j]) > len(capacity[j]):
            held[j].sort(key=lambda x: order_key(j, x))
            waiting.append(held[j].pop())
    return [(r, capacity[j][k]) for j, rows in held.items() for k, r in enumerate(rows)]

"""The open matching board's "why not" (issue 28, item 4): every nominee and every order left
without a proposal carries the rule that kept it out, read from the engine's own rule matrix."""
import pytest

from placements.explain import explain
from placements.matching import Candidate, Need, match

SENDER, HOST, OTHER_HOST = 1, 2, 3


def cand(id, name, employer=SENDER, region=100, rank="section_chief", native="", avoid=(),
         expertise=("农业",)):
    return Candidate(id=id, expertise=frozenset(expertise), unit_kind="provincial_organ",
                     rank=rank, title="none", employer_id=employer, employer_region_id=region,
                     native_region_path=native, avoid_unit_ids=frozenset(avoid), name=name)


def need(id, title, unit=HOST, region=500, slots=1, min_rank="", max_rank="",
         expertise=("农业",)):
    return Need(id=id, receiving_unit_id=unit, region_id=region, region_path=f"/1/50/{region}/",
                expertise=frozenset(expertise), preferred_kinds=frozenset(), open_slots=slots,
                min_rank=min_rank, max_rank=max_rank, title=title, unit_name=f"单位{unit}")


def why(cands, needs, cap=None, filled=None):
    proposals = match(cands, needs, cap_per_unit=cap, filled_per_unit=filled)
    unplaced, unfilled = explain(cands, needs, proposals, cap_per_unit=cap,
                                 filled_per_unit=filled)
    return ({w.id: (w.reason_code, w.reason) for w in unplaced},
            {w.id: (w.reason_code, w.reason, w.open_slots) for w in unfilled})


def test_a_nominee_avoiding_every_order_is_told_which_rule_for_how_many():
    cands = [cand(1, "张三", employer=HOST, region=500)]
    needs = [need(10, "乡村振兴", unit=HOST, region=500), need(11, "农业园区", unit=OTHER_HOST)]
    unplaced, unfilled = why(cands, needs)
    code, reason = unplaced[1]
    assert code == "avoidance"
    # The first rule each pair breaks: its own unit for one, the region it works in for the other.
    assert "本单位1个订单" in reason and "工作所在地1个订单" in reason
    assert unfilled[10][0] == "avoidance" and "本单位1人" in unfilled[10][1]
    assert unfilled[11][0] == "avoidance" and "工作所在地1人" in unfilled[11][1]


@pytest.mark.parametrize("native, avoid, rule", [
    ("/1/50/", (), "籍贯地"), ("", (HOST,), "曾任职单位或亲属任职单位")])
def test_native_place_and_former_units_are_named(native, avoid, rule):
    unplaced, _ = why([cand(1, "张三", native=native, avoid=avoid)], [need(10, "乡村振兴")])
    assert unplaced[1][0] == "avoidance" and f"{rule}1个订单" in unplaced[1][1]


def test_a_rank_outside_every_band_says_the_rank_and_the_order_says_its_band():
    cands = [cand(1, "张三", rank="staff")]
    needs = [need(10, "乡村振兴", min_rank="section_deputy", max_rank="division_chief")]
    unplaced, unfilled = why(cands, needs)
    assert unplaced[1] == ("rank_band",
                           "全部1个订单均不可去：职级（科员及以下）不在任何订单的职级要求内")
    assert unfilled[10][0] == "rank_band"
    assert "乡科级副职—县处级正职" in unfilled[10][1] and unfilled[10][2] == 1


def test_mixed_rules_are_counted_together():
    cands = [cand(1, "张三", rank="staff")]
    needs = [need(10, "乡村振兴", min_rank="section_chief"), need(11, "园区", unit=SENDER)]
    unplaced, _ = why(cands, needs)
    assert unplaced[1][0] == "not_eligible"
    assert "本单位1个订单" in unplaced[1][1] and "职级不符1个订单" in unplaced[1][1]


def test_an_outscored_nominee_hears_the_best_order_and_who_holds_it_with_the_scores():
    cands = [cand(1, "李四", expertise=()), cand(2, "王五")]
    unplaced, unfilled = why(cands, [need(10, "乡村振兴")])
    code, reason = unplaced[1]
    assert code == "outscored"
    assert "“乡村振兴”（单位2，本人10.0分）名额已由王五（60.0分）占用" in reason
    assert unfilled == {}


def test_a_self_matched_holder_with_a_lower_score_is_marked_as_such():
    # The solver never leaves a better scorer out of an order for a worse one; only a
    # self-matched pair (fixed beforehand) can hold an order with a lower score.
    cands = [cand(1, "李四"), cand(2, "王五", expertise=())]
    cands[1].fixed_order_id = 10
    unplaced, _ = why(cands, [need(10, "乡村振兴")])
    assert unplaced[1][0] == "outscored"
    assert "本人60.0分）名额已由王五（10.0分，自主对接）占用" in unplaced[1][1]


def test_the_cap_per_unit_is_named_for_nominee_and_order():
    cands = [cand(1, "张三"), cand(2, "李四")]
    needs = [need(10, "乡村振兴", slots=2)]
    unplaced, unfilled = why(cands, needs, cap=1)
    assert [c for c, _r in unplaced.values()] == ["cap_reached"]
    assert "每单位接收上限（1人）：单位2" in next(iter(unplaced.values()))[1]
    assert unfilled[10][0] == "cap_reached" and unfilled[10][2] == 1


def test_an_order_whose_eligible_nominees_went_elsewhere_says_so():
    cands = [cand(1, "张三", expertise=("金融",))]
    needs = [need(10, "金融顾问", expertise=("金融",)), need(11, "园区", unit=OTHER_HOST)]
    _, unfilled = why(cands, needs)
    assert unfilled[11][0] == "nominees_taken" and "1名人选已对接到其他订单" in unfilled[11][1]


def test_empty_sides():
    unplaced, unfilled = why([cand(1, "张三")], [])
    assert unplaced[1][0] == "no_open_orders"
    unplaced, unfilled = why([], [need(10, "乡村振兴", slots=2)])
    assert unfilled[10] == ("no_nominees", "本批次暂无待对接的推荐人选", 2)


def test_proposals_older_than_a_nominee_say_run_the_matching_again():
    cands = [cand(1, "张三")]
    needs = [need(10, "乡村振兴")]
    unplaced, unfilled = explain(cands, needs, [])
    assert unplaced[0].reason_code == "not_yet_matched" and "乡村振兴" in unplaced[0].reason
    assert unfilled[0].reason_code == "not_yet_matched" and "张三" in unfilled[0].reason


def test_every_unplaced_nominee_and_unfilled_order_of_a_large_batch_has_a_reason():
    from benchmarks.matching import workload

    cands, needs = workload(seed=11, nominations=300, orders=80, slots=150, self_matched=20)
    proposals = match(cands, needs, cap_per_unit=2)
    unplaced, unfilled = explain(cands, needs, proposals, cap_per_unit=2)
    placed = {p.candidate_id for p in proposals}
    assert {w.id for w in unplaced} == {c.id for c in cands} - placed
    taken = {}
    for p in proposals:
        taken[p.order_id] = taken.get(p.order_id, 0) + 1
    assert {w.id for w in unfilled} == {n.id for n in needs if n.open_slots > taken.get(n.id, 0)}
    # Right after a run nothing is "not yet matched": the solver fills what the rules allow.
    assert all(w.reason_code != "not_yet_matched" for w in unplaced + unfilled)
    assert all(w.reason for w in unplaced + unfilled)

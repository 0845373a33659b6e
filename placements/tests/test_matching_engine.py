"""The matching engine on plain data: hard rules, scores with reasons, optimal assignment."""
import pytest

from placements.matching import Candidate, Need, match, score


def cand(id, expertise=("金融",), kind="soe", rank="section_chief", title="none", employer=100,
         region=1000, **kw):
    return Candidate(id=id, expertise=frozenset(expertise), unit_kind=kind, rank=rank,
                     title=title, employer_id=employer, employer_region_id=region, **kw)


def need(id, expertise=("金融",), unit=200, region=2000, path="/1/2000/", slots=1, **kw):
    return Need(id=id, receiving_unit_id=unit, region_id=region, region_path=path,
                expertise=frozenset(expertise), preferred_kinds=frozenset(kw.pop("kinds", ())),
                open_slots=slots, **kw)


def test_avoidance_forbids_own_unit_own_region_native_place_and_relatives():
    n = need(1, unit=200, region=2000, path="/1/2000/")
    assert score(cand(1, employer=200), n) is None
    assert score(cand(1, region=2000), n) is None
    assert score(cand(1, native_region_path="/1/2000/"), n) is None
    assert score(cand(1, avoid_unit_ids=frozenset({200})), n) is None
    assert score(cand(1), n) is not None


def test_the_rank_band_is_a_hard_rule():
    n = need(1, min_rank="division_deputy", max_rank="division_chief")
    assert score(cand(1, rank="section_chief"), n) is None
    assert score(cand(1, rank="bureau_deputy"), n) is None
    points, reasons = score(cand(1, rank="division_deputy"), n)
    assert "职级符合要求" in reasons


def test_scores_come_with_their_reasons():
    strong = cand(1, expertise=("金融", "农业"), kind="university", title="senior")
    points, reasons = score(strong, need(1, expertise=("金融",), kinds={"university"}))
    assert points > score(cand(2), need(1))[0]
    assert reasons[0] == "专业契合：金融"
    assert "派出单位类别符合优先要求" in reasons


def test_the_assignment_is_optimal_where_a_greedy_loop_is_not():
    # Greedy would give A (the best at both) to the first order and leave B with nothing
    # it fits; the optimum gives A the second order and B the first.
    a = cand(1, expertise=("金融", "农业"))
    b = cand(2, expertise=("金融",))
    n1 = need(10, expertise=("金融",), unit=201)
    n2 = need(11, expertise=("农业",), unit=202)
    got = {p.candidate_id: p.order_id for p in match([a, b], [n1, n2])}
    assert got == {1: 11, 2: 10}


def test_self_matched_pairs_are_kept_and_take_their_slot():
    a = cand(1, fixed_order_id=10)
    b = cand(2, expertise=("金融", "农业"))
    got = match([a, b], [need(10, slots=1)])
    assert [(p.candidate_id, p.order_id, p.self_matched) for p in got] == [(1, 10, True)]


def test_headcount_bounds_the_assignment_and_infeasible_pairs_stay_unmatched():
    cs = [cand(i) for i in range(5)] + [cand(9, employer=200)]
    got = match(cs, [need(10, slots=3), need(11, unit=200, slots=2)])
    per_order = {}
    for p in got:
        per_order[p.order_id] = per_order.get(p.order_id, 0) + 1
    assert per_order == {10: 3, 11: 2}
    assert all(not (p.candidate_id == 9 and p.order_id == 11) for p in got)


def test_a_cap_per_receiving_unit_is_respected():
    cs = [cand(i) for i in range(6)]
    needs = [need(10, unit=200, slots=2), need(11, unit=200, slots=2), need(12, unit=300, slots=2)]
    got = match(cs, needs, cap_per_unit=3, filled_per_unit={200: 1})
    units = [200 if p.order_id in (10, 11) else 300 for p in got]
    assert units.count(200) == 2 and units.count(300) == 2


def assert_matrix_agrees(cands, needs):
    """The solver's matrix and the scalar score (whose reasons the board shows) agree on
    every pair: the same points, and forbidden where a hard rule forbids it."""
    from placements.matching import INFEASIBLE, cost_matrix

    matrix = cost_matrix(cands, needs)
    for i, c in enumerate(cands):
        for j, n in enumerate(needs):
            s = score(c, n)
            if s is None:
                assert matrix[i, j] == INFEASIBLE
            else:
                assert matrix[i, j] == pytest.approx(-s[0])


def test_the_score_matrix_agrees_with_the_explained_score_for_every_pair():
    from benchmarks.matching import workload

    assert_matrix_agrees(*workload(seed=3, nominations=120, orders=40, slots=60,
                                   self_matched=0))


def test_the_rule_matrix_names_the_rule_avoidance_names_for_every_pair():
    from benchmarks.matching import workload
    from placements.matching import (
        ALLOWED,
        AVOIDANCE_RULES,
        RANK_OUT,
        avoidance,
        in_rank_band,
        pair_matrix,
    )

    cands, needs = workload(seed=5, nominations=150, orders=50, slots=70, self_matched=0)
    _points, rule = pair_matrix(cands, needs)
    seen = set()
    for i, c in enumerate(cands):
        for j, n in enumerate(needs):
            named = avoidance(c, n)
            expected = (next(k for k, v in AVOIDANCE_RULES.items() if v == named) if named
                        else ALLOWED if in_rank_band(c, n) else RANK_OUT)
            assert rule[i, j] == expected, (i, j)
            seen.add(expected)
    # The workload exercises more than one rule, or the comparison proves little.
    assert len(seen) >= 3


def test_with_wishes_and_couples_the_matrix_still_agrees_with_the_scalar_score():
    from benchmarks.matching import with_wishes, workload

    assert_matrix_agrees(*with_wishes(*workload(seed=4, nominations=150, orders=50, slots=70,
                                                self_matched=0), couples=10))

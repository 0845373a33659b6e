"""Wishes on both sides (issue 29, item 3; DESIGN Turn-3: nominations gain `choices`,
`available_from`, `spouse`, `spouse_rule`; `orders/{id}/rank-nominees/`): the matching honours
first choices where the rules allow, reads the unit's ranking, keeps couples as they asked, and
says why a spouse was left out; bad wishes are refused by their codes, nothing changed."""
import datetime

import pytest
from rest_framework.test import APIClient

from placements.explain import explain
from placements.matching import Candidate, Need, match
from placements.models import DemandOrder, Nomination

D = datetime.date


def cand(id, name, expertise=("农业",), choices=(), spouse=None, rule="", region=100):
    return Candidate(id=id, expertise=frozenset(expertise), unit_kind="provincial_organ",
                     rank="section_chief", title="none", employer_id=1,
                     employer_region_id=region, choices=tuple(choices), spouse_id=spouse,
                     spouse_rule=rule, name=name)


def need(id, title, region, unit, ranking=(), expertise=("农业",)):
    return Need(id=id, receiving_unit_id=unit, region_id=region,
                region_path=f"/1/50/{region}/", expertise=frozenset(expertise),
                preferred_kinds=frozenset(), open_slots=1, ranking=tuple(ranking),
                title=title, unit_name=f"单位{unit}")


def placed(proposals):
    return {p.candidate_id: p.order_id for p in proposals}


def test_first_choices_are_honoured_where_the_scores_alone_would_swap_them():
    # Equal fit everywhere: without wishes the tie goes by order; with them each gets their
    # first choice, and the reason says so.
    needs = [need(10, "甲", 500, 2), need(11, "乙", 600, 3)]
    cands = [cand(1, "张三", choices=(11, 10)), cand(2, "李四", choices=(10,))]
    got = match(cands, needs)
    assert placed(got) == {1: 11, 2: 10}
    assert all("本人第1志愿" in p.reasons for p in got)


def test_the_receiving_units_ranking_counts():
    needs = [need(10, "甲", 500, 2, ranking=(2,))]
    got = match([cand(1, "张三"), cand(2, "李四")], needs)
    assert placed(got) == {2: 10} and "接收单位排序第1" in got[0].reasons


def test_spouses_apart_are_never_both_placed_and_the_other_hears_why():
    needs = [need(10, "甲", 500, 2), need(11, "乙", 600, 3)]
    cands = [cand(1, "张三", expertise=("农业", "水利"), spouse=2, rule="apart"),
             cand(2, "李四", spouse=1, rule="apart"), cand(3, "王五", expertise=())]
    got = placed(match(cands, needs))
    assert not (1 in got and 2 in got) and 3 in got
    proposals = match(cands, needs)
    unplaced, _ = explain(cands, needs, proposals)
    why = {w.id: (w.reason_code, w.reason) for w in unplaced}
    left = ({1, 2} - set(placed(proposals))).pop()
    assert why[left][0] == "spouse_apart" and "夫妻不同时外派" in why[left][1]


def test_spouses_together_are_placed_in_one_region():
    # 李四 fits region 600 best alone; together with 张三 (placed in 500) they share 500.
    needs = [need(10, "甲", 500, 2, expertise=("农业",)), need(12, "丙", 500, 4, expertise=()),
             need(11, "乙", 600, 3, expertise=("水利",))]
    cands = [cand(1, "张三", spouse=2, rule="together"),
             cand(2, "李四", expertise=("水利",), spouse=1, rule="together"),
             cand(3, "王五", expertise=("水利",))]
    got = placed(match(cands, needs))
    regions = {10: 500, 12: 500, 11: 600}
    assert regions[got[1]] == regions[got[2]] == 500


def test_no_wishes_change_nothing_in_a_large_batch():
    from benchmarks.matching import workload

    cands, needs = workload(seed=9, nominations=200, orders=60, slots=100, self_matched=10)
    before = sorted((p.candidate_id, p.order_id, p.score) for p in match(cands, needs))
    for c in cands:
        c.choices, c.spouse_id, c.spouse_rule = (), None, ""
    assert sorted((p.candidate_id, p.order_id, p.score) for p in match(cands, needs)) == before


# --- records: the API ---------------------------------------------------------------------


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def batch(world, make):
    w = world
    w.o1 = make.order(w.batch, w.host, title="乡村振兴")
    w.o2 = make.order(w.batch, w.other_host, title="园区建设")
    w.draft = make.order(w.batch, w.host, title="草稿", status="draft")
    w.elsewhere = make.order(w.other_batch, make.unit(w.other_province, "郧阳区人民政府"))
    w.spouse = make.cadre(w.sender, "林芳")
    w.spouse_nomination = Nomination.objects.create(cadre=w.spouse, batch=w.batch,
                                                    dispatching_unit=w.sender)
    return w


def nominate(w, **body):
    return api(w.dispatching).post("/api/v1/nominations/", {
        "cadre": w.cadre.pk, "batch": w.batch.pk, **body}, format="json")


def test_a_nomination_carries_choices_availability_and_a_spouse_both_ways(batch):
    w = batch
    response = nominate(w, choices=[w.o2.pk, w.o1.pk], available_from="2027-03-15",
                        spouse=w.spouse.pk, spouse_rule="apart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["choices"], body["available_from"], body["spouse"], body["spouse_rule"]) == (
        [w.o2.pk, w.o1.pk], "2027-03-15", w.spouse.pk, "apart")
    w.spouse_nomination.refresh_from_db()
    assert (w.spouse_nomination.spouse_id, w.spouse_nomination.spouse_rule) == (
        w.cadre.pk, "apart")


@pytest.mark.parametrize("body, code, field", [
    ({"choices": ["draft"]}, "choice_not_open", "choices"),
    ({"choices": ["elsewhere"]}, "choice_not_open", "choices"),
    ({"choices": ["o1", "o1"]}, "duplicate_choice", "choices"),
    ({"choices": ["o1", "o2", "o1", "o2"]}, "too_many_choices", "choices"),
    ({"spouse": "stranger", "spouse_rule": "together"}, "spouse_not_in_batch", "spouse"),
    ({"spouse": "spouse", "spouse_rule": "sometimes"}, "invalid", "spouse_rule"),
])
def test_bad_wishes_are_400s_and_no_nomination_is_made(batch, make, body, code, field):
    w = batch
    names = {"draft": w.draft.pk, "elsewhere": w.elsewhere.pk, "o1": w.o1.pk, "o2": w.o2.pk,
             "stranger": make.cadre(w.sender, "外人").pk, "spouse": w.spouse.pk}
    body = {k: ([names[x] for x in v] if isinstance(v, list) else names.get(v, v))
            for k, v in body.items()}
    response = nominate(w, **body)
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == code and field in error["fields"]
    assert not Nomination.objects.filter(cadre=w.cadre).exists()


def test_the_cadre_states_their_own_wishes_and_others_may_not(batch):
    w = batch
    nomination = Nomination.objects.create(cadre=w.cadre, batch=w.batch,
                                           dispatching_unit=w.sender)
    path = f"/api/v1/nominations/{nomination.pk}/wishes/"
    done = api(w.cadre_user).post(path, {"choices": [w.o1.pk]}, format="json")
    assert done.status_code == 200 and done.json()["choices"] == [w.o1.pk]
    # A role that never states wishes is refused before any nomination is looked up.
    assert api(w.receiving).post(path, {"choices": []}, format="json").status_code == 403
    assert api(w.other_staff).post(path, {"choices": []}, format="json").status_code == 404
    twice = api(w.cadre_user).post(path, {"choices": [w.o2.pk, w.o2.pk]}, format="json")
    assert twice.status_code == 400 and twice.json()["error"]["code"] == "duplicate_choice"
    assert Nomination.objects.get(pk=nomination.pk).choices == [w.o1.pk]


def test_the_receiving_unit_ranks_the_nominees_offered_to_its_order(batch, make):
    w = batch
    first = Nomination.objects.create(cadre=w.cadre, batch=w.batch, dispatching_unit=w.sender,
                                      choices=[w.o2.pk, w.o1.pk])
    Nomination.objects.filter(pk=w.spouse_nomination.pk).update(choices=[w.o1.pk])
    other = Nomination.objects.create(cadre=make.cadre(w.sender, "不选"), batch=w.batch,
                                      dispatching_unit=w.sender, choices=[w.o2.pk])
    path = f"/api/v1/orders/{w.o1.pk}/rank-nominees/"
    offered = api(w.receiving).get(path).json()
    assert [(r["nomination"], r["choice_rank"]) for r in offered] == [
        (w.spouse_nomination.pk, 1), (first.pk, 2)]
    for bad, code in (([first.pk, first.pk], "duplicate_choice"), ([other.pk], "not_offered")):
        refused = api(w.receiving).post(path, {"nominations": bad}, format="json")
        assert refused.status_code == 400 and refused.json()["error"]["code"] == code
    assert DemandOrder.objects.get(pk=w.o1.pk).nominee_ranking == []
    ranked = api(w.receiving).post(path, {"nominations": [first.pk, w.spouse_nomination.pk]},
                                   format="json")
    assert [r["rank"] for r in ranked.json()] == [1, 2]
    assert api(w.dispatching).post(path, {"nominations": [first.pk]},
                                   format="json").status_code == 403


def test_the_board_shows_the_choice_rank(batch):
    w = batch
    Nomination.objects.create(cadre=w.cadre, batch=w.batch, dispatching_unit=w.sender,
                              choices=[w.o2.pk])
    body = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/match/").json()
    mine = next(p for p in body["proposals"] if p["cadre_name"] == "张树旗")
    assert (mine["order"], mine["choice_rank"]) == (w.o2.pk, 1)
    assert "本人第1志愿" in mine["reasons"]


def test_the_cadre_states_wishes_on_a_page_and_sees_them_at_home(batch):
    from django.test import Client

    w = batch
    nomination = Nomination.objects.create(cadre=w.cadre, batch=w.batch,
                                           dispatching_unit=w.sender)
    page = Client()
    page.force_login(w.cadre_user)
    home = page.get("/my/").content.decode()
    assert "我的推荐与志愿" in home and f"/nominations/{nomination.pk}/wishes/" in home
    form = page.get(f"/nominations/{nomination.pk}/wishes/").content.decode()
    assert "园区建设" in form and "草稿" not in form
    refused = page.post(f"/nominations/{nomination.pk}/wishes/", {
        "first": w.o1.pk, "second": w.o1.pk})
    assert refused.status_code == 400 and "志愿中有重复的需求订单" in refused.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).choices == []
    done = page.post(f"/nominations/{nomination.pk}/wishes/", {
        "first": w.o2.pk, "second": w.o1.pk, "spouse": w.spouse_nomination.pk,
        "spouse_rule": "together"})
    assert done.status_code == 302 and done["Location"] == "/my/"
    assert Nomination.objects.get(pk=nomination.pk).choices == [w.o2.pk, w.o1.pk]
    assert "第1志愿：园区建设" in page.get("/my/").content.decode()
    # The sending unit sees the choices on its list.
    sender = Client()
    sender.force_login(w.dispatching)
    assert "1个志愿" not in sender.get("/nominations/").content.decode()
    assert "2个志愿" in sender.get("/nominations/").content.decode()


def test_a_nominee_available_only_after_the_report_date_gets_no_post_and_hears_why(batch):
    w = batch
    w.batch.report_by = D(2027, 3, 1)
    w.batch.save()
    late = Nomination.objects.create(cadre=w.cadre, batch=w.batch, dispatching_unit=w.sender,
                                     available_from=D(2027, 6, 1))
    body = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/match/").json()
    assert late.pk not in {p["nomination"] for p in body["proposals"]}
    why = {u["nomination"]: u for u in body["unplaced"]}
    assert why[late.pk]["reason_code"] == "not_available"
    assert why[late.pk]["reason"] == "本人可到岗日期晚于本批次报到日期"


def blocking_pairs(cands, needs, proposals):
    """(nominee, order) pairs that would both rather have each other than what they got."""
    from placements.matching import score

    got = {p.candidate_id: p.order_id for p in proposals}
    holders = {}
    for p in proposals:
        holders.setdefault(p.order_id, []).append(p.candidate_id)
    by_id = {c.id: c for c in cands}

    def nominee_rank(c, order_id):
        s = score(c, next(n for n in needs if n.id == order_id))
        wished = c.choices.index(order_id) if order_id in c.choices else len(c.choices)
        return (wished, -s[0])

    def order_rank(n, c):
        place = n.ranking.index(c.id) if c.id in n.ranking else len(n.ranking)
        return (place, -score(c, n)[0])

    found = []
    for c in cands:
        for n in needs:
            if score(c, n) is None or got.get(c.id) == n.id:
                continue
            if c.id in got and nominee_rank(c, n.id) >= nominee_rank(c, got[c.id]):
                continue
            held = holders.get(n.id, [])
            if len(held) < n.open_slots or any(
                    order_rank(n, c) < order_rank(n, by_id[h]) for h in held):
                found.append((c.id, n.id))
    return found


def test_the_stable_method_leaves_no_blocking_pair_and_the_optimal_scores_at_least_as_high():
    from benchmarks.matching import with_wishes, workload

    cands, needs = with_wishes(*workload(seed=21, nominations=80, orders=25, slots=30,
                                         self_matched=0), couples=0)
    stable = match(cands, needs, method="stable")
    optimal = match(cands, needs)
    assert blocking_pairs(cands, needs, stable) == []
    assert sum(p.score for p in optimal) >= sum(p.score for p in stable) - 1e-6

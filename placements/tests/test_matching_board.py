"""The open matching board (issue 28, item 4; DESIGN Turn-3: `batches/{id}/match/` changes no
status and returns {proposals, unplaced, unfilled} with reason codes): why each nominee and order
got nothing, each changed pair's score before it is confirmed, and every proposal above a score
accepted in one pass with each refusal answered on its own row."""
import pytest
from django.test import Client
from rest_framework.test import APIClient

from cadres.models import Expertise
from placements.models import MatchProposal, Nomination, Placement


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def board(world, make):
    """Two orders and three nominees: 张树旗 fits the first; 钱江 works at its host (avoid);
    李青 fits it worse; nobody's rank fits the second."""
    w = world
    farming = Expertise.objects.create(name="农业")
    w.o1 = make.order(w.batch, w.host, title="乡村振兴", headcount=1)
    w.o1.expertise.add(farming)
    w.o2 = make.order(w.batch, w.other_host, title="园区建设", headcount=1,
                      min_rank="division_deputy")
    w.cadre.rank = "section_chief"
    w.cadre.save()
    w.cadre.expertise.add(farming)
    w.local = make.cadre(w.host, "钱江", rank="section_chief")
    w.weaker = make.cadre(w.sender, "李青", rank="section_chief")
    w.noms = {c.name: Nomination.objects.create(cadre=c, batch=w.batch,
                                                 dispatching_unit=c.employer)
              for c in (w.cadre, w.local, w.weaker)}
    return w


def test_match_answers_the_contract_shape_with_why_for_each_left_out(board):
    w = board
    response = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/match/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"proposals", "unplaced", "unfilled"}
    assert [(p["cadre_name"], p["order"]) for p in body["proposals"]] == [("张树旗", w.o1.pk)]
    why = {u["nomination"]: (u["reason_code"], u["reason"]) for u in body["unplaced"]}
    assert set(why) == {w.noms["钱江"].pk, w.noms["李青"].pk}
    assert why[w.noms["钱江"].pk][0] == "avoidance"
    assert "本单位1个订单" in why[w.noms["钱江"].pk][1]
    assert "工作所在地1个订单" in why[w.noms["钱江"].pk][1]
    assert why[w.noms["李青"].pk][0] == "outscored"
    assert "“乡村振兴”" in why[w.noms["李青"].pk][1] and "张树旗（" in why[w.noms["李青"].pk][1]
    assert [(u["order"], u["open_slots"], u["reason_code"]) for u in body["unfilled"]] == [
        (w.o2.pk, 1, "not_eligible")]
    assert "职级不符2人" in body["unfilled"][0]["reason"]
    # Running changes nothing but proposals: the batch keeps its status.
    w.batch.refresh_from_db()
    assert w.batch.status == "open"


def test_reading_the_board_runs_nothing(board):
    w = board
    client = api(w.staff)
    client.post(f"/api/v1/batches/{w.batch.pk}/match/")
    before = list(MatchProposal.objects.values_list("pk", "status"))
    body = client.get(f"/api/v1/batches/{w.batch.pk}/match/").json()
    assert [p["id"] for p in body["proposals"]] == [pk for pk, _s in before]
    assert list(MatchProposal.objects.values_list("pk", "status")) == before
    assert len(body["unplaced"]) == 2


@pytest.mark.parametrize("who, code", [("receiving", 403), ("manager", 403),
                                       ("other_staff", 404)])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_departments_staff_see_or_run_the_board(board, who, code, method):
    w = board
    response = getattr(api(getattr(w, who)), method)(f"/api/v1/batches/{w.batch.pk}/match/")
    assert response.status_code == code
    assert MatchProposal.objects.count() == 0


@pytest.fixture
def three_proposals(board, make):
    w = board
    w.o3 = make.order(w.batch, w.other_host, title="数字乡村", headcount=2)
    teacher = make.cadre(w.other_sender, "周明", rank="section_chief")
    Nomination.objects.create(cadre=teacher, batch=w.batch, dispatching_unit=w.other_sender)
    api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/match/")
    return w


def test_accepting_above_a_score_takes_each_alone_and_answers_each(three_proposals):
    w = three_proposals
    proposals = list(MatchProposal.objects.order_by("-score", "pk"))
    assert len(proposals) == 3
    # One nominee withdrawn after the run: that row is refused, the others still placed.
    middle = proposals[1]
    Nomination.objects.filter(pk=middle.nomination_id).update(status="withdrawn")
    response = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/accept-proposals/",
                                 {"min_score": 0}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [p.pk for p in proposals]
    assert [r["ok"] for r in results] == [True, False, True]
    assert results[1]["error"]["code"] == "nomination_decided"
    assert "推荐已不在待对接状态" in results[1]["error"]["message"]
    assert dict(MatchProposal.objects.values_list("pk", "status")) == {
        proposals[0].pk: "accepted", middle.pk: "proposed", proposals[2].pk: "accepted"}
    assert set(Placement.objects.values_list("cadre__name", flat=True)) == {
        proposals[0].nomination.cadre.name, proposals[2].nomination.cadre.name}


def test_only_proposals_at_or_above_the_score_are_accepted(three_proposals):
    w = three_proposals
    scores = sorted(MatchProposal.objects.values_list("score", flat=True))
    response = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/accept-proposals/",
                                 {"min_score": scores[-1]}, format="json")
    assert [r["ok"] for r in response.json()["results"]] == [True]
    assert Placement.objects.count() == 1


@pytest.mark.parametrize("body", [{}, {"min_score": "abc"}, {"min_score": -1}])
def test_accepting_without_a_valid_score_is_a_400_and_changes_nothing(three_proposals, body):
    w = three_proposals
    response = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/accept-proposals/", body,
                                 format="json")
    assert response.status_code == 400
    assert "min_score" in response.json()["error"]["fields"]
    assert not MatchProposal.objects.exclude(status="proposed").exists()
    assert Placement.objects.count() == 0


@pytest.mark.parametrize("who, code", [("receiving", 403), ("other_staff", 404)])
def test_no_one_else_accepts(three_proposals, who, code):
    w = three_proposals
    response = api(getattr(w, who)).post(f"/api/v1/batches/{w.batch.pk}/accept-proposals/",
                                         {"min_score": 0}, format="json")
    assert response.status_code == code
    assert Placement.objects.count() == 0


def test_the_order_picker_shows_each_pairs_score_or_the_rule_against_it(board, make):
    w = board
    make.order(w.other_batch, w.host, title="别的项目的订单")
    full = make.order(w.batch, w.host, title="已满", headcount=1, filled_count=1)
    client = api(w.staff)
    rows = client.get("/api/v1/orders/lookup/",
                      {"for_nomination": w.noms["张树旗"].pk}).json()
    detail = {r["id"]: r["detail"] for r in rows}
    # Only the batch's orders still taking placements.
    assert set(detail) == {w.o1.pk, w.o2.pk} and full.pk not in detail
    assert detail[w.o1.pk].startswith("开化县人民政府 · 得分 60.0：专业契合：农业")
    assert detail[w.o2.pk].startswith("开化县农业农村局 · 不可选：")
    assert "职级" in detail[w.o2.pk]
    local = {r["id"]: r["detail"] for r in client.get(
        "/api/v1/orders/lookup/", {"for_nomination": w.noms["钱江"].pk}).json()}
    assert local[w.o1.pk] == "开化县人民政府 · 不可选：钱江 须回避开化县人民政府（本单位）"
    # A nomination out of the reader's scope answers no rows.
    assert api(w.other_staff).get("/api/v1/orders/lookup/",
                                  {"for_nomination": w.noms["张树旗"].pk}).json() == []


def test_the_board_page_shows_why_and_accepts_above_a_score(three_proposals):
    w = three_proposals
    client = Client()
    client.force_login(w.staff)
    page = client.get(f"/batches/{w.batch.pk}/matching/").content.decode()
    assert "未获方案的推荐人选" in page and "须回避" in page
    assert 'data-lookup="/api/v1/orders/lookup/?for_nomination=' in page
    assert 'name="min_score"' in page
    top = MatchProposal.objects.order_by("-score").first()
    response = client.post(f"/batches/{w.batch.pk}/matching/accept/",
                           {"min_score": top.score}, follow=True)
    assert "已办理1项" in response.content.decode()
    assert list(Placement.objects.values_list("cadre_id", flat=True)) == [
        top.nomination.cadre_id]
    refused = client.post(f"/batches/{w.batch.pk}/matching/accept/", {"min_score": "x"},
                          follow=True)
    assert "请填写最低得分" in refused.content.decode()
    assert Placement.objects.count() == 1


def test_the_batch_summary_report_counts_the_reasons(board):
    from reports import building
    from reports.models import Report
    from reports.services import request_report

    w = board
    api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/match/")
    import io

    from openpyxl import load_workbook

    report = request_report(w.staff, kind="batch_summary", format="xlsx", program=w.program,
                            deferred=True)
    building.run(report.pk)
    report = Report.objects.get(pk=report.pk)
    assert report.status == "done", report.error
    sheet = load_workbook(io.BytesIO(report.file.read())).active
    text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "未获方案2人（须回避 1、名额被得分更高者占用 1）" in text
    assert "仍有空缺订单1个（回避且职级不符 1）" in text

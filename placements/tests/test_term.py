"""The term's commitments (issue 30, items 1–4; DESIGN Turn-3 `readiness-items/`, `handovers/`,
`placements/{id}/return-plan/`, `later-uses/`): an extension only with the host's request, the
home unit's consent and the cadre's agreement; the host's readiness before the start; a
replacement's handover; the return plan, the three parties' review and the later use.
Refusals by their exact code, nothing changed."""
import datetime

import pytest
import time_machine
from django.forms.models import model_to_dict
from rest_framework.test import APIClient

from accounts.choices import Role
from placements import services
from placements.models import (
    Agreement,
    Extension,
    Handover,
    LaterUse,
    Placement,
    PlacementEvent,
    ReadinessItem,
    ReturnPlan,
)

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def refused(response, status, code=None):
    assert response.status_code == status, response.content.decode()
    if code:
        assert response.json()["error"]["code"] == code, response.json()
    assert response.json()["error"]["message"]  # a sentence for people


def snapshot(*models):
    return {m.__name__: sorted(tuple(sorted(model_to_dict(o).items())) for o in
                               m.objects.all()) for m in models}


@pytest.fixture
def on_post(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                                 start=D(2026, 1, 1), end=D(2026, 12, 31))
    w.program.end_date = D(2028, 12, 31)
    w.program.save()
    return w


# --- 延期 ---------------------------------------------------------------------------------------

def test_an_extension_needs_the_hosts_request_the_home_units_consent_and_the_cadres(on_post):
    w = on_post
    services.draft_agreement(w.staff, w.placement, duties="协助分管农业")
    # The home unit cannot ask for it: the host's need comes first.
    refused(api(w.dispatching).post("/api/v1/extensions/", {
        "placement": w.placement.pk, "planned_end_date": "2027-06-30", "reason": "项目未完"},
        format="json"), 403)
    made = api(w.receiving).post("/api/v1/extensions/", {
        "placement": w.placement.pk, "planned_end_date": "2027-06-30",
        "reason": "乡村振兴项目尚未完成"}, format="json")
    assert made.status_code == 201, made.json()
    ext = made.json()
    assert (ext["status"], ext["pending"]) == ("requested", ["home", "cadre"])
    refused(api(w.receiving).post("/api/v1/extensions/", {
        "placement": w.placement.pk, "planned_end_date": "2027-03-31", "reason": "再申请"},
        format="json"), 409, "extension_open")
    agree = f"/api/v1/extensions/{ext['id']}/agree/"
    assert api(w.dispatching).post(agree).json()["pending"] == ["cadre"]
    refused(api(w.dispatching).post(agree), 409, "already_confirmed")
    refused(api(w.receiving).post(agree), 403)

    # Without the cadre's agreement the department cannot extend: 409, nothing changed.
    before = snapshot(Placement, Extension, Agreement, PlacementEvent)
    extend = f"/api/v1/placements/{w.placement.pk}/extend/"
    answer = api(w.staff).post(extend, {"planned_end_date": "2027-06-30"}, format="json")
    refused(answer, 409, "extension_not_agreed")
    assert "本人同意" in answer.json()["error"]["message"]
    assert snapshot(Placement, Extension, Agreement, PlacementEvent) == before

    assert api(w.cadre_user).post(agree).json()["status"] == "agreed"
    # Not beyond what the three agreed.
    refused(api(w.staff).post(extend, {"planned_end_date": "2027-07-31"}, format="json"), 400,
            "beyond_agreed")
    done = api(w.staff).post(extend, {"reason": "三方同意"}, format="json")
    assert done.status_code == 200 and done.json()["planned_end_date"] == "2027-06-30"
    extension = Extension.objects.get()
    assert extension.status == "applied" and extension.applied_by == w.staff
    # The agreement follows as a new version the three confirmed through the extension.
    current = Agreement.objects.get(is_current=True)
    assert (current.version, current.end_date, current.confirmed) == (2, D(2027, 6, 30), True)
    assert current.confirmed_by_cadre == w.cadre_user and "乡村振兴" in current.change_reason


def test_the_home_unit_or_the_cadre_may_refuse_with_a_reason(on_post):
    w = on_post
    ext = services.request_extension(w.placement, w.receiving, D(2027, 3, 31), "工作需要")
    path = f"/api/v1/extensions/{ext.pk}/refuse/"
    before = snapshot(Extension)
    refused(api(w.cadre_user).post(path, {}, format="json"), 400)
    assert snapshot(Extension) == before
    answer = api(w.cadre_user).post(path, {"reason": "家中老人需照顾"}, format="json")
    assert answer.json()["status"] == "refused"
    refused(api(w.dispatching).post(f"/api/v1/extensions/{ext.pk}/agree/"), 409,
            "extension_decided")
    refused(api(w.staff).post(f"/api/v1/placements/{w.placement.pk}/extend/",
                              {"planned_end_date": "2027-03-31"}, format="json"),
            409, "extension_not_agreed")
    # A new request may follow a refusal.
    assert services.request_extension(w.placement, w.receiving, D(2027, 2, 28), "再议").pk


# --- 接收准备 -----------------------------------------------------------------------------------

@pytest.fixture
def planned(world, make):
    w = world
    w.program.readiness_checklist = ["住房安排", "办公场所", "健康体检"]
    w.program.save()
    w.placement = services.create_placement(w.staff, w.cadre, w.batch, w.sender, w.host,
                                            "挂职副县长", start_date=D(2026, 11, 2))
    return w


def test_the_host_ticks_its_readiness_and_the_home_unit_cannot(planned):
    w = planned
    items = {i.label: i for i in w.placement.readiness_items.all()}
    assert list(items) == ["住房安排", "办公场所", "健康体检"]
    house = items["住房安排"]
    before = snapshot(ReadinessItem)
    refused(api(w.dispatching).post(f"/api/v1/readiness-items/{house.pk}/tick/", {},
                                    format="json"), 403)
    refused(api(w.cadre_user).post(f"/api/v1/readiness-items/{house.pk}/tick/", {},
                                   format="json"), 403)
    assert snapshot(ReadinessItem) == before
    ticked = api(w.receiving).post(f"/api/v1/readiness-items/{house.pk}/tick/",
                                   {"note": "县委党校周转房"}, format="json")
    assert ticked.status_code == 200 and ticked.json()["done"] is True
    api(w.receiving).post(f"/api/v1/readiness-items/{items['办公场所'].pk}/tick/", {},
                          format="json")
    listed = api(w.dispatching).get(f"/api/v1/readiness-items/?placement={w.placement.pk}"
                                    "&done=false").json()
    assert [r["label"] for r in listed["results"]] == ["健康体检"]

    # The department sees what is missing per batch; a unit may not read it.
    board = api(w.staff).get(f"/api/v1/batches/{w.batch.pk}/readiness/").json()
    assert board["not_ready"] == 1 and board["placements"][0]["missing"] == ["健康体检"]
    assert board["missing_by_item"] == [{"label": "健康体检", "count": 1}]
    refused(api(w.receiving).get(f"/api/v1/batches/{w.batch.pk}/readiness/"), 403)


def test_a_start_with_items_missing_needs_a_reason(planned):
    w = planned
    start = f"/api/v1/placements/{w.placement.pk}/start/"
    before = snapshot(Placement, PlacementEvent)
    answer = api(w.receiving).post(start, {}, format="json")
    refused(answer, 400, "readiness_incomplete")
    assert "健康体检" in answer.json()["error"]["message"]
    assert snapshot(Placement, PlacementEvent) == before
    ok = api(w.receiving).post(start, {"reason": "体检安排在到岗后第一周"}, format="json")
    assert ok.status_code == 200
    event = w.placement.events.get(kind="start_confirmed")
    assert event.note == "体检安排在到岗后第一周" and "健康体检" in event.data["missing"]
    # Once started, the checklist is closed.
    item = w.placement.readiness_items.first()
    api(w.dispatching).post(start, {"reason": "同上"}, format="json")
    refused(api(w.receiving).post(f"/api/v1/readiness-items/{item.pk}/tick/", {},
                                  format="json"), 409, "illegal_transition")


def test_a_ready_host_confirms_the_start_without_a_reason(planned):
    w = planned
    for item in w.placement.readiness_items.all():
        services.tick_readiness(item, w.receiving)
    answer = api(w.receiving).post(f"/api/v1/placements/{w.placement.pk}/start/", {},
                                   format="json")
    assert answer.status_code == 200, answer.json()


# --- 工作交接 -----------------------------------------------------------------------------------

def test_a_replacement_hands_over_from_the_outgoing_cadre_to_the_incoming(world, make):
    w = world
    old = services.create_placement(w.staff, w.cadre, w.batch, w.sender, w.host, "挂职副县长",
                                    start_date=D(2026, 1, 5))
    Placement.objects.filter(pk=old.pk).update(status="on_post")
    newcomer = make.cadre(w.sender, "李新")
    newcomer.user = make.user(Role.CADRE, w.sender, "newcomer")
    newcomer.save()
    new = services.replace_cadre(old, w.staff, newcomer, D(2026, 11, 1), "原挂职干部调整")
    handover = Handover.objects.get()
    assert (handover.placement, handover.incoming) == (old, new)
    path = f"/api/v1/handovers/{handover.pk}/"
    # Nothing to confirm before the outgoing cadre wrote the lists.
    refused(api(newcomer.user).post(path + "confirm/"), 409, "handover_not_written")
    # Only the outgoing cadre writes them (not the incoming one, not the host).
    before = snapshot(Handover)
    refused(api(newcomer.user).post(path + "write/", {"work_plans": "x"}, format="json"), 403)
    refused(api(w.receiving).post(path + "write/", {"work_plans": "x"}, format="json"), 403)
    refused(api(w.cadre_user).post(path + "write/", {"work_plans": " "}, format="json"), 400)
    assert snapshot(Handover) == before
    written = api(w.cadre_user).post(path + "write/", {
        "work_plans": "2027年茶产业规划（初稿）",
        "projects_funds": "茶园提升项目 120 万元，已拨付 60 万",
        "assets": "办公电脑一台", "contacts": "县农业农村局 王局长 0570-1234567",
        "overlap_from": "2026-11-01", "overlap_to": "2026-11-11"}, format="json")
    assert written.status_code == 200, written.json()
    assert written.json()["pending"] == ["incoming", "host"]
    # The incoming cadre sees what they receive.
    assert api(newcomer.user).get(path).json()["projects_funds"].startswith("茶园提升项目")
    assert api(newcomer.user).post(path + "confirm/").json()["pending"] == ["host"]
    refused(api(newcomer.user).post(path + "confirm/"), 409, "already_confirmed")
    refused(api(w.cadre_user).post(path + "write/", {"assets": "改"}, format="json"), 409,
            "handover_confirmed")
    done = api(w.receiving).post(path + "confirm/").json()
    assert done["confirmed"] is True and done["pending"] == []
    # The post keeps its file across cadres.
    file = [p.cadre.name for p in services.post_file(new)]
    assert file == [w.cadre.name, "李新"]
    listed = api(w.receiving).get("/api/v1/handovers/?post_title=挂职副县长").json()
    assert [h["id"] for h in listed["results"]] == [handover.pk]


def test_a_batch_after_a_batch_hands_over_at_the_same_host_only(world, make):
    w = world
    old = make.placement(w.cadre, w.batch, w.host, status="on_post", start=D(2025, 1, 1),
                         end=D(2026, 12, 31))
    later = make.batch(w.program, 2)
    new = make.placement(make.cadre(w.sender), later, w.host, start=D(2026, 12, 20),
                         end=D(2028, 12, 19))
    elsewhere = make.placement(make.cadre(w.sender), later, w.other_host,
                               start=D(2026, 12, 20), end=D(2028, 12, 19))
    before = snapshot(Handover)
    refused(api(w.staff).post("/api/v1/handovers/", {"placement": old.pk,
                                                     "incoming": elsewhere.pk}, format="json"),
            400, "not_same_host")
    refused(api(w.dispatching).post("/api/v1/handovers/", {"placement": old.pk,
                                                           "incoming": new.pk}, format="json"),
            403)
    assert snapshot(Handover) == before
    made = api(w.receiving).post("/api/v1/handovers/", {
        "placement": old.pk, "incoming": new.pk, "overlap_from": "2026-12-20",
        "overlap_to": "2026-12-31"}, format="json")
    assert made.status_code == 201, made.json()
    refused(api(w.staff).post("/api/v1/handovers/", {"placement": old.pk, "incoming": new.pk},
                              format="json"), 409, "handover_exists")


# --- 返回安排、期满评议、后续使用 -----------------------------------------------------------

def test_return_plan_review_and_later_use(on_post, make):
    w = on_post
    w.cadre.position = "省农业农村厅产业处副处长"
    w.cadre.save()
    path = f"/api/v1/placements/{w.placement.pk}/return-plan/"
    refused(api(w.dispatching).get(path), 404)  # none yet
    refused(api(w.receiving).put(path, {"home_post": "x"}, format="json"), 403)
    written = api(w.dispatching).put(path, {
        "home_post": "省农业农村厅产业处副处长", "new_post": "省农业农村厅产业处处长",
        "change_reason": "挂职期间表现突出，拟提任", "meeting_date": "2026-12-10"}, format="json")
    assert written.status_code == 200, written.json()
    plan = written.json()
    assert (plan["status"], plan["changes_post"], plan["due"]) == (
        "awaiting_consent", True, "2026-12-01")
    refused(api(w.dispatching).post(f"/api/v1/return-plans/{plan['id']}/consent/"), 403)
    consented = api(w.staff).post(f"/api/v1/return-plans/{plan['id']}/consent/").json()
    assert consented["status"] == "agreed" and consented["consented_at"]
    refused(api(w.staff).post(f"/api/v1/return-plans/{plan['id']}/consent/"), 409,
            "nothing_to_consent")

    review = f"/api/v1/placements/{w.placement.pk}/review/"
    refused(api(w.cadre_user).post(review, {"text": "小结"}, format="json"), 409, "too_early")
    with time_machine.travel(datetime.datetime(2026, 12, 15, 10), tick=False):
        for user in (w.cadre_user, w.receiving, w.dispatching):
            answer = api(user).post(review, {"text": "完成既定任务"}, format="json")
            assert answer.status_code == 200, answer.json()
        assert answer.json()["reviews_pending"] == []
        refused(api(w.receiving).post(review, {"text": "再写"}, format="json"), 409,
                "already_reviewed")

    # Later use only after the return.
    before = snapshot(LaterUse)
    refused(api(w.staff).post("/api/v1/later-uses/", {
        "placement": w.placement.pk, "kind": "promotion", "date": "2026-11-01"},
        format="json"), 409, "not_returned")
    assert snapshot(LaterUse) == before
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10), tick=False):
        services.record_appraisal(w.staff, w.placement, "end_of_term", "excellent",
                                  side="host")
        services.confirm_end(w.placement, w.staff, D(2026, 12, 31))
        refused(api(w.staff).post("/api/v1/later-uses/", {
            "placement": w.placement.pk, "kind": "promotion", "date": "2026-12-01"},
            format="json"), 400, "before_return")
        refused(api(w.receiving).post("/api/v1/later-uses/", {
            "placement": w.placement.pk, "kind": "promotion", "date": "2027-01-20"},
            format="json"), 403)
        made = api(w.dispatching).post("/api/v1/later-uses/", {
            "placement": w.placement.pk, "kind": "promotion", "date": "2027-01-20",
            "note": "提任产业处处长"}, format="json")
        assert made.status_code == 201, made.json()
        # The follow-up is a year after the return.
        follow = f"/api/v1/placements/{w.placement.pk}/follow-up/"
        refused(api(w.staff).post(follow, {"note": "回访"}, format="json"), 409, "too_early")
    with time_machine.travel(datetime.datetime(2028, 1, 5, 10), tick=False):
        done = api(w.staff).post(follow, {"note": "已任处长一年，分管产业项目"}, format="json")
        assert done.status_code == 200 and done.json()["followed_up_at"]
        refused(api(w.staff).post(follow, {"note": "再访"}, format="json"), 409,
                "already_followed_up")
    assert ReturnPlan.objects.get().review_cadre == "完成既定任务"


def test_later_use_is_counted_in_the_dashboard_the_stats_and_the_report(world, make):
    import csv
    import io

    from django.test import Client

    from reports.building import run
    from reports.models import Report

    w = world
    people = [make.placement(make.cadre(w.sender), w.batch, w.host, status="completed",
                             start=D(2024, 1, 1), end=D(2025, 12, 31),
                             actual_end_date=D(2025, 12, 31)) for _ in range(3)]
    make.placement(w.cadre, w.batch, w.other_host, status="on_post")  # not returned
    services.record_later_use(people[0], w.staff, "promotion", D(2026, 3, 1), "提任处长")
    services.record_later_use(people[0], w.staff, "commendation", D(2026, 5, 1))
    services.record_later_use(people[1], w.dispatching, "transfer", D(2026, 6, 1))
    stats = api(w.staff).get(f"/api/v1/stats/later-use/?program={w.program.pk}").json()
    assert stats["totals"] == {"returned": 3, "used": 2, "rate": 0.6667, "promotion": 1,
                               "rank_promotion": 0, "commendation": 1, "selection": 0,
                               "transfer": 1}
    # Another department's staff see none of it.
    other = api(w.other_staff).get("/api/v1/stats/later-use/").json()
    assert other["totals"]["returned"] == 0
    client = Client()
    client.force_login(w.staff)
    html = client.get(w.program.get_absolute_url()).content.decode()
    table = html.split('class="table table-sm bg-white grid later-use"', 1)[1].split(
        "</table>", 1)[0]
    assert "<th class=\"num\">3</th><th class=\"num\">2</th><th class=\"num\">67%</th>" in table
    report = Report.objects.create(kind="later_use", format="csv", requested_by=w.staff,
                                   program=w.program)
    assert run(report.pk) == "done"
    report.refresh_from_db()
    rows = list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig"))))
    total = next(r for r in rows if r and r[0] == "合计")
    assert total[1:4] == ["3", "2", "0.6667"] and total[4] == "1"

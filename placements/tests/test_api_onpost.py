"""Life on post through the REST API: who may write what, and bad input refused whole."""
import datetime

import pytest
from rest_framework.test import APIClient

from accounts.choices import Role
from placements.models import Achievement, AllowanceStatement, WorkLog
from programs.models import AllowancePolicy, Track

D = datetime.date


@pytest.fixture
def post(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1),
                                 end=D(2027, 12, 31), status="on_post")
    w.other_cadre_user = make.user(Role.CADRE, w.other_sender)
    other = make.cadre(w.other_sender, user=w.other_cadre_user)
    w.other_placement = make.placement(other, w.batch, w.other_host, status="on_post")
    w.other_receiving = make.user(Role.RECEIVING, w.other_host)

    def client(user):
        c = APIClient()
        c.force_authenticate(user)
        return c
    w.client = client
    return w


def test_a_cadre_logs_edits_until_reviewed_and_the_host_reviews(post):
    w = post
    cadre = w.client(w.cadre_user)
    created = cadre.post("/api/v1/work-logs/", {"placement": w.placement.pk,
                                                "date": "2026-03-02", "content": "走访企业",
                                                "category": "research"}, format="json")
    assert created.status_code == 201, created.content
    log_id = created.json()["id"]
    assert created.json()["status"] == "submitted"
    assert created.json()["category_display"] == "调查研究"

    again = cadre.post("/api/v1/work-logs/", {"placement": w.placement.pk,
                                              "date": "2026-03-02", "content": "又一条"},
                       format="json")
    assert again.status_code == 409
    assert "每天只能填写一条" in again.json()["error"]["message"]
    assert WorkLog.objects.count() == 1

    # Another cadre does not even see the entry; another host unit neither.
    assert w.client(w.other_cadre_user).patch(f"/api/v1/work-logs/{log_id}/",
                                              {"content": "改"}, format="json").status_code == 404
    assert w.client(w.other_receiving).post(f"/api/v1/work-logs/{log_id}/review/",
                                            {"decision": "accepted"},
                                            format="json").status_code == 404
    assert cadre.post(f"/api/v1/work-logs/{log_id}/review/", {"decision": "accepted"},
                      format="json").status_code == 403

    edited = cadre.patch(f"/api/v1/work-logs/{log_id}/", {"content": "走访甲、乙企业"},
                         format="json")
    assert edited.status_code == 200 and edited.json()["content"] == "走访甲、乙企业"
    reviewed = w.client(w.receiving).post(f"/api/v1/work-logs/{log_id}/review/",
                                          {"decision": "accepted"}, format="json")
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "accepted"
    locked = cadre.patch(f"/api/v1/work-logs/{log_id}/", {"content": "再改"}, format="json")
    assert locked.status_code == 409 and "不能再修改" in locked.json()["error"]["message"]
    assert WorkLog.objects.get().content == "走访甲、乙企业"


def test_a_week_of_logs_and_the_month_view(post):
    w = post
    cadre = w.client(w.cadre_user)
    entries = [{"date": f"2026-06-0{d}", "content": "工作"} for d in range(1, 6)]
    response = cadre.post("/api/v1/work-logs/bulk/", {"placement": w.placement.pk,
                                                      "entries": entries}, format="json")
    assert response.status_code == 201 and len(response.json()) == 5
    month = cadre.get(f"/api/v1/placements/{w.placement.pk}/month/", {"month": "2026-06"})
    body = month.json()
    assert (body["days_logged"], body["working_days"]) == (5, 22)
    assert body["days_missing"] == 17 and len(body["days"]) == 30
    assert body["days"][0]["state"] == "logged" and body["days"][5]["state"] == "off"
    bad = cadre.get(f"/api/v1/placements/{w.placement.pk}/month/", {"month": "2026-13"})
    assert bad.status_code == 400 and "YYYY-MM" in bad.json()["error"]["message"]


@pytest.mark.parametrize("date, message", [("2025-12-31", "挂职期间"), ("2099-01-01", "挂职期间")])
def test_a_log_outside_the_placement_is_refused(post, date, message):
    response = post.client(post.cadre_user).post(
        "/api/v1/work-logs/", {"placement": post.placement.pk, "date": date, "content": "x"},
        format="json")
    assert response.status_code == 400 and message in response.json()["error"]["message"]
    assert not WorkLog.objects.exists()


def test_leave_request_approval_and_report_back(post):
    w = post
    response = w.client(w.cadre_user).post(
        "/api/v1/leaves/", {"placement": w.placement.pk, "start_date": "2026-04-01",
                            "end_date": "2026-04-05", "reason": "探亲"}, format="json")
    assert response.status_code == 201, response.content
    leave = response.json()
    assert leave["days"] == 5 and leave["needs_home_approval"] is True
    path = f"/api/v1/leaves/{leave['id']}/"
    assert w.client(w.receiving).post(path + "approve/", {}, format="json").json()[
        "status"] == "requested"
    assert w.client(w.dispatching).post(path + "approve/", {}, format="json").json()[
        "status"] == "approved"
    back = w.client(w.cadre_user).post(path + "report-back/", {"returned_on": "2026-04-05"},
                                       format="json")
    assert back.status_code == 200
    assert (back.json()["status"], back.json()["days"]) == ("reported_back", 4)


def test_achievements_refuse_a_negative_amount_and_are_verified_by_the_host(post):
    w = post
    cadre = w.client(w.cadre_user)
    bad = cadre.post("/api/v1/achievements/", {
        "placement": w.placement.pk, "category": "funds_secured", "title": "资金",
        "amount": "-5", "date": "2026-03-01"}, format="json")
    assert bad.status_code == 400 and "负数" in bad.json()["error"]["message"]
    assert not Achievement.objects.exists()
    ok = cadre.post("/api/v1/achievements/", {
        "placement": w.placement.pk, "category": "funds_secured", "title": "争取专项资金",
        "amount": "1500000", "date": "2026-03-01"}, format="json")
    assert ok.status_code == 201, ok.content
    path = f"/api/v1/achievements/{ok.json()['id']}/verify/"
    assert cadre.post(path).status_code == 403
    verified = w.client(w.receiving).post(path)
    assert verified.status_code == 200 and verified.json()["verified"] is True


def test_appraisals_take_the_writers_side(post):
    w = post
    response = w.client(w.receiving).post("/api/v1/appraisals/", {
        "placement": w.placement.pk, "kind": "annual", "grade": "excellent",
        "comments": "工作扎实"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["side"] == "host" and response.json()["grade_display"] == "优秀"
    twice = w.client(w.receiving).post("/api/v1/appraisals/", {
        "placement": w.placement.pk, "kind": "annual", "grade": "competent"}, format="json")
    assert twice.status_code == 409
    assert w.client(w.cadre_user).post("/api/v1/appraisals/", {
        "placement": w.placement.pk, "kind": "annual", "grade": "excellent"},
        format="json").status_code == 403


def test_allowance_statements_are_generated_once_through_the_api(post):
    w = post
    out = Track.objects.create(program=w.program, name="外派挂职")
    AllowancePolicy.objects.create(program=w.program, track=out, daily_allowance=30,
                                   round_trips_per_month=1, accident_insurance=True)
    w.placement.track = out
    w.placement.save()
    staff = w.client(w.staff)
    first = staff.post("/api/v1/allowance-statements/generate/",
                       {"month": "2026-09", "program": w.program.pk}, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["created"], body["without_policy"]) == (1, 1)
    statement = body["statements"][0]
    assert (statement["days_on_post"], statement["amount"], statement["trips_allowed"],
            statement["insured"]) == (30, "900.00", 1, True)
    again = staff.post("/api/v1/allowance-statements/generate/",
                       {"month": "2026-09", "program": w.program.pk}, format="json")
    assert again.status_code == 200 and again.json()["created"] == 0
    assert again.json()["existing"] == 1
    before = staff.post("/api/v1/allowance-statements/generate/",
                        {"month": "2025-12", "placement": w.placement.pk}, format="json")
    assert before.status_code == 409 and "未在岗" in before.json()["error"]["message"]
    assert w.client(w.receiving).post("/api/v1/allowance-statements/generate/", {
        "month": "2026-09", "program": w.program.pk}, format="json").status_code == 403
    assert AllowanceStatement.objects.count() == 1

    corrected = staff.post(f"/api/v1/allowance-statements/{statement['id']}/correct/",
                           {"reason": "9月30日请假未报", "days_on_post": 29, "leave_days": 1},
                           format="json")
    assert corrected.status_code == 201
    assert corrected.json()["amount"] == "870.00"
    assert corrected.json()["corrects"] == statement["id"]
    current = staff.get("/api/v1/allowance-statements/", {"is_current": "true"}).json()
    assert [s["id"] for s in current["results"]] == [corrected.json()["id"]]


def test_the_receiving_unit_rates_a_finished_order(post, make):
    w = post
    order = make.order(w.batch, w.host, goals="推进两个农业项目")
    w.placement.order = order
    w.placement.save()
    w.placement = make.term_ended(w.placement)
    path = f"/api/v1/orders/{order.pk}/rate/"
    early = w.client(w.receiving).post(path, {"rating": 5}, format="json")
    assert early.status_code == 409 and "期满后再评价" in early.json()["error"]["message"]
    w.client(w.receiving).post("/api/v1/appraisals/", {
        "placement": w.placement.pk, "kind": "end_of_term", "grade": "excellent"},
        format="json")
    ended = w.client(w.staff).post(f"/api/v1/placements/{w.placement.pk}/end/",
                                   {"actual_end_date": "2026-06-30"}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "completed"
    rated = w.client(w.receiving).post(path, {"rating": 5, "comment": "达到预期"},
                                       format="json")
    assert rated.status_code == 200 and rated.json()["fulfilment_rating"] == 5


def test_an_attachment_must_be_a_document_of_reasonable_size(post):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cadre = post.client(post.cadre_user)
    bad = cadre.post("/api/v1/work-logs/", {
        "placement": post.placement.pk, "date": "2026-03-02", "content": "调研",
        "attachment": SimpleUploadedFile("run.exe", b"MZ")}, format="multipart")
    assert bad.status_code == 400 and "附件类型不支持" in bad.json()["error"]["message"]
    assert not WorkLog.objects.exists()
    good = cadre.post("/api/v1/work-logs/", {
        "placement": post.placement.pk, "date": "2026-03-02", "content": "调研",
        "attachment": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4")}, format="multipart")
    assert good.status_code == 201, good.content
    assert WorkLog.objects.get().attachment.name.endswith(".pdf")
    # The file is served only through its record's endpoint, to those who see the record.
    url = good.json()["attachment_url"]
    assert url == f"/api/v1/work-logs/{good.json()['id']}/attachment/"
    download = post.client(post.receiving).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4"
    assert "attachment" in download["Content-Disposition"]
    assert post.client(post.other_receiving).get(url).status_code == 404
    assert post.client(post.other_cadre_user).get(url).status_code == 404


def test_today_is_pending_not_missing(calendar_day, post):
    from django.utils import timezone

    today = timezone.localdate()
    view = post.client(post.cadre_user).get(
        f"/api/v1/placements/{post.placement.pk}/month/",
        {"month": today.strftime("%Y-%m")}).json()
    row = next(day for day in view["days"] if day["date"] == str(today))
    assert row["state"] in ("pending", "off")  # off on a weekend or holiday
    assert all(day["state"] != "missing" for day in view["days"] if day["date"] >= str(today))

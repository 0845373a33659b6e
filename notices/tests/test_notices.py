"""通知公告 (issue 28, item 7; DESIGN Turn-3 `notices/` with `read_by` counts): a department
publishes to its program's units, each unit's first reader leaves its receipt; a unit outside
the program, a missing title, another role are refused by their codes and nothing is kept."""
import pytest
from django.test import Client
from rest_framework.test import APIClient

from notices.models import Notice, NoticeRead


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def publish(user, program, **body):
    body = {"program": program.pk, "title": "关于报送挂职纪实的通知",
            "body": "请于每月5日前完成上月纪实审阅。", **body}
    return api(user).post("/api/v1/notices/", body, format="json")


def test_a_notice_goes_to_every_participant_unless_units_are_chosen(world):
    w = world
    everyone = publish(w.staff, w.program)
    assert everyone.status_code == 201, everyone.content.decode()
    assert (everyone.json()["sent_to"], everyone.json()["read_by"]) == (4, 0)
    chosen = publish(w.staff, w.program, units=[w.host.pk])
    assert chosen.status_code == 201 and chosen.json()["units"] == [w.host.pk]
    # The sender's operator sees the first notice only.
    seen = api(w.dispatching).get("/api/v1/notices/").json()["results"]
    assert [n["id"] for n in seen] == [everyone.json()["id"]] and seen[0]["read"] is False


@pytest.mark.parametrize("body, code, field", [
    ({"units": "outsider"}, "unit_not_in_program", "units"),
    ({"title": "  "}, "invalid", "title"),
    ({"body": ""}, "invalid", "body"),
])
def test_bad_notices_are_400s_and_nothing_is_kept(world, make, body, code, field):
    w = world
    if body.get("units") == "outsider":
        body = {"units": [w.host.pk, make.unit(w.other_province, "湖北省农业农村厅").pk]}
    response = publish(w.staff, w.program, **body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and field in error["fields"]
    if code == "unit_not_in_program":
        assert "湖北省农业农村厅" in error["message"]
    assert Notice.objects.count() == 0


@pytest.mark.parametrize("who, code", [("receiving", 403), ("manager", 403),
                                       ("other_staff", 400), ("cadre_user", 403)])
def test_only_the_programs_department_publishes(world, who, code):
    w = world
    assert publish(getattr(w, who), w.program).status_code == code
    assert Notice.objects.count() == 0


def test_each_unit_reads_once_and_the_department_sees_the_receipts(world, make):
    w = world
    notice_id = publish(w.staff, w.program).json()["id"]
    second_host_user = make.user("receiving", w.host)
    for user in (w.receiving, second_host_user):
        read = api(user).post(f"/api/v1/notices/{notice_id}/read/")
        assert read.status_code == 200 and read.json()["read"] is True
    assert NoticeRead.objects.get().reader == w.receiving  # the unit's first reader
    staff = api(w.staff)
    assert staff.get(f"/api/v1/notices/{notice_id}/").json()["read_by"] == 1
    receipts = staff.get(f"/api/v1/notices/{notice_id}/receipts/").json()
    assert len(receipts) == 4
    by_unit = {r["unit_name"]: r for r in receipts}
    host = by_unit["开化县人民政府"]
    assert host["read_at"] and "receiving" in host["reader"]
    assert by_unit["浙江大学"]["read_at"] is None
    # Receipts are the department's; a unit asking is refused.
    assert api(w.receiving).get(f"/api/v1/notices/{notice_id}/receipts/").status_code == 403
    # Another department does not even see the notice.
    assert api(w.other_staff).get(f"/api/v1/notices/{notice_id}/").status_code == 404


def test_the_pages_publish_list_and_take_the_receipt_on_opening(world):
    w = world
    staff = Client()
    staff.force_login(w.staff)
    assert "发布通知" in staff.get("/notices/").content.decode()
    refused = staff.post("/notices/add/", {"program": w.program.pk, "title": "", "body": "x"})
    assert refused.status_code == 400 and Notice.objects.count() == 0
    staff.post("/notices/add/", {"program": w.program.pk, "title": "岗前培训安排",
                                 "body": "定于下周一报到。", "units": [w.host.pk]})
    notice = Notice.objects.get()
    host = Client()
    host.force_login(w.receiving)
    listing = host.get("/notices/").content.decode()
    assert "岗前培训安排" in listing and "未读" in listing and "发布通知" not in listing
    page = host.get(f"/notices/{notice.pk}/").content.decode()
    assert "定于下周一报到" in page and "阅读回执" not in page
    assert NoticeRead.objects.filter(notice=notice, unit=w.host).exists()
    receipts = staff.get(f"/notices/{notice.pk}/").content.decode()
    assert "阅读回执" in receipts and "开化县人民政府" in receipts
    sender = Client()
    sender.force_login(w.dispatching)
    assert sender.get(f"/notices/{notice.pk}/").status_code == 404

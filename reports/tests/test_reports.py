"""Reports through the API, the pages and the admin, built in-process (Celery eager); the
real worker is tested in test_worker.py. Figures are those of the `figures` fixture."""
import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from placements.models import Placement, WorkLog
from reports.choices import ReportKind
from reports.models import Report
from reports.tasks import make_periodic_reports

D = datetime.date
PERIOD = {"period_start": "2026-09-28", "period_end": "2026-10-16", "as_of": "2026-10-16"}


@pytest.fixture(autouse=True)
def eager():
    from secondment.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def request(user, **data):
    return api(user).post("/api/v1/reports/", data, format="json")


def download(user, report_id):
    response = api(user).get(f"/api/v1/reports/{report_id}/download/")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def csv_rows(content):
    assert content.startswith("\ufeff".encode())  # Excel reads the Chinese as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_requested_report_answers_202_and_is_built(figures):
    w = figures
    response = request(w.staff, kind="worklog_compliance", format="csv",
                       program=w.program.pk, **PERIOD)
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "done"  # Celery is eager here: built before the answer
    report = Report.objects.get(pk=body["id"])
    assert (report.status, report.row_count, report.attempts) == ("done", 2, 1)
    detail = api(w.staff).get(f"/api/v1/reports/{report.pk}/").json()
    assert detail["download_url"] == f"/api/v1/reports/{report.pk}/download/"
    assert detail["duration_seconds"] >= 0 and detail["file_size"] > 0
    rows = csv_rows(download(w.staff, report.pk))
    assert rows[0] == ["姓名", "接收单位", "应填天数", "已填天数", "已认可", "未填天数",
                       "纪实填报率"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["张树旗"][1:] == ["开化县人民政府", "9", "6", "6", "3", "0.6667"]
    assert by_name["李明"][1:] == ["开化县农业农村局", "5", "5", "0", "0", "1.0"]
    assert by_name["合计"][2:] == ["14", "11", "6", "3", "0.7857"]


def test_the_xlsx_has_headers_frozen_number_formats_totals_and_masked_ids(figures):
    w = figures
    report = Report.objects.get(pk=request(
        w.staff, kind="allowance_statements", format="xlsx", program=w.program.pk,
        period_start="2026-10-01", period_end="2026-10-31").json()["id"])
    assert report.status == "done", report.error
    sheet = load_workbook(io.BytesIO(download(w.manager, report.pk))).active
    assert sheet.freeze_panes == "A4"
    assert sheet["A1"].value == "补助结算" and sheet["A1"].font.bold
    header = [c.value for c in sheet[3]]
    assert header[:5] == ["姓名", "身份证号", "派出单位", "接收单位", "月份"]
    data = {row[0].value: row for row in sheet.iter_rows(min_row=4) if row[0].value}
    first = data["张树旗"]
    assert first[1].value == "33" + "*" * 15 + w.cadre.id_number[-1]
    assert (first[5].value, first[6].value, float(first[8].value)) == (29, 2, 2900.0)
    assert first[8].number_format == "#,##0.00"
    assert float(data["李明"][8].value) == 2000.0
    totals = data["合计"]
    assert (totals[5].value, float(totals[8].value)) == (49, 4900.0) and totals[0].font.bold
    assert sheet.column_dimensions["B"].width >= 20


def test_a_pdf_is_rendered_in_chinese(figures, tmp_path):
    import subprocess

    w = figures
    report = Report.objects.get(pk=request(
        w.staff, kind="monthly_overview", format="pdf", program=w.program.pk,
        **PERIOD).json()["id"])
    assert report.status == "done", report.error
    path = tmp_path / "r.pdf"
    path.write_bytes(download(w.staff, report.pk))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "月度概况" in text and "千名干部交流互派工程" in text
    assert "78.6%" in text  # 11 of 14 working days logged
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "NotoSansCJK" in fonts.replace("-", "").replace(" ", "")


def test_every_kind_in_every_format_is_built(figures):
    w = figures
    for kind in ReportKind.values:
        for fmt in ("xlsx", "csv", "pdf"):
            data = {"kind": kind, "format": fmt, "program": w.program.pk}
            if kind != "batch_summary":
                data.update(PERIOD)
            response = request(w.staff, **data)
            assert response.status_code == 202, (kind, response.json())
            report = Report.objects.get(pk=response.json()["id"])
            assert report.status == "done", (kind, fmt, report.error)
            assert report.file_size > 0
    monthly = Report.objects.get(kind="monthly_overview", format="csv")
    [header, batch, totals] = csv_rows(download(w.staff, monthly.pk))
    row = dict(zip(header, batch, strict=True))
    assert (row["挂职人数"], row["在岗"], row["本期到岗"], row["应填天数"], row["已填天数"],
            row["成果项数"], row["成果金额（元）"]) == ("2", "2", "2", "14", "11", "1",
                                                   "500000.00")
    targets = Report.objects.get(kind="target_progress", format="csv")
    assert csv_rows(download(w.staff, targets.pk))[1] == [
        "千名干部交流互派工程", "项目总目标", "1000", "2", "0.002"]


def test_an_as_of_report_regenerates_identically(figures, make):
    w = figures
    data = {"kind": "worklog_compliance", "format": "csv", "program": w.program.pk, **PERIOD}
    first = download(w.staff, request(w.staff, **data).json()["id"])
    # Afterwards: later diary days, a placement that started later, the first one ended.
    WorkLog.objects.create(placement=w.second, date=D(2026, 10, 19), content="工作")
    make.placement(make.cadre(w.sender, "王五"), w.batch, w.host, start=D(2026, 10, 19),
                   status="on_post")
    Placement.objects.filter(pk=w.first.pk).update(status="ended_early",
                                                   actual_end_date=D(2026, 10, 30))
    again = download(w.staff, request(w.staff, **data).json()["id"])
    assert again == first
    today = request(w.staff, **{**data, "as_of": None, "period_end": "2026-10-30"})
    assert download(w.staff, today.json()["id"]) != first


@pytest.mark.parametrize("data, field", [
    ({"format": "csv"}, "kind"),
    ({"kind": "target_progress"}, "program"),
    ({"kind": "batch_summary", "as_of": "2026-10-01"}, "as_of"),
    ({"kind": "achievements", "period_start": "2026-10-02", "period_end": "2026-10-01"},
     "period_end"),
    ({"kind": "achievements", "as_of": "2099-01-01"}, "as_of"),
    ({"kind": "unit_breakdown", "parameters": {"side": "everyone"}}, "parameters"),
])
def test_bad_requests_are_400_and_record_nothing(world, data, field):
    response = request(world.staff, **data)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Report.objects.exists()


def test_a_batch_of_another_program_is_400(world, make):
    other = make.batch(make.program(world.department), 2)
    response = request(world.staff, kind="batch_summary", program=world.program.pk,
                       batch=other.pk)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"batch": ["不属于该项目"]}
    assert not Report.objects.exists()


def test_scope_and_roles(figures):
    w = figures
    mine = request(w.staff, kind="target_progress", format="csv", program=w.program.pk)
    report_id = mine.json()["id"]
    # Another department's program cannot be named, nor its reports read or downloaded.
    refused = request(w.other_staff, kind="target_progress", program=w.program.pk)
    assert refused.status_code == 400 and "program" in refused.json()["error"]["fields"]
    assert api(w.other_staff).get(f"/api/v1/reports/{report_id}/").status_code == 404
    gone = api(w.other_staff).get(f"/api/v1/reports/{report_id}/download/")
    assert gone.status_code == 404 and gone.json()["error"]["message"] == "对象不存在或无权查看"
    # Units and cadres read no department reports.
    for user in (w.receiving, w.dispatching, w.cadre_user):
        assert request(user, kind="achievements").status_code == 403
        assert api(user).get(f"/api/v1/reports/{report_id}/").status_code == 404
    # A colleague of the same department reads it; a manager may request.
    assert api(w.manager).get(f"/api/v1/reports/{report_id}/").status_code == 200
    assert request(w.manager, kind="achievements", format="csv").status_code == 202
    assert Report.objects.count() == 2


def test_a_report_not_built_yet_is_409_in_json(world):
    report = Report.objects.create(kind="achievements", format="csv", requested_by=world.staff)
    response = api(world.staff).get(f"/api/v1/reports/{report.pk}/download/",
                                    HTTP_ACCEPT="application/octet-stream")
    assert response.status_code == 409
    assert response.json()["error"] == {"code": "report_not_ready",
                                        "message": "报表尚未生成完成（排队中）", "fields": {}}


def test_a_row_the_service_would_refuse_fails_with_its_reason(world):
    from reports.building import run

    report = Report.objects.create(kind="target_progress", format="csv",
                                   requested_by=world.staff)
    assert run(report.pk) == "failed"
    report.refresh_from_db()
    assert (report.status, report.error, bool(report.file)) == (
        "failed", "目标进度报表须指定项目", False)
    assert run(report.pk) == "nothing_to_do"  # a redelivery leaves it as it is


def test_with_the_queue_down_the_request_is_kept_and_answered_503_quickly(world):
    import time

    from secondment.celery import app

    app.conf.task_always_eager = False
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    app._pool = app.amqp._producer_pool = None
    try:
        started = time.monotonic()
        response = request(world.staff, kind="achievements", format="csv")
        elapsed = time.monotonic() - started
    finally:
        app.conf.broker_url = saved
        app._pool = app.amqp._producer_pool = None
    assert response.status_code == 503 and elapsed < 6
    error = response.json()["error"]
    assert error["code"] == "queue_unavailable" and "申请已保存" in error["message"]
    report = Report.objects.get()
    assert report.status == "queued"
    # Once the queue is back, the sweeper hands it over (here: eagerly built).
    from reports.building import stalled

    Report.objects.filter(pk=report.pk).update(
        created_at=report.created_at - datetime.timedelta(minutes=5))
    assert list(stalled()) == [report]
    app.conf.task_always_eager = True
    from reports.tasks import requeue_stalled_reports

    assert requeue_stalled_reports() == {"requeued": 1}
    report.refresh_from_db()
    assert report.status == "done"


def test_the_periodic_job_makes_each_programs_report_once(figures):
    w = figures
    first = make_periodic_reports("monthly_overview", today="2026-11-01")
    again = make_periodic_reports("monthly_overview", today="2026-11-01")
    assert len(first["made"]) == 2 and again["made"] == []  # both programs are active
    report = Report.objects.get(program=w.program, scheduled=True)
    assert (report.period_start, report.period_end, report.as_of, report.status) == (
        D(2026, 10, 1), D(2026, 10, 31), D(2026, 10, 31), "done")
    assert report.requested_by is None and report.row_count == 1
    # The department's staff and manager read it; the other department does not.
    assert list(Report.objects.visible_to(w.manager)) == [report]
    assert report not in Report.objects.visible_to(w.other_staff)
    quarter = make_periodic_reports("batch_summary", today="2026-10-01")
    assert quarter["period"] == ["2026-07-01", "2026-09-30"]


def test_pages_request_watch_and_download(figures, client):
    w = figures
    client.force_login(w.staff)
    page = client.get("/reports/")
    assert page.status_code == 200
    assert 'name="kind"' in page.content.decode() and "申请生成" in page.content.decode()
    refused = client.post("/reports/", {"kind": "target_progress", "format": "csv"})
    assert refused.status_code == 400
    assert "目标进度报表须指定项目" in refused.content.decode()
    assert not Report.objects.exists()
    response = client.post("/reports/", {"kind": "achievements", "format": "xlsx",
                                         "program": w.program.pk, "group_by": "placement"})
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    assert report.parameters["group_by"] == "placement"
    detail = client.get(response.url).content.decode()
    assert "已完成" in detail and f"/reports/{report.pk}/download/" in detail
    file = client.get(f"/reports/{report.pk}/download/")
    assert file.status_code == 200
    assert "attachment" in file["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    assert [c.value for c in sheet[4]][:3] == ["张树旗", "争取资金", 1]
    listing = client.get("/reports/").content.decode()
    assert "履职成果" in listing and "已完成" in listing
    client.force_login(w.receiving)
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/{report.pk}/download/").status_code == 403
    client.force_login(w.other_staff)
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/reports/{report.pk}/download/").status_code == 404


def test_a_report_added_in_the_admin_goes_through_the_service(
        world, client, django_capture_on_commit_callbacks):
    world.staff.is_staff = True
    world.staff.save()
    from django.contrib.auth.models import Permission

    world.staff.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="reports", codename__in=["add_report", "view_report"]))
    client.force_login(world.staff)
    refused = client.post("/admin/reports/report/add/", {
        "kind": "target_progress", "format": "csv", "parameters": "{}"})
    assert refused.status_code == 200 and "目标进度报表须指定项目" in refused.content.decode()
    assert not Report.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as handed_over:
        client.post("/admin/reports/report/add/", {
            "kind": "target_progress", "format": "csv", "program": world.program.pk,
            "parameters": "{}"})
    assert len(handed_over) == 1
    report = Report.objects.get()
    assert (report.requested_by, report.status) == (world.staff, "done")

"""Reports built by a real Celery worker against Redis and PostgreSQL (not eager): each kind
reaches `done` and its file reads back with the fixture's figures; a worker killed while a
report is running leaves one finished report once the broker redelivers it."""
import csv
import datetime
import io
import os
import signal
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from reports.choices import ReportKind
from reports.models import Report
from reports.services import request_report
from secondment.tests.celery_worker import wait_for, worker

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
D = datetime.date
PERIOD = {"period_start": D(2026, 9, 28), "period_end": D(2026, 10, 16), "as_of": D(2026, 10, 16)}
# Statements are made after their month: reported by month, not as of a day in it.
OCTOBER = {"period_start": D(2026, 10, 1), "period_end": D(2026, 10, 31)}


def finished(pk):
    return Report.objects.filter(pk=pk, status__in=("done", "failed")).first()


def read(report):
    content = Path(report.file.path).read_bytes()
    if report.format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    if report.format == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        return [[cell.value for cell in row] for row in sheet.iter_rows()]
    return subprocess.run(["pdftotext", "-layout", report.file.path, "-"], capture_output=True,
                          text=True, check=True).stdout


def test_every_kind_is_built_by_the_worker(figures, queue):
    w = figures
    requested = {}
    with worker(queue):
        for kind in ReportKind.values:
            for fmt in ("xlsx", "csv", "pdf"):
                period = {"batch_summary": {}, "allowance_statements": OCTOBER}.get(kind, PERIOD)
                report = request_report(w.staff, kind=kind, format=fmt, program=w.program,
                                        **period)
                requested[kind, fmt] = report.pk
        done = {key: wait_for(lambda pk=pk: finished(pk), what=str(key))
                for key, pk in requested.items()}
    for key, report in done.items():
        assert report.status == "done", (key, report.error)
        assert report.attempts == 1 and report.file_size > 0 and report.finished_at
    compliance = read(done["worklog_compliance", "csv"])
    assert compliance[-1] == ["合计", "", "14", "11", "6", "3", "0.7857"]
    xlsx = {row[0]: row for row in read(done["allowance_statements", "xlsx"]) if row[0]}
    assert (xlsx["张树旗"][6:9], xlsx["李明"][8]) == ([2, 100, 2900], 2000)
    assert xlsx["张树旗"][1].startswith("33*") and "1985" not in xlsx["张树旗"][1]
    pdf = read(done["monthly_overview", "pdf"])
    assert "月度概况" in pdf and "78.6%" in pdf and "500,000.00" in pdf
    targets = read(done["target_progress", "xlsx"])
    assert targets[3][:4] == ["千名干部交流互派工程", "项目总目标", 1000, 2]


def test_a_failing_report_records_failed_with_the_reason(world, queue):
    from reports.services import enqueue

    # A row written past the service (a script): the worker applies the service's rules.
    report = Report.objects.create(kind="target_progress", format="xlsx",
                                   requested_by=world.staff)
    with worker(queue):
        enqueue(report.pk)
        report = wait_for(lambda: finished(report.pk))
    assert (report.status, report.error, report.file.name) == (
        "failed", "目标进度报表须指定项目", "")


def test_a_worker_killed_mid_report_leaves_one_finished_report(figures, queue):
    """Worker A is killed (SIGKILL: no goodbye) while building. Its message was never
    acknowledged, so once the visibility timeout passes the broker redelivers it to worker B,
    which reclaims the report (A's lease has run out) and finishes it, once."""
    w = figures
    short = {"REPORT_LEASE_SECONDS": "3", "CELERY_VISIBILITY_TIMEOUT": "4"}
    with worker(queue, app="reports.tests.slow_worker", SLOW_WRITER_SECONDS="120",
                **short) as a:
        report = request_report(w.staff, kind="worklog_compliance", format="csv",
                                program=w.program, **PERIOD)
        wait_for(lambda: Report.objects.filter(pk=report.pk, status="running").exists(),
                 what="worker A to claim the report")
        os.kill(a.pid, signal.SIGKILL)
        a.wait(timeout=10)
    assert Report.objects.get(pk=report.pk).status == "running"
    with worker(queue, **short):
        report = wait_for(lambda: finished(report.pk), timeout=90,
                          what="the redelivered report")
    assert (report.status, report.attempts, report.row_count) == ("done", 2, 2)
    files = list(Path(settings.MEDIA_ROOT, "reports").rglob("*"))
    assert [f.name for f in files if f.is_file()] == [Path(report.file.name).name]
    assert read(report)[-1] == ["合计", "", "14", "11", "6", "3", "0.7857"]

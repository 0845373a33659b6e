"""A leader (manager) requests every kind of report in all three formats from /reports/ in
headless Chromium and downloads each file; the files are what they say they are."""
from pathlib import Path

import pytest

from reports.choices import ReportFormat, ReportKind

from .browser import SHOTS, new_page, sign_in

MAGIC = {"xlsx": b"PK\x03\x04", "csv": "\ufeff".encode(), "pdf": b"%PDF-"}


@pytest.fixture
def eager():
    """No worker in this test: the live server builds each report inside its request."""
    from secondment.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.mark.postgres
def test_a_manager_requests_and_downloads_every_kind_in_every_format(
        demo, chromium, live_server, eager):
    from programs.models import Program
    from reports.models import Report

    SHOTS.mkdir(exist_ok=True)
    program = Program.objects.get(name="千名干部交流互派工程")
    page = new_page(chromium, live_server, 1280, accept_downloads=True)
    sign_in(page, live_server, "zj_leader")
    before = Report.objects.count()
    for kind in ReportKind.values:
        for fmt in ReportFormat.values:
            page.goto(f"{live_server.url}/reports/")
            page.select_option("select[name=kind]", kind)
            page.select_option("select[name=format]", fmt)
            page.select_option("select[name=program]", str(program.pk))
            page.locator("form[action='/reports/'] button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            assert "/reports/" in page.url and page.url.rstrip("/").split("/")[-1].isdigit(), (
                kind, fmt, page.locator("main").inner_text()[:400])
            assert page.locator("[data-role=status]").inner_text() == "已完成", (kind, fmt)
            with page.expect_download() as info:
                page.get_by_role("link", name="下载").click()
            download = info.value
            content = Path(download.path()).read_bytes()
            assert content.startswith(MAGIC[fmt]), (kind, fmt, content[:20])
            assert download.suggested_filename.endswith(f".{fmt}")
            assert download.suggested_filename.startswith(str(ReportKind(kind).label))
    page.goto(f"{live_server.url}/reports/")
    page.screenshot(path=SHOTS / "reports-list.png", full_page=True)
    assert Report.objects.count() - before == len(ReportKind.values) * len(ReportFormat.values)
    assert not page.problems, page.problems


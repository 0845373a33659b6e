"""One masking for every output (issue 28, item 8): every masked role × every path that carries
a cadre — the API's lists, records and histories, the pages, the export of each list page in
both formats, the reports, the admin and an import's file of bad rows — and none of them holds
the full ID number, the phone or the birth date. The department's staff, reading the same
paths unmasked, show that the search would find them."""
import csv
import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts.choices import Role
from cadres.models import Cadre
from placements.models import Leave, Nomination, WorkLog

D = datetime.date
MASKED = ("manager", "receiving", "dispatching", "operator")

API = ["/api/v1/cadres/", "/api/v1/cadres/{cadre}/", "/api/v1/cadres/{cadre}/history/",
       "/api/v1/cadres/lookup/?q=zsq", "/api/v1/nominations/", "/api/v1/placements/",
       "/api/v1/placements/{placement}/", "/api/v1/work-logs/", "/api/v1/leaves/",
       "/api/v1/todo/", "/api/v1/messages/"]
PAGES = ["/", "/cadres/", "/cadres/{cadre}/", "/nominations/", "/placements/",
         "/placements/{placement}/", "/work-logs/", "/leaves/", "/orders/", "/alerts/"]
# Every list page that exports, in both formats.
EXPORTS = [f"{page}?export={fmt}" for page in ("/cadres/", "/nominations/", "/placements/",
                                                "/orders/", "/units/", "/programs/")
           for fmt in ("xlsx", "csv")]
ADMIN = ["/admin/cadres/cadre/", "/admin/cadres/cadre/{cadre}/change/",
         "/admin/cadres/cadre/{cadre}/history/", "/admin/placements/placement/{placement}/change/"]


@pytest.fixture
def record(world, make):
    """张树旗 placed at 开化县人民政府 with a diary day and a leave: every path has a row."""
    from django.contrib.auth.models import Permission

    w = world
    w.cadre.refresh_from_db()
    w.cadre.work_start_date, w.cadre.party_join_date = D(2007, 7, 1), D(2005, 6, 1)
    w.cadre.save()
    Nomination.objects.create(cadre=w.cadre, batch=w.batch, dispatching_unit=w.sender)
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                                 start=D(2026, 1, 5))
    WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 2), content="调研")
    Leave.objects.create(placement=w.placement, start_date=D(2026, 4, 1),
                         end_date=D(2026, 4, 2), reason="家事")
    w.operator = make.user(Role.UNIT_OPERATOR, w.host, "operator")
    for user in (w.staff, w.manager):
        user.is_staff = True
        user.save()
    views = Permission.objects.filter(codename__startswith="view_",
                                      content_type__app_label__in=["cadres", "placements"])
    w.manager.user_permissions.set(views)
    w.staff.user_permissions.set(views)
    born = w.cadre.birth_date
    w.secrets = {w.cadre.id_number, w.cadre.phone, born.isoformat(), born.strftime("%Y%m%d"),
                 f"{born.year}年{born.month}月{born.day}日", born.strftime("%Y/%m/%d"),
                 "2007-07-01", "2005-06-01"}
    return w


def client(user):
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def text_of(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheet" in kind:
        book = load_workbook(io.BytesIO(body))
        return "\n".join(str(cell) for sheet in book.worksheets
                         for row in sheet.iter_rows(values_only=True) for cell in row
                         if cell is not None)
    if "csv" in kind:
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(
            body.decode("utf-8-sig"))))
    return body.decode("utf-8", errors="replace")


def leaks(w, path, user) -> tuple[int, set]:
    response = client(user).get(path.format(cadre=w.cadre.pk, placement=w.placement.pk))
    if response.status_code != 200:
        return response.status_code, set()
    text = text_of(response)
    return 200, {secret for secret in w.secrets if secret in text}


@pytest.mark.parametrize("role", MASKED)
@pytest.mark.parametrize("path", API + PAGES + EXPORTS + ADMIN)
def test_no_masked_reader_gets_the_full_id_phone_or_birth_date(record, role, path):
    status, found = leaks(record, path, getattr(record, role))
    assert status in (200, 302, 403, 404), (path, status)
    assert found == set(), (role, path, found)


@pytest.mark.parametrize("role", MASKED)
def test_each_masked_role_reads_the_cadre_so_the_matrix_means_something(record, role):
    w = record
    user = getattr(w, role)
    assert client(user).get(f"/api/v1/cadres/{w.cadre.pk}/").status_code == 200
    shown = client(user).get(f"/api/v1/cadres/{w.cadre.pk}/").json()
    assert shown["birth_date"] is None and shown["id_number"].startswith("33")
    assert shown["id_number"][2:-1] == "*" * 15


def test_the_staff_read_the_same_paths_whole(record):
    w = record
    for path in ("/api/v1/cadres/{cadre}/", "/cadres/{cadre}/", "/cadres/?export=xlsx",
                 "/cadres/?export=csv", "/admin/cadres/cadre/{cadre}/change/"):
        status, found = leaks(w, path, w.staff)
        assert status == 200 and w.cadre.id_number in found, (path, found)


@pytest.mark.parametrize("role", ["manager", "staff"])
def test_reports_carry_masked_numbers_for_every_reader(record, role, make):
    from reports import building
    from reports.services import request_report

    w = record
    from placements.services import generate_month
    from programs.models import AllowancePolicy

    AllowancePolicy.objects.create(program=w.program, daily_allowance=30)
    assert len(generate_month(w.program, "2026-03", w.staff).created) == 1
    for kind, fmt in (("allowance_statements", "xlsx"), ("allowance_statements", "csv"),
                      ("worklog_compliance", "csv"), ("appraisals", "csv")):
        report = request_report(w.staff, kind=kind, format=fmt, program=w.program,
                                period_start=D(2026, 3, 1), period_end=D(2026, 3, 31),
                                deferred=True)
        building.run(report.pk)
        report.refresh_from_db()
        assert report.status == "done", report.error
        reader = getattr(w, role)
        response = client(reader).get(f"/api/v1/reports/{report.pk}/download/")
        assert response.status_code == 200, (kind, fmt)
        text = text_of(response)
        assert not {s for s in w.secrets if s in text}, (kind, fmt)


def test_an_imports_file_of_bad_rows_masks_the_numbers(record):
    from imports import exporting

    w = record
    content = exporting.export_file("cadres", w.staff, Cadre.objects.filter(pk=w.cadre.pk),
                                    "xlsx")
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    row = 2 if sheet.cell(2, 1).value else 3
    # A bad cell in the sender's own file: its bad-rows file goes back with the row.
    sheet.cell(row, header.index("工作单位") + 1).value = "不存在的单位"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "名单.xlsx"
    page = client(w.dispatching)
    answer = page.post("/imports/", {"kind": "cadres", "file": buffer}, follow=True)
    assert answer.status_code == 200
    from imports.models import ImportJob

    job = ImportJob.objects.latest("pk")
    assert job.counts.get("bad", 0) >= 1, job.errors
    status, found = leaks(w, f"/imports/{job.pk}/errors/", w.dispatching)
    assert status == 200 and found == set(), found

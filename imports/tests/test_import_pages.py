"""/imports/ on pages, the API and the command; list pages' exports and their round trip."""
import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import SecurityEvent
from cadres.models import Cadre
from imports.models import ImportJob, ImportStatus

from .conftest import read_xlsx
from .test_cadre_import import person


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def as_file(content, name="名单.xlsx"):
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def test_the_imports_page_offers_each_role_its_templates(world):
    page = client_for(world.staff).get("/imports/").content.decode()
    for label in ("单位", "干部", "需求订单", "推荐", "挂职"):
        assert 'href="/imports/templates/' in page and f">{label}</a>" in page
    own = client_for(world.dispatching).get("/imports/").content.decode()
    assert ">干部</a>" in own and ">单位</a>" not in own
    assert client_for(world.receiving).get("/imports/").status_code == 403
    assert client_for(world.dispatching).get("/imports/templates/units/").status_code == 403
    assert Client().get("/imports/").status_code == 302


def test_the_template_has_chinese_headers_an_example_and_drop_downs(world):
    response = client_for(world.staff).get("/imports/templates/cadres/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["姓名", "身份证号码", "性别", "出生日期"]
    # The example is no one: its name says so and its ID number fails the check digit.
    assert sheet["A2"].value == "示例干部（请删除本行）"
    assert sheet["B2"].value == "330102198503150017"
    assert sheet["B1"].comment.text.startswith("必填。")
    ranges = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    gender = ranges["C2"]
    assert gender.type == "list" and gender.showErrorMessage
    options = workbook["选项"]
    assert workbook["选项"].sheet_state == "hidden"
    column = gender.formula1.split("$")[1]
    assert [options[f"{column}{r}"].value for r in (2, 3)] == ["男", "女"]
    employer = ranges[f"{chr(ord('A') + headers.index('工作单位'))}2"]
    assert not employer.showErrorMessage  # a help list: a unit may be typed as 名称（区划）


def test_upload_preview_bad_rows_file_and_apply_on_pages(world, fill):
    c = client_for(world.staff)
    rows = [person(31), person(32, 工作单位="不存在的单位"), person(33)]
    response = c.post("/imports/", {"kind": "cadres", "file": as_file(
        fill("cadres", world.staff, rows))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    page = c.get(response["Location"]).content.decode()
    assert "未找到单位“不存在的单位”，请先在单位名录中登记或导入该单位" in page
    assert "确认导入" in page and "有错误的 1 行不会导入" in page
    bad = c.get(f"/imports/{job.pk}/errors/")
    headers, body = read_xlsx(bad.content)
    assert headers[-1] == "错误说明"
    assert [r[0] for r in body] == ["干部32"]
    assert body[0][-1] == "工作单位：未找到单位“不存在的单位”，请先在单位名录中登记或导入该单位"
    # Someone else's import is out of scope.
    assert client_for(world.other_staff).get(f"/imports/{job.pk}/").status_code == 404
    assert client_for(world.other_staff).post(f"/imports/{job.pk}/apply/").status_code == 404
    done = c.post(f"/imports/{job.pk}/apply/", follow=True).content.decode()
    assert "导入完成：新增2条，修改0条。" in done
    assert set(Cadre.objects.filter(name__in=["干部31", "干部33"]).values_list(
        "name", flat=True)) == {"干部31", "干部33"}
    # The bad row corrected in the downloaded file, and imported again.
    workbook = load_workbook(io.BytesIO(bad.content))
    sheet = workbook.worksheets[0]
    sheet.cell(row=2, column=headers.index("工作单位") + 1, value="浙江省农业农村厅")
    buffer = io.BytesIO()
    workbook.save(buffer)
    c.post("/imports/", {"kind": "cadres", "file": as_file(buffer.getvalue())})
    fixed = ImportJob.objects.latest("pk")
    assert fixed.counts == {"new": 1, "updated": 0, "unchanged": 0, "bad": 0}
    assert fixed.ignored_columns == []


def test_a_refused_file_is_said_on_the_page_and_nothing_is_kept(world):
    response = client_for(world.staff).post("/imports/", {
        "kind": "cadres", "file": as_file(b"<html></html>")})
    assert response.status_code == 400
    assert "文件不是有效的 Excel 工作簿（.xlsx），请用模板填写后再导入" in response.content.decode()
    assert not ImportJob.objects.exists()


def export(user, path, fmt="xlsx"):
    response = client_for(user).get(f"{path}?export={fmt}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_an_exported_list_imports_back_unchanged_and_an_edit_changes_only_it(world, fill, make):
    from placements.models import Placement

    make.placement(world.cadre, world.batch, world.host)
    world.cadre.position = "=1+1"
    world.cadre.save()
    for path, kind, count in (("/cadres/", "cadres", Cadre.objects.count()),
                              ("/units/", "units", None), ("/placements/", "placements", 1)):
        content = export(world.staff, path)
        c = client_for(world.staff)
        c.post("/imports/", {"kind": kind, "file": as_file(content)})
        job = ImportJob.objects.latest("pk")
        assert job.status == ImportStatus.UNCHANGED, job.message
        assert job.counts["new"] == job.counts["updated"] == job.counts["bad"] == 0, job.errors
        if count is not None:
            assert job.counts["unchanged"] == count
    # The formula-looking position is a text cell, never evaluated.
    headers, body = read_xlsx(export(world.staff, "/cadres/"))
    sheet = load_workbook(io.BytesIO(export(world.staff, "/cadres/"))).worksheets[0]
    column = headers.index("现任职务") + 1
    cell = next(r[column - 1] for r in sheet.iter_rows(min_row=2) if r[column - 1].value == "=1+1")
    assert cell.data_type == "s"
    # An edit in the csv export: exactly that field changes.
    text = export(world.staff, "/cadres/", "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert "'=1+1" in rows[1] or any("'=1+1" in r for r in rows)
    target = next(r for r in rows if r[1] == world.cadre.name)
    target[rows[0].index("现任职务")] = "副处长"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    client_for(world.staff).post("/imports/", {"kind": "cadres", "file": as_file(
        out.getvalue().encode("utf-8-sig"), "干部.csv")})
    job = ImportJob.objects.latest("pk")
    assert job.counts["updated"] == 1 and job.counts["bad"] == 0, job.errors
    client_for(world.staff).post(f"/imports/{job.pk}/apply/")
    world.cadre.refresh_from_db()
    assert world.cadre.position == "副处长"
    assert Placement.objects.get(cadre=world.cadre).post_title  # untouched


def test_exports_are_masked_for_masked_readers_and_logged(world):
    born = world.cadre.birth_date
    Cadre.objects.filter(pk=world.cadre.pk).update(ethnicity="04", is_reserve=True,
                                                   reserve_level="division_chief")
    for reader in (world.manager, world.dispatching):
        text = export(reader, "/cadres/", "csv").decode("utf-8-sig")
        assert world.cadre.id_number not in text and world.cadre.phone not in text
        assert "藏族" not in text and "正处级后备" not in text  # the record's withheld entries
        # The birth date as the API and the pages give it: its year only.
        assert born.isoformat() not in text and f"{born.year}-**-**" in text
        assert world.cadre.id_number[:2] + "*" in text
    whole = export(world.staff, "/cadres/", "csv").decode("utf-8-sig")
    assert world.cadre.id_number in whole and "藏族" in whole and "正处级后备" in whole
    event = SecurityEvent.objects.filter(kind="export").latest("pk")
    assert event.user == world.staff and event.detail["page"] == "/cadres/"


def test_a_masked_reader_edits_its_export_keyed_by_the_system_number(world):
    content = export(world.dispatching, "/cadres/")
    headers, body = read_xlsx(content)
    assert all("*" in row[headers.index("身份证号码")] for row in body)
    assert all(row[headers.index("出生日期")].endswith("-**-**") for row in body)
    c = client_for(world.dispatching)
    c.post("/imports/", {"kind": "cadres", "file": as_file(content)})
    job = ImportJob.objects.latest("pk")
    assert job.counts["unchanged"] == len(body) and job.counts["bad"] == 0, job.errors


def test_a_filtered_list_exports_only_its_rows_and_pages_without_import_use_their_table(world):
    other = Cadre.objects.create(name="筛掉的", gender="female", birth_date="1990-01-01",
                                 id_number="330102199001010024", employer=world.other_sender)
    text = client_for(world.staff).get("/cadres/?q=张树旗&export=csv").content.decode(
        "utf-8-sig")
    assert "张树旗" in text and other.name not in text
    programs = client_for(world.staff).get("/programs/?export=xlsx")
    headers, body = read_xlsx(programs.content)
    assert "千名干部交流互派工程" in [row[0] for row in body]
    assert "导出" in client_for(world.staff).get("/cadres/").content.decode()


def test_the_api_uploads_dry_runs_and_applies(world, fill):
    api = APIClient()
    api.force_authenticate(world.staff)
    content = fill("cadres", world.staff, [person(41), person(42, 工作单位="无")])
    response = api.post("/api/v1/imports/", {"kind": "cadres", "file": as_file(content)},
                        format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "validated" and body["counts"]["bad"] == 1
    assert body["errors"][0]["column"] == "工作单位"
    assert body["bad_rows_url"] == f"/imports/{body['id']}/errors/"
    applied = api.post(f"/api/v1/imports/{body['id']}/apply/")
    assert applied.status_code == 200 and applied.json()["applied_counts"]["new"] == 1
    again = api.post(f"/api/v1/imports/{body['id']}/apply/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_applied"
    other = APIClient()
    other.force_authenticate(world.other_staff)
    assert other.get(f"/api/v1/imports/{body['id']}/").status_code == 404
    receiving = APIClient()
    receiving.force_authenticate(world.receiving)
    refused = receiving.post("/api/v1/imports/", {"kind": "cadres", "file": as_file(content)},
                             format="multipart")
    assert refused.status_code == 403
    before = ImportJob.objects.count()
    bad = api.post("/api/v1/imports/", {"kind": "cadres", "file": as_file(b"%PDF-", "a.pdf")},
                   format="multipart")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_file"
    assert bad.json()["error"]["message"] == "只能导入 .xlsx 或 .csv 文件"
    assert ImportJob.objects.count() == before
    # A file that is read but holds no header row: kept as a failed import, with the reason.
    headless = api.post("/api/v1/imports/", {"kind": "cadres", "file": as_file(b"x", "a.csv")},
                        format="multipart")
    assert headless.status_code == 201 and headless.json()["status"] == "failed"
    assert headless.json()["message"] == "第一行应为列名（如模板所示），未找到任何可识别的列名"


def test_the_command_dry_runs_and_applies(world, fill, tmp_path, capsys):
    path = Path(tmp_path) / "干部.xlsx"
    path.write_bytes(fill("cadres", world.staff, [person(51), person(52, 工作单位="无")]))
    call_command("import_data", "cadres", str(path), "--user", "staff", "--dry-run")
    out = capsys.readouterr()
    assert "新增 1，修改 0，未变 0，有错误 1" in out.out
    assert "第3行「工作单位」：未找到单位“无”" in out.err
    assert not Cadre.objects.filter(name="干部51").exists()
    call_command("import_data", "cadres", str(path), "--user", "staff")
    assert "已导入：新增 1 条，修改 0 条" in capsys.readouterr().out
    assert Cadre.objects.filter(name="干部51").exists()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="您的角色不能导入单位"):
        call_command("import_data", "units", str(path), "--user", "dispatching")

"""In headless Chromium, org staff of the demo download the cadre template from /imports/,
fill it in, upload it, read the dry run's row error, confirm the import, and export the
cadre list; the export imports back unchanged. The pages, at desk and phone width, have no
script error, CSP violation or failed request."""
import io

import pytest
from openpyxl import load_workbook

from cadres.id_numbers import make_id_number

from .browser import SHOTS, new_page, sign_in


@pytest.mark.postgres
def test_org_staff_import_a_roster_in_the_browser(demo, chromium, live_server, tmp_path):
    import datetime

    from cadres.models import Cadre
    from imports.models import ImportJob

    SHOTS.mkdir(exist_ok=True)
    page = new_page(chromium, live_server, 1366, accept_downloads=True)
    sign_in(page, live_server, "zj_staff")
    page.click("nav >> text=导入")
    page.wait_for_url("**/imports/")
    with page.expect_download() as template:
        page.click("a[href='/imports/templates/cadres/']")
    workbook = load_workbook(io.BytesIO(template.value.path().read_bytes()))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2)
    rows = [{"姓名": "浏览器导入甲", "工作单位": "浙江省财政厅", "职级": "县处级副职",
             "身份证号码": make_id_number("330102", datetime.date(1986, 3, 4), 11)},
            {"姓名": "浏览器导入乙", "工作单位": "浙江省不存在厅", "职级": "县处级副职",
             "身份证号码": make_id_number("330102", datetime.date(1987, 5, 6), 12)}]
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    path = tmp_path / "花名册.xlsx"
    workbook.save(path)

    page.select_option("select[name=kind]", "cadres")
    page.set_input_files("input[name=file]", str(path))
    page.click("main button[type=submit]")
    page.wait_for_url("**/imports/*/")
    text = page.inner_text("main")
    assert "未找到单位“浙江省不存在厅”" in text and "确认导入" in text
    page.screenshot(path=SHOTS / "imports-preview-desk.png", full_page=True)
    phone = new_page(chromium, live_server, 390, height=844)
    sign_in(phone, live_server, "zj_staff")
    phone.goto(page.url)
    phone.screenshot(path=SHOTS / "imports-preview-phone.png", full_page=True)
    assert phone.problems == []

    with page.expect_navigation():
        page.click("main form button:has-text('确认导入')")
    assert "导入完成：新增1条，修改0条。" in page.inner_text("main")
    assert Cadre.objects.filter(name="浏览器导入甲").exists()
    assert not Cadre.objects.filter(name="浏览器导入乙").exists()

    page.goto(f"{live_server.url}/cadres/?q=浏览器导入")
    with page.expect_download() as export:
        page.click("a:text('Excel')")
    assert export.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / export.value.suggested_filename
    export.value.save_as(saved)
    exported = load_workbook(saved).worksheets[0]
    names = [row[1] for row in exported.iter_rows(min_row=2, values_only=True)]
    assert names == ["浏览器导入甲"]
    page.goto(f"{live_server.url}/imports/")
    page.select_option("select[name=kind]", "cadres")
    page.set_input_files("input[name=file]", str(saved))
    page.click("main button[type=submit]")
    page.wait_for_url("**/imports/*/")
    assert ImportJob.objects.latest("pk").counts == {
        "new": 0, "updated": 0, "unchanged": 1, "bad": 0}
    assert "文件中没有需要新增或修改的记录。" in page.inner_text("main")
    page.goto(f"{live_server.url}/imports/")
    page.screenshot(path=SHOTS / "imports-list-desk.png", full_page=True)
    assert page.problems == []

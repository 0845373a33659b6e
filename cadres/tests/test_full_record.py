"""The full cadre record (what every 干部任免审批表 carries): written and read through the API,
the page and the import; gender and birth date from the ID number; the personal entries
masked where the birth date is; each bad entry a 400 in Chinese with nothing written."""
import datetime
import io

import pytest
from openpyxl import Workbook
from rest_framework.test import APIClient

from cadres.id_numbers import make_id_number
from cadres.models import Cadre
from imports import exporting
from imports import services as imports
from imports.tests.conftest import fill_template, read_xlsx, upload

D = datetime.date
NUMBER = make_id_number("330102", D(1984, 7, 9), 123)  # an odd sequence: male

RECORD = {
    "ethnicity": "04", "work_start_date": "2006-07-01", "party_join_date": "2005-06-01",
    "fulltime_education": "bachelor", "fulltime_degree": "bachelor",
    "fulltime_school": "浙江大学农业经济管理专业", "inservice_education": "master",
    "inservice_degree": "master", "inservice_school": "中央党校经济学专业",
    "current_post_date": "2021-03-01", "current_rank_date": "2020-12-01",
    "is_reserve": True, "reserve_level": "division_chief",
}
WITHHELD = ("ethnicity", "ethnicity_display", "work_start_date", "party_join_date",
            "is_reserve", "reserve_level", "reserve_level_display")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(world, **over):
    return {"name": "卓玛", "id_number": NUMBER, "employer": world.sender.pk, **RECORD, **over}


def snapshot():
    return list(Cadre.objects.order_by("pk").values())


def test_the_record_is_written_whole_and_gender_and_birth_come_from_the_id_number(world):
    response = api(world.staff).post("/api/v1/cadres/", body(world), format="json")
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    assert (data["gender"], data["birth_date"]) == ("male", "1984-07-09")
    for name, value in RECORD.items():
        assert data[name] == value, name
    assert data["ethnicity_display"] == "藏族"
    assert data["reserve_level_display"] == "正处级后备"
    cadre = Cadre.objects.get(pk=data["id"])
    assert (cadre.gender, cadre.birth_date, cadre.ethnicity) == ("male", D(1984, 7, 9), "04")


@pytest.mark.parametrize("reader", ["manager", "dispatching", "receiving"])
def test_the_personal_entries_are_withheld_where_the_birth_date_is(world, make, reader):
    cadre = make.cadre(world.sender, "卓玛", ethnicity="04", work_start_date=D(2006, 7, 1),
                       party_join_date=D(2005, 6, 1), is_reserve=True,
                       reserve_level="division_chief", current_post_date=D(2021, 3, 1))
    make.placement(cadre, world.batch, world.host)  # so that the host reads the cadre too
    data = api(getattr(world, reader)).get(f"/api/v1/cadres/{cadre.pk}/").json()
    assert data["birth_date"] is None
    for name in WITHHELD:
        assert data[name] is None, name
    # Career dates are no personal secret: the department's rules read them.
    assert data["current_post_date"] == "2021-03-01"
    staff = api(world.staff).get(f"/api/v1/cadres/{cadre.pk}/").json()
    assert staff["ethnicity_display"] == "藏族" and staff["is_reserve"] is True
    page = APIClient()
    page.force_login(getattr(world, reader))
    html = page.get(f"/cadres/{cadre.pk}/").content.decode()
    assert "藏族" not in html and "正处级后备" not in html and "2006.07" not in html


@pytest.mark.parametrize("over, field, message", [
    ({"gender": "female"}, "gender", "性别与身份证号码不一致"),
    ({"birth_date": "1984-07-10"}, "birth_date", "出生日期与身份证号码不一致"),
    ({"political_status": "masses"}, "party_join_date", "政治面貌为群众，不应填写入党时间"),
    ({"is_reserve": False}, "reserve_level", "不是后备干部时不应填写后备层级"),
    ({"work_start_date": "1997-01-01"}, "work_start_date", "参加工作时间早于出生后14周岁，请核对"),
    ({"current_post_date": "2030-01-01"}, "current_post_date", "任现职时间不能晚于今天"),
    ({"current_rank_date": "2006-01-01"}, "current_rank_date", "任现职级时间早于参加工作时间"),
    ({"ethnicity": "汉"}, "ethnicity", None),
])
def test_each_bad_entry_is_a_400_in_chinese_and_nothing_is_written(world, over, field,
                                                                   message):
    before = snapshot()
    response = api(world.staff).post("/api/v1/cadres/", body(world, **over), format="json")
    assert response.status_code == 400, response.content.decode()
    errors = response.json()["error"]["fields"]
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert snapshot() == before


def test_an_edit_of_the_record_checks_the_same_rules(world, make):
    cadre = make.cadre(world.sender, "卓玛", work_start_date=D(2006, 7, 1))
    client = api(world.staff)
    before = snapshot()
    response = client.patch(f"/api/v1/cadres/{cadre.pk}/", {"current_post_date": "2005-01-01"},
                            format="json")
    assert response.status_code == 400
    assert snapshot() == before
    assert client.patch(f"/api/v1/cadres/{cadre.pk}/", {"current_post_date": "2019-05-01"},
                        format="json").status_code == 200
    cadre.refresh_from_db()
    assert cadre.current_post_date == D(2019, 5, 1)


def test_the_import_template_carries_the_record_and_a_masked_export_reimports_unchanged(world):
    headers, _rows = read_xlsx(fill_template("cadres", world.staff, []))
    for header in ("民族", "参加工作时间", "入党时间", "全日制学历", "全日制学位",
                   "全日制毕业院校及专业", "在职学历", "在职学位", "在职毕业院校及专业",
                   "任现职时间", "任现职级时间", "后备干部", "后备层级"):
        assert header in headers, header
    row = {"姓名": "卓玛", "身份证号码": NUMBER, "工作单位": world.sender.name, "民族": "藏族",
           "参加工作时间": "2006-07-01", "入党时间": "2005-06-01", "全日制学历": "大学本科",
           "全日制学位": "学士", "任现职时间": "2021-03-01", "后备干部": "是",
           "后备层级": "正处级后备"}
    job = imports.start_import(world.staff, "cadres",
                               upload(fill_template("cadres", world.staff, [row])))
    assert job.counts["new"] == 1, job.errors
    imports.apply_import(world.staff, job)
    cadre = Cadre.objects.get(name="卓玛")
    assert (cadre.gender, cadre.birth_date) == ("male", D(1984, 7, 9))
    assert (cadre.ethnicity, cadre.work_start_date, cadre.is_reserve, cadre.reserve_level) == (
        "04", D(2006, 7, 1), True, "division_chief")
    # The sending unit's export withholds the entries; importing it back changes nothing.
    content = exporting.export_file("cadres", world.dispatching,
                                    Cadre.objects.visible_to(world.dispatching), "xlsx")
    headers, rows = read_xlsx(content)
    [line] = [r for r in rows if "卓玛" in r]
    record = dict(zip(headers, line, strict=True))
    assert not record["民族"] and not record["参加工作时间"] and record["后备干部"] == "否"
    again = imports.start_import(world.dispatching, "cadres", upload(content))
    assert again.counts["unchanged"] == len(rows) and again.counts["bad"] == 0, again.errors
    # Typing a withheld entry into that file is refused, not written.
    line[headers.index("民族")] = "汉族"
    book = Workbook()
    book.active.append(headers)
    for r in rows:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    job = imports.start_import(world.dispatching, "cadres", upload(buffer.getvalue()))
    assert job.counts["bad"] == 1
    cadre.refresh_from_db()
    assert cadre.ethnicity == "04"


def test_the_admin_withholds_the_entries_from_a_manager_and_shows_them_to_staff(world, make):
    from django.contrib.auth.models import Permission
    from django.test import Client

    cadre = make.cadre(world.sender, "卓玛", ethnicity="04", is_reserve=True,
                       reserve_level="division_chief")
    views = Permission.objects.filter(content_type__app_label="cadres")
    for user, perms in ((world.manager, views.filter(codename__startswith="view_")),
                        (world.staff, views)):
        user.is_staff = True
        user.save()
        user.user_permissions.set(perms)
    pages = {}
    for user in (world.manager, world.staff):
        client = Client()
        client.force_login(user)
        change = client.get(f"/admin/cadres/cadre/{cadre.pk}/change/")
        assert change.status_code == 200
        listing = client.get("/admin/cadres/cadre/").content.decode()
        pages[user.username] = (change.content.decode(), listing)
    manager_change, manager_list = pages["manager"]
    assert "藏族" not in manager_change and "正处级后备" not in manager_change
    assert "is_reserve__exact" not in manager_list
    staff_change, staff_list = pages["staff"]
    assert "藏族" in staff_change and "is_reserve__exact" in staff_list

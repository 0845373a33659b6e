"""People registered across levels: 蒸湘's 组织部 registers and imports cadres employed by
city-level units (南华大学, 衡阳师范学院, 湖南工学院). It sees them afterwards, uploading them
again is "unchanged" (never "cannot be registered by your unit"), and a department that does
not hold them is still told nothing about them."""
import datetime

import pytest
from rest_framework.test import APIClient

from accounts.choices import Role
from cadres.id_numbers import make_id_number
from cadres.models import Cadre
from imports import services
from imports.models import ImportStatus
from programs.choices import Level, UnitKind

from .conftest import upload

D = datetime.date


@pytest.fixture
def hengyang(world, make):
    w = world
    w.hunan = make.region("湖南省", code="430000")
    w.hengyang = make.region("衡阳市", Level.CITY, w.hunan, code="430400")
    w.zhengxiang = make.region("蒸湘区", Level.COUNTY, w.hengyang, code="430408")
    w.shigu = make.region("石鼓区", Level.COUNTY, w.hengyang, code="430407")
    w.zx_department = make.unit(w.zhengxiang, "中共衡阳市蒸湘区委组织部",
                                UnitKind.ORG_DEPARTMENT)
    w.sg_department = make.unit(w.shigu, "中共衡阳市石鼓区委组织部", UnitKind.ORG_DEPARTMENT)
    w.universities = [make.unit(w.hengyang, name, UnitKind.UNIVERSITY, level=Level.PROVINCE)
                      for name in ("南华大学", "衡阳师范学院", "湖南工学院")]
    w.zx_bureau = make.unit(w.zhengxiang, "蒸湘区发展和改革局", UnitKind.LOCAL_GOVERNMENT)
    w.far_unit = make.unit(w.other_province, "武汉市江汉区人民政府", UnitKind.LOCAL_GOVERNMENT)
    w.zx_staff = make.user(Role.ORG_STAFF, w.zx_department, "zx_staff")
    w.sg_staff = make.user(Role.ORG_STAFF, w.sg_department, "sg_staff")
    w.zx_program = make.program(w.zx_department, name="万雁入乡")
    return w


def teacher(n, employer):
    number = make_id_number("430400", D(1982, 1 + n, 10 + n), 300 + n)
    return {"姓名": f"教师{n}", "身份证号码": number, "工作单位": employer, "职级": "乡科级正职"}


def rows(w):
    return [teacher(i, unit.name) for i, unit in enumerate(w.universities)]


def staff_api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_district_import_of_city_level_cadres_is_visible_afterwards(hengyang, fill):
    w = hengyang
    job = services.start_import(w.zx_staff, "cadres", upload(fill("cadres", w.zx_staff,
                                                                  rows(w))))
    assert job.counts["new"] == 3, job.errors
    services.apply_import(w.zx_staff, job)
    imported = Cadre.objects.filter(name__startswith="教师")
    assert imported.count() == 3
    assert set(imported.values_list("registered_by", flat=True)) == {w.zx_department.pk}
    assert set(Cadre.objects.visible_to(w.zx_staff).values_list("pk", flat=True)) == set(
        imported.values_list("pk", flat=True))
    listed = staff_api(w.zx_staff).get("/api/v1/cadres/", {"q": "教师"}).json()["results"]
    assert {row["name"] for row in listed} == {"教师0", "教师1", "教师2"}
    # The same file again: the department holds them, so they are unchanged, not refused.
    again = services.start_import(w.zx_staff, "cadres", upload(fill("cadres", w.zx_staff,
                                                                    rows(w))))
    assert again.status == ImportStatus.UNCHANGED, again.errors
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 3, "bad": 0}


def test_the_holder_is_told_registered_and_another_department_nothing(hengyang, fill):
    w = hengyang
    services.apply_import(w.zx_staff, services.start_import(
        w.zx_staff, "cadres", upload(fill("cadres", w.zx_staff, rows(w)[:1]))))
    cadre = Cadre.objects.get(name="教师0")
    body = {"name": "另一人", "gender": cadre.gender, "birth_date": str(cadre.birth_date),
            "id_number": cadre.id_number, "employer": w.universities[0].pk}
    before = list(Cadre.objects.values_list("pk", "name", "employer"))
    holder = staff_api(w.zx_staff).post("/api/v1/cadres/", body, format="json")
    assert holder.status_code == 400
    assert holder.json()["error"]["fields"]["id_number"] == ["该身份证号码已登记"]
    stranger = staff_api(w.sg_staff).post("/api/v1/cadres/", body, format="json")
    assert stranger.status_code == 400
    assert stranger.json()["error"]["fields"]["id_number"] == [
        "该身份证号码暂不能由本单位登记，请联系组织部核实"]
    assert staff_api(w.sg_staff).get(f"/api/v1/cadres/{cadre.pk}/").status_code == 404
    assert list(Cadre.objects.values_list("pk", "name", "employer")) == before


def test_a_cadre_registered_through_the_api_stays_with_the_registering_department(hengyang):
    w = hengyang
    number = make_id_number("430400", D(1990, 3, 3), 401)
    response = staff_api(w.zx_staff).post("/api/v1/cadres/", {
        "name": "欧阳晓", "id_number": number, "employer": w.universities[1].pk},
        format="json")
    assert response.status_code == 201, response.content.decode()
    pk = response.json()["id"]
    assert staff_api(w.zx_staff).get(f"/api/v1/cadres/{pk}/").status_code == 200
    # The city's and the province's departments above the district see the cadre too.
    city_staff = w.zx_staff.__class__.objects.create(
        username="hy_staff", role=Role.ORG_STAFF,
        unit=w.universities[0].__class__.objects.create(
            name="中共衡阳市委组织部", kind=UnitKind.ORG_DEPARTMENT, level=Level.CITY,
            region=w.hengyang))
    assert Cadre.objects.visible_to(city_staff).filter(pk=pk).exists()


def test_the_directory_shows_a_department_its_units_by_default_and_all_on_request(hengyang):
    w = hengyang
    w.zx_program.participants.add(w.universities[0])
    client = staff_api(w.zx_staff)

    def names(**params):
        return {row["name"] for row in client.get(
            "/api/v1/units/", {"page_size": 500, **params}).json()["results"]}

    mine = names()
    assert {"中共衡阳市蒸湘区委组织部", "蒸湘区发展和改革局", "南华大学"} <= mine
    assert "衡阳师范学院" not in mine and "武汉市江汉区人民政府" not in mine
    assert "湖北" not in "".join(mine)
    everything = names(scope="all")
    assert {"衡阳师范学院", "武汉市江汉区人民政府", "中共湖北省委组织部"} <= everything
    assert client.get("/api/v1/units/", {"scope": "nation"}).status_code == 400
    # A unit's detail is read by anyone signed in, in the directory or not.
    assert client.get(f"/api/v1/units/{w.far_unit.pk}/").status_code == 200

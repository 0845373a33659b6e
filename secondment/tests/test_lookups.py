"""Pickers that cope with thousands: `…/lookup/?q=` for regions, units, cadres, orders and
expertise — scoped, at most 20, by characters, full pinyin and initials — the lists' `q`
matching the same way, and names in pinyin order in a list, an export and a report."""
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from cadres.models import Cadre, Expertise
from programs.models import Region, Unit
from reports import aggregates


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def lookup(user, resource, q=None, **params):
    if q is not None:
        params["q"] = q
    response = api(user).get(f"/api/v1/{resource}/lookup/", params)
    assert response.status_code == 200, response.content.decode()
    rows = response.json()
    assert len(rows) <= 20 and all(set(r) == {"id", "label", "detail"} for r in rows)
    return rows


def labels(rows):
    return [row["label"] for row in rows]


@pytest.fixture
def people(world, make):
    w = world
    w.hubei_cadre = make.cadre(make.unit(w.other_province, "武汉大学"), "张士强")
    for name in ("史文静", "吕志和", "曾晓峰", "林海", "单雄信"):
        make.cadre(w.sender, name)
    return w


@pytest.mark.parametrize("q", ["zsq", "zhangshuqi", "shuqi", "张", "树旗", "张树旗", "ZSQ"])
def test_a_cadre_is_found_by_characters_pinyin_and_initials(people, q):
    rows = lookup(people.staff, "cadres", q)
    assert labels(rows) == ["张树旗"]
    assert rows[0]["detail"].startswith("浙江省农业农村厅")


def test_a_cadre_out_of_scope_is_never_offered(people):
    """张士强 (zsq too) works in Hubei: Zhejiang's staff never see him; Hubei's do."""
    assert "张士强" not in labels(lookup(people.staff, "cadres", "zsq"))
    assert labels(lookup(people.other_staff, "cadres", "zsq")) == ["张士强"]
    assert labels(lookup(people.dispatching, "cadres", "zsq")) == ["张树旗"]
    assert lookup(people.receiving, "cadres", "zsq") == []


def test_surnames_are_read_as_surnames_and_sorted_in_pinyin_order(people):
    assert labels(lookup(people.staff, "cadres", "sxx")) == ["单雄信"]
    assert labels(lookup(people.staff, "cadres", "zxf")) == ["曾晓峰"]
    names = [r["name"] for r in api(people.staff).get(
        "/api/v1/cadres/", {"page_size": 50}).json()["results"]]
    order = [n for n in names if n in {"史文静", "吕志和", "曾晓峰", "林海", "单雄信"}]
    # 林 lin, 吕 lü, 单 shan, 史 shi, 曾 zeng (by code point it was 史 吕 单 曾 林).
    assert order == ["林海", "吕志和", "单雄信", "史文静", "曾晓峰"]


@pytest.mark.parametrize("q, expected", [
    ("hengnan", "衡南县"), ("hnx", "衡南县"), ("衡南", "衡南县"), ("430422", "衡南县"),
])
def test_a_county_of_the_national_directory_is_found_with_its_province_and_city(world, q,
                                                                                 expected):
    rows = lookup(world.staff, "regions", q)
    assert expected in labels(rows)
    row = next(r for r in rows if r["label"] == expected)
    assert row["detail"] == "湖南省 › 衡阳市 › 430422"


def test_the_region_cascade_narrows_by_level_parent_and_within(world):
    hunan = Region.objects.get(code="430000")
    hengyang = Region.objects.get(code="430400")
    provinces = lookup(world.staff, "regions", "hu", level="province")
    assert {"湖南省", "湖北省"} <= set(labels(provinces))
    assert all(Region.objects.get(pk=r["id"]).level == "province" for r in provinces)
    cities = labels(lookup(world.staff, "regions", "heng", parent=hunan.pk))
    assert cities == ["衡阳市"]
    counties = labels(lookup(world.staff, "regions", "n", within=hengyang.pk))
    assert "衡南县" in counties and "南京市" not in counties
    assert lookup(world.staff, "regions", "", parent="abc") == []
    assert lookup(world.staff, "regions", "", parent=2**70) == []


def test_units_orders_and_expertise_are_found_by_pinyin(world, make):
    w = world
    make.order(w.batch, w.host, title="数字经济专业人才")
    Expertise.objects.create(name="农业")
    assert "开化县人民政府" in labels(lookup(w.staff, "units", "khxrmzf"))
    assert "开化县人民政府" in labels(lookup(w.staff, "units", "kaihua"))
    assert labels(lookup(w.staff, "orders", "szjj")) == ["数字经济专业人才"]
    assert labels(lookup(w.staff, "orders", "khx")) == ["数字经济专业人才"]  # its unit
    assert labels(lookup(w.staff, "expertise", "ny")) == ["农业"]
    assert lookup(w.other_staff, "orders", "szjj") == []


@pytest.mark.parametrize("q", ["", " ", "z", "字" * 200, "x" * 200, "%", "_", "'; drop"])
def test_odd_queries_give_a_short_list_or_nothing_never_an_error(people, q):
    for resource in ("regions", "units", "cadres", "orders", "expertise"):
        rows = lookup(people.staff, resource, q)
        if len(q.strip()) >= 100 or q in ("%", "_", "'; drop"):
            assert rows == [], (resource, q)


def test_the_lists_q_matches_the_same_way(people, make):
    w = people
    client = api(w.staff)
    assert [r["name"] for r in client.get("/api/v1/cadres/", {"q": "zsq"}).json()[
        "results"]] == ["张树旗"]
    units = client.get("/api/v1/units/", {"q": "kaihua", "scope": "all"}).json()["results"]
    assert {u["name"] for u in units} >= {"开化县人民政府", "开化县农业农村局"}
    page = APIClient()
    page.force_login(w.staff)
    html = page.get("/cadres/", {"q": "zengxiao"}).content.decode()
    assert "曾晓峰" in html and "张树旗" not in html


def test_the_pinyin_is_kept_on_every_write_path(world, make):
    unit = make.unit(world.county, "华埠镇人民政府")
    assert " hbzrmzf" in unit.pinyin_terms
    unit.name = "池淮镇人民政府"
    unit.save(update_fields=["name"])
    unit.refresh_from_db()
    assert unit.pinyin.startswith("chi huai") and " chzrmzf" in unit.pinyin_terms
    cadre = make.cadre(world.sender, "吕志和")
    assert Cadre.objects.get(pk=cadre.pk).pinyin == "lv zhi he"
    Cadre.objects.filter(pk=cadre.pk).update(name="林海")  # no save: a bulk writer's way
    from cadres.search import index_names

    index_names([Cadre.objects.get(pk=cadre.pk)])
    assert Cadre.objects.get(pk=cadre.pk).pinyin == "lin hai"
    assert Unit.objects.filter(pinyin="").count() == 0
    assert Region.objects.filter(pinyin="").count() == 0


def test_an_export_and_a_report_list_in_pinyin_order(people, make):
    w = people
    page = APIClient()
    page.force_login(w.staff)
    content = page.get("/cadres/", {"export": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    wanted = ["林海", "吕志和", "单雄信", "史文静", "曾晓峰"]
    assert [n for n in names if n in wanted] == wanted
    for name in ("史家乡人民政府", "林山乡人民政府", "赵家乡人民政府"):
        make.placement(make.cadre(w.sender), w.batch, make.unit(w.county, name),
                       status="on_post")
    rows = aggregates.unit_breakdown(w.staff, {})["rows"]
    hosts = [r["name"] for r in rows if r["name"].endswith("乡人民政府")]
    assert hosts == ["林山乡人民政府", "史家乡人民政府", "赵家乡人民政府"]


def test_a_roster_can_be_listed_by_surname_strokes(people):
    from django.db import connection

    page = APIClient()
    page.force_login(people.staff)
    html = page.get("/cadres/", {"sort": "strokes"}).content.decode()
    assert "按姓氏笔画" in html
    if connection.vendor != "postgresql":
        pytest.skip("姓氏笔画 is ICU's collation on PostgreSQL; SQLite lists in pinyin order")
    order = [n for n in ("史文静", "吕志和", "林海", "单雄信", "曾晓峰") if n in html]
    positions = sorted(order, key=html.index)
    # 史 5, 吕 6, 林 8, 单 8, 曾 12 strokes.
    assert positions[:2] == ["史文静", "吕志和"] and positions[-1] == "曾晓峰"


def test_placements_and_nominations_are_searched_by_the_cadres_pinyin(people, make):
    from placements.models import Nomination

    w = people
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post")
    other = make.placement(make.cadre(w.sender, "林海峰"), w.batch, w.other_host)
    nomination = Nomination.objects.create(cadre=w.cadre, batch=w.batch,
                                           dispatching_unit=w.sender)
    client = api(w.staff)
    for q in ("zsq", "zhangshu", "张树旗"):
        found = {r["id"] for r in client.get("/api/v1/placements/", {"q": q}).json()["results"]}
        assert found == {placement.pk}, q
    hosts = {r["id"] for r in client.get("/api/v1/placements/", {"q": "khxnyncj"}).json()[
        "results"]}
    assert hosts == {other.pk}  # 开化县农业农村局 by its initials
    assert [r["id"] for r in client.get("/api/v1/nominations/", {"q": "zsq"}).json()[
        "results"]] == [nomination.pk]


def test_one_letter_is_the_surnames_initial(people, make):
    make.cadre(people.sender, "林志远")  # 志 begins with z, the surname does not
    names = labels(lookup(people.staff, "cadres", "z"))
    assert names == ["曾晓峰", "张树旗"]  # zeng, zhang: in pinyin order
    assert "林志远" in labels(lookup(people.staff, "cadres", "lzy"))

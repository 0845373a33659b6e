"""The national directory (programs.directory): loaded by migration 0009 from the shipped
edition, brought to a newer one by `manage.py load_regions` — renamed codes keep their row,
retired codes are kept with their validity and successor, nothing is deleted, and an edition
applied twice changes nothing the second time."""
import csv
import datetime
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from imports.fields import CellError
from imports.lookups import Lookups
from programs import directory
from programs.choices import Level
from programs.models import Region, Unit

D = datetime.date
ZHEJIANG_MOUNTAIN_COUNTIES = {
    "淳安县", "永嘉县", "平阳县", "苍南县", "文成县", "泰顺县", "武义县", "磐安县", "柯城区",
    "衢江区", "江山市", "常山县", "开化县", "龙游县", "三门县", "天台县", "仙居县", "莲都区",
    "龙泉市", "青田县", "缙云县", "遂昌县", "松阳县", "云和县", "庆元县", "景宁畲族自治县",
    # and the island counties the 千名干部交流互派工程 counts with them
    "洞头区", "岱山县", "嵊泗县"}


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.staff)
    return client


def edition_file(tmp_path, entries, name="edition.csv"):
    """An edition as the Ministry publishes it: a table of code and name."""
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["行政区划代码", "单位名称"])
        writer.writerows((code, name) for code, name in entries)
    return path


def shipped_pairs():
    return [(e.code, e.name) for e in directory.read_package()]


def load(*args):
    out = io.StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()


def test_the_migration_loads_every_province_city_and_county_of_the_shipped_edition(db):
    shipped = directory.read_package()
    levels = Counter(e.level for e in shipped)
    assert levels == {Level.PROVINCE: 34, Level.CITY: 333, Level.COUNTY: 2866}
    coded = Region.objects.exclude(code=None)
    assert Counter(coded.values_list("level", flat=True)) == levels
    hengnan = Region.objects.get(code="430422")
    assert (hengnan.name, hengnan.parent.name, hengnan.parent.parent.name) == (
        "衡南县", "衡阳市", "湖南省")
    assert hengnan.path == f"/{hengnan.parent.parent.pk}/{hengnan.parent.pk}/{hengnan.pk}/"
    # A municipality's districts and a province's directly administered cities hang from
    # the province (the package's placeholders 市辖区 and 直辖县级行政区划 are not regions).
    assert Region.objects.get(code="110101").parent.code == "110000"
    assert Region.objects.get(code="429004").parent.code == "420000"
    assert not Region.objects.filter(name__in=["市辖区"]).exists()
    assert not Region.objects.filter(name__contains="直辖县级行政区划").exists()
    assert not Region.objects.filter(code="350403").exists()  # 三元区's code before 2021
    flagged = Region.objects.filter(is_mountain_island=True)
    assert set(flagged.values_list("name", flat=True)) == ZHEJIANG_MOUNTAIN_COUNTIES
    assert all(code.startswith("33") for code in flagged.values_list("code", flat=True))
    assert not Region.objects.exclude(valid_to=None).exists()


def test_the_api_finds_a_county_by_its_code(world, api):
    rows = api.get("/api/v1/regions/", {"code": "430422"}).json()["results"]
    assert [(r["name"], r["level"], r["valid_to"], r["replaced_by"]) for r in rows] == [
        ("衡南县", "county", None, None)]


def test_applying_the_shipped_edition_again_changes_nothing(db):
    before = list(Region.objects.order_by("pk").values())
    out = load()
    assert "新增 0，更名 0，调整上级 0，恢复 0，停用 0，标记 0，未变 3233" in out
    assert list(Region.objects.order_by("pk").values()) == before


def test_a_new_edition_renames_retires_and_adds_and_a_second_run_changes_nothing(
        world, make, tmp_path):
    hengnan = Region.objects.get(code="430422")
    host = make.unit(hengnan, "衡南县人民政府", kind="local_government")
    pairs = [(code, name) for code, name in shipped_pairs() if code != "430422"]
    pairs = [(code, "衡阳新县" if code == "430421" else name) for code, name in pairs]
    pairs.append(("430485", "衡南市"))
    path = edition_file(tmp_path, pairs)
    replacements = tmp_path / "changes.csv"
    replacements.write_text("旧代码,新代码\n430422,430485\n", encoding="utf-8")
    renamed_pk = Region.objects.get(code="430421").pk

    out = load("--file", str(path), "--effective", "2027-01-01",
               "--replacements", str(replacements))
    assert "更名 430421 衡阳县 → 衡阳新县" in out
    assert "停用 430422 衡南县 → 430485" in out
    assert "新增 1，更名 1，调整上级 0，恢复 0，停用 1" in out
    hengnan.refresh_from_db()
    successor = Region.objects.get(code="430485")
    assert (hengnan.valid_to, hengnan.replaced_by) == (D(2027, 1, 1), successor)
    assert (successor.parent.code, successor.valid_from, successor.level) == (
        "430400", D(2027, 1, 1), Level.COUNTY)
    assert Region.objects.get(code="430421").pk == renamed_pk
    # The unit still points where it pointed; the retired region is not deleted.
    assert Unit.objects.get(pk=host.pk).region_id == hengnan.pk

    snapshot = list(Region.objects.order_by("pk").values())
    again = load("--file", str(path), "--effective", "2027-01-01",
                 "--replacements", str(replacements))
    assert "新增 0，更名 0，调整上级 0，恢复 0，停用 0，标记 0" in again
    assert list(Region.objects.order_by("pk").values()) == snapshot


def test_a_retired_code_takes_the_new_code_of_the_same_name_by_itself(db, tmp_path):
    pairs = [(c, n) for c, n in shipped_pairs() if c != "330824"] + [("330889", "开化县")]
    load("--file", str(edition_file(tmp_path, pairs)), "--effective", "2027-03-01")
    old, new = Region.objects.get(code="330824"), Region.objects.get(code="330889")
    assert (old.valid_to, old.replaced_by, new.name, new.is_mountain_island) == (
        D(2027, 3, 1), new, "开化县", False)


def test_a_partial_or_malformed_edition_is_refused_and_changes_nothing(db, tmp_path):
    before = list(Region.objects.order_by("pk").values())
    one_province = [(c, n) for c, n in shipped_pairs() if c.startswith("43")]
    with pytest.raises(CommandError, match="多半不是完整的全国区划代码表"):
        load("--file", str(edition_file(tmp_path, one_province)), "--effective", "2027-01-01")
    bad = tmp_path / "bad.csv"
    bad.write_text("代码,名称\n12345,缺一位\n", encoding="utf-8")
    with pytest.raises(CommandError, match="区划代码应为6位数字"):
        load("--file", str(bad))
    with pytest.raises(CommandError, match="生效日期应为"):
        load("--effective", "2027-13-01")
    empty = tmp_path / "empty.csv"
    empty.write_text("说明\n", encoding="utf-8")
    with pytest.raises(CommandError, match="没有区划代码"):
        load("--file", str(empty))
    assert list(Region.objects.order_by("pk").values()) == before


def test_a_dry_run_reports_and_writes_nothing(db, tmp_path):
    before = list(Region.objects.order_by("pk").values())
    pairs = [(c, "衡南新县" if c == "430422" else n) for c, n in shipped_pairs()]
    out = load("--file", str(edition_file(tmp_path, pairs)), "--dry-run")
    assert "试运行" in out and "更名 430422 衡南县 → 衡南新县" in out
    assert list(Region.objects.order_by("pk").values()) == before


def test_an_import_names_the_successor_of_a_retired_code_and_finds_a_real_county(
        world, tmp_path):
    lookups = Lookups(world.staff)
    assert lookups.resolve("region", "430422") == Region.objects.get(code="430422").pk
    assert lookups.resolve("region", "衡南县") == Region.objects.get(code="430422").pk
    pairs = [(c, n) for c, n in shipped_pairs() if c != "430422"] + [("430485", "衡南市")]
    directory.apply(directory.entries(pairs), effective=D(2027, 1, 1),
                    replacements={"430422": "430485"})
    lookups = Lookups(world.staff)
    with pytest.raises(CellError, match="区划代码430422（衡南县）已于2027-01-01停用，现为“衡南市”"):
        lookups.resolve("region", "430422")
    with pytest.raises(CellError, match="未找到行政区划“衡南县”"):
        lookups.resolve("region", "衡南县")
    # A name two provinces share is refused with both, and found by its full name.
    with pytest.raises(CellError, match="有2个名为“朝阳区”的区划"):
        lookups.resolve("region", "朝阳区")
    assert lookups.resolve("region", "北京市朝阳区") == Region.objects.get(code="110105").pk


def test_the_region_lookup_matches_names_and_codes_and_offers_only_current_regions(
        world, api):
    rows = api.get("/api/v1/regions/lookup/", {"q": "衡南"}).json()
    assert rows == [{"id": Region.objects.get(code="430422").pk, "label": "衡南县",
                     "detail": "湖南省 › 衡阳市 › 430422"}]
    by_code = api.get("/api/v1/regions/lookup/", {"q": "4304"}).json()
    assert by_code[0]["label"] == "衡阳市" and len(by_code) == 13
    first = api.get("/api/v1/regions/lookup/", {"q": ""}).json()
    assert len(first) == 20 and first[0]["label"] == "北京市"
    assert api.get("/api/v1/regions/lookup/", {"q": "衡" * 200}).json() == []
    Region.objects.filter(code="430422").update(valid_to=D(2027, 1, 1))
    assert api.get("/api/v1/regions/lookup/", {"q": "衡南"}).json() == []
    assert api.get("/api/v1/regions/", {"current": "true", "code": "430422"}).json()[
        "results"] == []


def test_a_retired_region_is_refused_when_chosen_and_kept_where_it_was(world, make):
    """开化县 retired (as a later edition would): a new cadre or unit naming it is a 400 that
    says what replaced it, with nothing written; records already there keep it."""
    from cadres.id_numbers import make_id_number
    from cadres.models import Cadre

    successor = Region.objects.get(code="330822")
    born_there = make.cadre(world.sender, "祝文", native_place=world.county)
    Region.objects.filter(pk=world.county.pk).update(valid_to=datetime.date(2026, 1, 1),
                                                     replaced_by=successor)
    client = APIClient()
    client.force_authenticate(world.staff)
    before = (list(Cadre.objects.values_list("pk", "native_place")),
              list(Unit.objects.values_list("pk", "region")))
    response = client.post("/api/v1/cadres/", {
        "name": "新人", "id_number": make_id_number("330824", datetime.date(1990, 1, 1), 7),
        "employer": world.sender.pk, "native_place": world.county.pk}, format="json")
    assert response.status_code == 400
    [message] = response.json()["error"]["fields"]["native_place"]
    assert message == "“开化县”（330824）已于2026-01-01撤销，现为“常山县”，请选择现行区划"
    response = client.post("/api/v1/units/", {
        "name": "开化县新设局", "kind": "local_government", "level": "county",
        "region": world.county.pk}, format="json")
    assert response.status_code == 400 and "region" in response.json()["error"]["fields"]
    assert before == (list(Cadre.objects.values_list("pk", "native_place")),
                      list(Unit.objects.values_list("pk", "region")))
    # Records that named it keep it when other things change.
    assert client.patch(f"/api/v1/cadres/{born_there.pk}/", {"position": "处长"},
                        format="json").status_code == 200
    assert client.patch(f"/api/v1/units/{world.host.pk}/", {"name": "开化县人民政府办公室"},
                        format="json").status_code == 200
    assert Unit.objects.get(pk=world.host.pk).region_id == world.county.pk

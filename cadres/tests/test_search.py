"""Finding a cadre by name as people type it — characters, full pinyin, initials — from the
search terms kept with the name (cadres.search), on every path that writes a name."""
import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from cadres.models import Cadre, CadreSearchTerm
from cadres.search import terms_of


def names(user, q):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get("/api/v1/cadres/", {"q": q, "page_size": 100})
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


def test_a_name_gives_its_characters_pairs_pinyin_and_initials():
    assert terms_of("张树旗") == {
        "张", "树", "旗", "张树", "树旗", "zhangshuqi", "shuqi", "qi", "zsq", "sq", "q"}
    # every reading of the surname: 单 is shan as a surname, 曾 zeng
    assert {"shanxiongxin", "sxx"} <= terms_of("单雄信")
    assert {"zengguofan", "zgf"} <= terms_of("曾国藩")
    assert terms_of("欧阳 修") == terms_of("欧阳修")
    assert terms_of("") == set()


@pytest.mark.parametrize("q, found", [
    ("张", ["张树旗", "张静"]), ("树旗", ["张树旗"]), ("zsq", ["张树旗"]), ("ZSQ", ["张树旗"]),
    ("zhang", ["张树旗", "张静"]), ("shuqi", ["张树旗"]), ("zhang shu", ["张树旗"]),
    ("shan", ["单雄信"]), ("dan", ["单雄信"]), ("hou", ["侯琼"]), ("单雄信", ["单雄信"]),
    ("张树旗", ["张树旗"]), ("张旗", []), ("xyz", []),
    ("开化", ["侯琼"]),  # the employer's name
])
def test_the_list_finds_names_by_characters_pinyin_and_initials(world, make, q, found):
    # the world's cadre is 张树旗
    make.cadre(world.sender, "张静")
    make.cadre(world.sender, "单雄信")
    make.cadre(world.host, "侯琼")
    assert names(world.staff, q) == found


def test_a_rename_moves_the_terms_with_it(world):
    cadre = world.cadre  # 张树旗
    cadre.name = "李明远"
    cadre.save()
    assert names(world.staff, "zsq") == [] and names(world.staff, "lmy") == ["李明远"]
    fresh = Cadre.objects.get(pk=cadre.pk)
    fresh.position = "副处长"
    fresh.save()  # the name did not change: its terms stay as they are
    assert set(CadreSearchTerm.objects.filter(cadre=cadre).values_list("term", flat=True)) \
        == terms_of("李明远")


def test_a_search_stays_inside_the_readers_scope(world, make):
    make.cadre(world.other_department, "张远")  # another province's cadre
    make.cadre(world.sender, "张近")
    assert names(world.staff, "zhang") == ["张树旗", "张近"]
    assert names(world.other_staff, "zhang") == ["张远"]


def test_imported_cadres_are_found_at_once(world):
    from imports import services
    from imports.tests.conftest import fill_template, upload
    from imports.tests.test_cadre_import import person

    content = fill_template("cadres", world.staff, [person(1, 姓名="欧阳修")])
    job = services.start_import(world.staff, "cadres", upload(content))
    services.apply_import(world.staff, job)
    assert names(world.staff, "oyx") == ["欧阳修"]


def test_the_terms_can_be_checked_and_rebuilt(world, capsys):
    call_command("index_cadre_names", "--check")
    CadreSearchTerm.objects.filter(term="zsq").delete()
    with pytest.raises(CommandError, match="1名干部的检索词与姓名不一致：张树旗"):
        call_command("index_cadre_names", "--check")
    call_command("index_cadre_names")
    assert "1名已重建" in capsys.readouterr().out
    call_command("index_cadre_names", "--check")
    assert CadreSearchTerm.objects.filter(term="zsq").exists()


def test_the_nations_department_reads_every_cadre_without_a_condition(world, make):
    """The department of the nation's region (level 中央, the root of the national table)
    sees every cadre, and its list asks no scope at all; a province's still reads its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.choices import Role
    from programs.choices import Level, UnitKind

    nation = make.region("中华人民共和国", Level.NATIONAL, code="100000")
    for province in (world.province, world.other_province):
        province.parent = nation
        province.save()
    make.cadre(world.other_department, "张远")
    central = make.user(Role.ORG_STAFF, make.unit(nation, "中共中央组织部",
                                                  UnitKind.ORG_DEPARTMENT), "central")
    assert names(central, "zhang") == ["张树旗", "张远"]
    api = APIClient()
    api.force_authenticate(central)
    with CaptureQueriesContext(connection) as queries:
        api.get("/api/v1/cadres/", {"page_size": 50})
    listing = [q["sql"] for q in queries if 'FROM "cadres_cadre"' in q["sql"]]
    assert listing and not any("UNION" in sql or "path" in sql for sql in listing)
    staff = type(world.staff).objects.get(pk=world.staff.pk)
    assert names(staff, "zhang") == ["张树旗"]
    # A city or county at the top of a partial table is no nation: it keeps its scope.
    county_staff = make.user(Role.ORG_STAFF, make.unit(world.county, "中共开化县委组织部",
                                                       UnitKind.ORG_DEPARTMENT), "county")
    assert names(county_staff, "zhang") == []

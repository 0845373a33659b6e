"""The issue's "done when": a new user takes the templates from /imports/, fills in Zhejiang
batch 2's roster (217 placements: 123 down from 56 provincial/central units, 35 SOEs and 32
universities/institutes, 94 up), imports it on the pages, and the dashboard's figures are
DESIGN.md's."""
import datetime
import io
import itertools

from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from demo.people import PersonFactory
from imports.models import ImportJob, ImportStatus

D = datetime.date


def filled(client, kind, rows):
    response = client.get(f"/imports/templates/{kind}/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2)  # the example row, typed over
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, unknown
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name = f"{kind}.xlsx"
    buffer.seek(0)
    return buffer


def import_on_pages(client, kind, rows):
    response = client.post("/imports/", {"kind": kind, "file": filled(client, kind, rows)})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    assert job.counts["bad"] == 0, job.errors[:5]
    page = client.get(response["Location"])
    assert "确认导入" in page.content.decode()
    applied = client.post(f"/imports/{job.pk}/apply/", follow=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED, job.message
    assert "导入完成" in applied.content.decode()
    return job


def test_zhejiang_batch_2_roster_from_the_templates(world, make):
    client = Client()
    client.force_login(world.staff)
    # Four of 衢州's mountain counties, as the national directory holds them.
    counties = [make.region(code=code) for code in ("330802", "330803", "330822", "330825")]
    assert all(c.is_mountain_island and c.parent == world.city for c in counties)
    kinds = {"provincial_organ": "省级机关", "central_unit": "中央在浙单位", "soe": "省属国有企业",
             "university": "省属高校", "research_institute": "省属科研院所"}
    unit_rows = [{"单位名称": f"{c.name}人民政府", "单位类别": "市县党政机关", "层级": "县级",
                  "所在区划": c.code} for c in counties]
    unit_rows += [{"单位名称": f"示范{label}", "单位类别": label_of(kind), "层级": "省级",
                   "所在区划": "浙江省"} for kind, label in kinds.items()]
    job = import_on_pages(client, "units", unit_rows)
    assert job.applied_counts["new"] == 9

    batch2 = make.batch(world.program, 2, name="第二批", status="open", term_months=24,
                        planned_size=217)
    plan = ([("provincial_organ", "down")] * 46 + [("central_unit", "down")] * 10
            + [("soe", "down")] * 35 + [("university", "down")] * 22
            + [("research_institute", "down")] * 10 + [(None, "up")] * 94)
    people = PersonFactory("roster-zhejiang")
    hosts = itertools.cycle(f"{c.name}人民政府" for c in counties)
    cadre_rows, placement_rows = [], []
    for i, (kind, direction) in enumerate(plan):
        p = people.person("330100")
        home = f"示范{kinds[kind]}" if kind else f"{counties[i % 4].name}人民政府"
        host = next(hosts) if direction == "down" else "示范省级机关"
        cadre_rows.append({"姓名": p["name"], "身份证号码": p["id_number"], "工作单位": home,
                           "职级": "县处级副职", "手机号码": p["phone"]})
        placement_rows.append({"身份证号码": p["id_number"], "姓名": p["name"],
                               "批次": "千名干部交流互派工程 第2批", "接收单位": host,
                               "挂任职务": "挂职副县长" if direction == "down" else "挂职处长助理",
                               "开始日期": D(2023, 1, 1), "计划结束日期": "2024-12-31"})
    assert import_on_pages(client, "cadres", cadre_rows).applied_counts["new"] == 217
    assert import_on_pages(client, "placements", placement_rows).applied_counts["new"] == 217
    # Batch 1's 226 were entered before.
    for i in range(226):
        make.placement(make.cadre(world.sender), world.batch, world.host, start=D(2022, 1, 1),
                       end=D(2023, 12, 31), direction="down" if i < 128 else "up")

    api = APIClient()
    api.force_authenticate(world.staff)
    stats = api.get(f"/api/v1/stats/overview/?program={world.program.pk}&batch={batch2.pk}")
    placements = stats.json()["placements"]
    assert placements["total"] == 217
    assert placements["by_direction"] == {"down": 123, "up": 94}
    assert placements["to_mountain_island"] == 123
    by_kind = placements["by_home_unit_kind"]
    assert by_kind["provincial_organ"] + by_kind["central_unit"] == 56
    assert by_kind["soe"] == 35
    assert by_kind["university"] + by_kind["research_institute"] == 32
    assert by_kind["local_government"] == 94
    program = api.get(f"/api/v1/stats/overview/?program={world.program.pk}").json()
    assert program["targets"][0]["achieved"] == 443
    assert program["targets"][0]["target"] == 1000
    # The same roster imported again changes nothing.
    response = client.post("/imports/", {"kind": "placements",
                                         "file": filled(client, "placements", placement_rows)})
    again = ImportJob.objects.latest("pk")
    assert response.status_code == 302
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 217, "bad": 0}


def label_of(kind):
    from programs.choices import UnitKind

    return str(UnitKind(kind).label)

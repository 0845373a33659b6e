"""The seeds' Zhejiang batch 2 entered through the API alone; the figures from stats."""
import datetime
import itertools

import pytest
from rest_framework.test import APIClient

from demo.people import PersonFactory
from placements.models import DemandOrder

D = datetime.date


@pytest.fixture
def staff_client(world):
    c = APIClient()
    c.force_authenticate(world.staff)
    return c


def post(c, path, body):
    response = c.post(f"/api/v1/{path}/", body, format="json")
    assert response.status_code == 201, response.content.decode()
    return response.json()["id"]


def test_zhejiang_batch_2_through_the_api(world, make, staff_client):
    from accounts.models import User

    c, w = staff_client, world
    province = w.province.pk
    # Regions are the nation's reference data: an administrator enters the counties.
    admin = APIClient()
    admin.force_authenticate(User.objects.create_superuser("root", password="pw-2026-root"))
    counties = [post(admin, "regions", {"name": f"山区县{i}", "level": "county",
                                        "parent": w.city.pk, "is_mountain_island": True})
                for i in range(4)]
    county_units = [post(c, "units", {"name": f"山区县{i}人民政府", "kind": "local_government",
                                      "level": "county", "region": r})
                    for i, r in enumerate(counties)]
    senders = {kind: post(c, "units", {"name": f"省属{kind}", "kind": kind, "level": "province",
                                       "region": province})
               for kind in ("provincial_organ", "central_unit", "soe", "university",
                            "research_institute")}
    # The department admits the units taking part (a batch takes orders only from them).
    admitted = c.patch(f"/api/v1/programs/{w.program.pk}/", {"participants": [
        *county_units, *senders.values()]}, format="json")
    assert admitted.status_code == 200 and len(admitted.json()["participants"]) == 9
    batch2 = post(c, "batches", {"program": w.program.pk, "number": 2, "name": "第二批",
                                 "status": "open", "term_months": 24, "planned_size": 217})
    orders = [post(c, "orders", {"batch": batch2, "receiving_unit": u, "title": f"需求{u}",
                                 "post_title": "挂职副县长", "headcount": 40})
              for u in county_units]
    for order in orders:
        for step in ("submit", "approve"):
            assert c.post(f"/api/v1/orders/{order}/{step}/").status_code == 200
    order_of = dict(zip(county_units, orders, strict=True))
    plan = ([("provincial_organ", "down")] * 46 + [("central_unit", "down")] * 10
            + [("soe", "down")] * 35 + [("university", "down")] * 22
            + [("research_institute", "down")] * 10 + [(None, "up")] * 94)
    people = PersonFactory("api-zhejiang")
    hosts = itertools.cycle(county_units)
    for i, (kind, direction) in enumerate(plan):
        p = people.person("330100")
        home = senders[kind] if kind else county_units[i % 4]
        host = next(hosts) if direction == "down" else senders["provincial_organ"]
        cadre = post(c, "cadres", {**p, "birth_date": str(p["birth_date"]), "employer": home,
                                   "rank": "division_deputy"})
        post(c, "placements", {"cadre": cadre, "batch": batch2, "home_unit": home,
                               "host_unit": host, "post_title": "挂职副县长",
                               "start_date": "2023-01-01", "planned_end_date": "2024-12-31",
                               "order": order_of[host] if direction == "down" else None})
    # Batch 1's 226 were entered before.
    batch1 = w.batch
    for i in range(226):
        make.placement(make.cadre(w.sender), batch1, w.host, start=D(2022, 1, 1),
                       end=D(2023, 12, 31), direction="down" if i < 128 else "up")

    stats = c.get(f"/api/v1/stats/overview/?program={w.program.pk}&batch={batch2}").json()
    placements = stats["placements"]
    assert placements["total"] == 217
    assert placements["by_direction"] == {"down": 123, "up": 94}
    assert placements["to_mountain_island"] == 123
    kinds = placements["by_home_unit_kind"]
    assert kinds["provincial_organ"] + kinds["central_unit"] == 56
    assert kinds["soe"] == 35
    assert kinds["university"] + kinds["research_institute"] == 32
    assert kinds["local_government"] == 94
    down = c.get(f"/api/v1/stats/overview/?batch={batch2}&direction=down").json()
    assert sum(down["placements"]["by_host_region"].values()) == 123

    program = c.get(f"/api/v1/stats/overview/?program={w.program.pk}").json()
    assert program["placements"]["total"] == 443
    assert program["targets"][0] == {"name": "千名干部交流互派工程", "target": 1000,
                                     "achieved": 443, "kind": "program"}
    # Each batch's placements, counted once however many orders the batch has.
    placed = {row["id"]: (row["placed"], row["headcount"]) for row in program["batches"]}
    assert placed[batch1.pk][0] == 226 and placed[batch2][0] == 217
    assert placed[batch2][1] == sum(o.headcount for o in DemandOrder.objects.filter(
        batch=batch2, status__in=("approved", "partially_filled", "filled")))

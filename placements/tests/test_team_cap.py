"""同一领导班子交流不超过三分之一 (issue 29, item 2): a host unit's leadership team size and the
program's share cap how many seconded cadres it holds at once, whatever the batch, on every
lane — matching (with its "why not"), direct placement, an import, and replacement (which takes
over a seat and so is allowed)."""
import datetime

import pytest
from rest_framework.test import APIClient

from placements import services
from placements.matching import Candidate, Need, match
from placements.models import Nomination, Placement

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_engine_keeps_a_unit_within_its_room():
    needs = [Need(id=10 + i, receiving_unit_id=2, region_id=500, region_path="/1/50/500/",
                  expertise=frozenset(), preferred_kinds=frozenset(), open_slots=1)
             for i in range(3)]
    cands = [Candidate(id=i, expertise=frozenset(), unit_kind="provincial_organ",
                       rank="section_chief", title="none", employer_id=1,
                       employer_region_id=100) for i in range(5)]
    assert len(match(cands, needs)) == 3
    assert len(match(cands, needs, room={2: 1})) == 1
    assert len(match(cands, needs, cap_per_unit=2, room={2: 5})) == 2


@pytest.fixture
def full_team(world, make):
    """开化县人民政府's team has 6 leaders: with the program's ⅓, two seconded cadres at once;
    one is on post from another batch already."""
    w = world
    w.host.leadership_size = 6
    w.host.save()
    earlier = make.batch(w.program, 9, status="in_progress")
    w.sitting = make.placement(make.cadre(w.sender, "在岗者"), earlier, w.host, status="on_post")
    return w


def test_direct_placement_stops_at_the_teams_share(full_team, make):
    w = full_team
    body = {"batch": w.batch.pk, "home_unit": w.sender.pk, "host_unit": w.host.pk,
            "post_title": "挂职副县长"}
    client = api(w.staff)
    first = client.post("/api/v1/placements/", {**body, "cadre": w.cadre.pk}, format="json")
    assert first.status_code == 201, first.json()
    second = client.post("/api/v1/placements/", {**body, "cadre": make.cadre(w.sender).pk},
                         format="json")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "team_cap_reached"
    assert "领导班子职数6名，同时挂职交流不超过2名" in second.json()["error"]["message"]
    assert Placement.objects.filter(host_unit=w.host).count() == 2


def test_a_replacement_takes_over_the_seat(full_team, make):
    w = full_team
    services.create_placement(w.staff, w.cadre, w.batch, w.sender, w.host, "挂职副县长")
    substitute = make.cadre(w.sender, "接替者")
    services.replace_cadre(w.sitting, w.staff, substitute, timezone_today(), "工作需要")
    assert Placement.objects.filter(cadre=substitute, host_unit=w.host).exists()


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_matching_fills_only_the_room_left_and_says_why(full_team, make):
    w = full_team
    w.program.leadership_share = "1/2"  # three of six: two more beside the one on post
    w.program.save()
    for i in range(3):
        make.order(w.batch, w.host, title=f"岗位{i}", headcount=1)
    for i in range(4):
        Nomination.objects.create(cadre=make.cadre(w.sender, f"人选{i}"), batch=w.batch,
                                  dispatching_unit=w.sender)
    body = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/match/").json()
    assert len(body["proposals"]) == 2
    assert {u["reason_code"] for u in body["unfilled"]} == {"cap_reached"}
    assert body["unfilled"][0]["reason"] == "接收单位领导班子挂职交流名额已满"


def test_an_import_is_refused_by_the_same_rule(full_team, make):
    from imports import services as imports
    from imports.tests.conftest import fill_template, upload

    w = full_team
    services.create_placement(w.staff, w.cadre, w.batch, w.sender, w.host, "挂职副县长")
    extra = make.cadre(w.sender, "多出者")
    row = {"身份证号码": extra.id_number, "姓名": extra.name,
           "批次": f"{w.program.name} 第{w.batch.number}批", "接收单位": "开化县人民政府",
           "挂任职务": "挂职副县长"}
    job = imports.start_import(w.staff, "placements",
                               upload(fill_template("placements", w.staff, [row])))
    assert job.counts["bad"] == 1
    assert "同时挂职交流不超过2名" in job.errors[0]["message"]
    assert not Placement.objects.filter(cadre=extra).exists()

"""The placing rules hold on every lane that makes a placement: the API's direct placement,
the spreadsheet import, accepting a matching proposal and replacement (轮换补派). Each refusal
answers with its code and leaves the database as it was."""
import datetime

import pytest
from rest_framework.test import APIClient

from core.exceptions import RuleBroken
from imports import services as imports
from imports.models import ImportStatus
from imports.tests.conftest import fill_template, upload
from placements import services
from placements.models import DemandOrder, MatchProposal, Nomination, Placement

from .test_api_integrity import state

D = datetime.date
BATCH = "千名干部交流互派工程 第1批"


@pytest.fixture
def capped(world, make):
    """A batch that takes one cadre per host unit, with one seat at 开化县人民政府 taken."""
    w = world
    w.batch.cap_per_host_unit = 1
    w.batch.save()
    w.seated = make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1),
                              end=D(2027, 12, 31), status="on_post")
    w.api = APIClient()
    w.api.force_authenticate(w.staff)
    return w


def _direct(w, cadre, host, **extra):
    return w.api.post("/api/v1/placements/", {
        "cadre": cadre.pk, "batch": w.batch.pk, "home_unit": cadre.employer_id,
        "host_unit": host.pk, "post_title": "挂职副县长", **extra}, format="json")


def test_a_direct_placement_over_the_cap_is_refused(capped, make):
    w = capped
    before = state()
    response = _direct(w, make.cadre(w.sender), w.host)
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "unit_cap_reached"
    assert state() == before
    # Another host unit still has its seat.
    assert _direct(w, make.cadre(w.sender), w.other_host).status_code == 201


def test_an_imported_placement_over_the_cap_is_refused(capped, make):
    w = capped
    rows = [{"身份证号码": c.id_number, "姓名": c.name, "批次": BATCH, "接收单位": host,
             "挂任职务": "挂职副县长", "开始日期": "2026-03-01", "计划结束日期": "2028-02-29"}
            for c, host in ((make.cadre(w.sender), "开化县人民政府"),
                            (make.cadre(w.sender), "开化县农业农村局"))]
    job = imports.start_import(w.staff, "placements",
                               upload(fill_template("placements", w.staff, rows)))
    assert job.status == ImportStatus.VALIDATED, job.message
    job = imports.apply_import(w.staff, job)
    assert job.applied_counts["new"] == 1 and job.applied_counts["bad"] == 1
    assert any("已达上限" in e["message"] for e in job.errors), job.errors
    assert Placement.objects.filter(batch=w.batch, host_unit=w.host).count() == 1
    assert Placement.objects.filter(batch=w.batch, host_unit=w.other_host).count() == 1


def test_accepting_a_proposal_over_the_cap_is_refused(capped, make):
    w = capped
    order = make.order(w.batch, w.host, headcount=2)
    nomination = Nomination.objects.create(cadre=make.cadre(w.sender), batch=w.batch,
                                           dispatching_unit=w.sender)
    proposal = MatchProposal.objects.create(batch=w.batch, nomination=nomination, order=order,
                                            score=1)
    before = state()
    response = w.api.post(f"/api/v1/batches/{w.batch.pk}/confirm-matches/", {
        "proposals": [{"proposal": proposal.pk, "decision": "accept"}]}, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "unit_cap_reached"
    assert state() == before


def test_a_replacement_takes_over_the_seat_and_no_one_else_can(capped, make):
    w = capped
    substitute = make.cadre(w.sender)
    new = services.replace_cadre(w.seated, w.staff, substitute, D(2026, 7, 1), "轮换")
    assert new.host_unit == w.host and new.replaces == w.seated
    assert Placement.objects.holding_seats(w.batch).filter(host_unit=w.host).get() == new
    before = state()
    assert _direct(w, make.cadre(w.sender), w.host).status_code == 409
    assert state() == before


def test_a_cadre_is_placed_once_per_batch_on_every_lane(world, make):
    w = world
    w.api = APIClient()
    w.api.force_authenticate(w.staff)
    make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1), end=D(2026, 6, 30))
    before = state()
    # Dates that do not overlap: only the batch rule refuses it.
    response = _direct(w, w.cadre, w.other_host, start_date="2026-07-01",
                       planned_end_date="2027-06-30")
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_placed"
    assert state() == before


def test_a_full_or_closed_order_takes_no_placement_on_any_lane(world, make):
    w = world
    order = make.order(w.batch, w.host, headcount=1, filled_count=1, status="filled")
    assert not order.can_take_placement()
    assert not DemandOrder.objects.taking_placements().filter(pk=order.pk).exists()
    before = state()
    with pytest.raises(RuleBroken) as refused:
        services.create_placement(w.staff, make.cadre(w.sender), w.batch, w.sender, w.host,
                                  "挂职副县长", order=order)
    assert refused.value.code == "order_filled"
    with pytest.raises(RuleBroken) as refused:
        services.nominate(w.dispatching, make.cadre(w.sender), w.batch, order=order)
    assert refused.value.code == "order_not_open"
    assert state() == before
    open_order = make.order(w.batch, w.other_host, headcount=2, filled_count=1,
                            status="partially_filled")
    assert open_order.can_take_placement()
    assert list(DemandOrder.objects.taking_placements()) == [open_order]


def test_a_superuser_is_offered_the_steps_the_services_take(world, make, client):
    from accounts.models import User

    w = world
    placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1),
                               end=D(2027, 12, 31))
    make.agreed_extension(placement, D(2028, 6, 30))  # the department's step needs it
    root = User.objects.create_superuser("root", password="pw")
    client.force_login(root)
    html = client.get(f"/placements/{placement.pk}/").content.decode()
    for step in ("training", "start", "end", "extend"):
        assert f"/placements/{placement.pk}/{step}/" in html, step
    # The host unit confirms its side only: no department steps on its page.
    client.force_login(w.receiving)
    html = client.get(f"/placements/{placement.pk}/").content.decode()
    assert f"/placements/{placement.pk}/start/" in html
    assert f"/placements/{placement.pk}/training/" not in html
    assert f"/placements/{placement.pk}/extend/" not in html


def test_no_template_decides_by_role():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [str(path.relative_to(root)) for path in root.glob("**/templates/**/*.html")
                 if ".venv" not in path.parts and "user.role" in path.read_text()]
    assert offenders == []

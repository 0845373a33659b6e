"""The seeds' Hubei batch walked through the services: 69 units nominate 155, 71 of them
self-matched; matching and confirmation select 104."""
import datetime

import pytest

from accounts.choices import Role
from demo import facts
from demo.loader import (
    DemoLoader,
    hubei_dispatching_units,
    hubei_nominee_counts,
    hubei_order_specs,
)
from demo.people import PersonFactory
from placements import services
from placements.choices import NominationStatus, OrderStatus, PlacementStatus
from placements.models import DemandOrder, Nomination, Placement
from programs import batches
from programs.choices import BatchStatus, ProgramStatus, UnitKind
from programs.models import Batch, Program


@pytest.fixture
def hubei(db, make):
    loader = DemoLoader(today=datetime.date(2018, 12, 20))
    loader.load_regions()
    loader.expertise = {n: make_expertise(n) for n in facts.EXPERTISE}
    department = loader.org_department("中共湖北省委组织部", "420000")
    program = Program.objects.create(
        organizer=department, name="基层高质量发展专才支持计划",
        start_date=datetime.date(2018, 12, 1), status=ProgramStatus.ACTIVE)
    batch = Batch.objects.create(program=program, number=1, status=BatchStatus.OPEN,
                                 training_start=datetime.date(2019, 1, 8),
                                 report_by=datetime.date(2019, 1, 11), term_months=24)
    staff = make.user(Role.ORG_STAFF, department)
    return loader, batch, staff


def make_expertise(name):
    from cadres.models import Expertise

    return Expertise.objects.get_or_create(name=name)[0]


def test_the_hubei_batch_end_to_end(hubei, make):
    loader, batch, staff = hubei
    # 1. Receiving units draft and submit their orders; the department approves them.
    orders = []
    for code, title, post, headcount, exp in hubei_order_specs():
        host = loader.government(code)
        operator = make.user(Role.RECEIVING, host)
        batch.program.participants.add(host)  # admitted by the department
        order = services.create_order(operator, batch, host, expertise=[loader.expertise[exp]],
                                      title=title, post_title=post, headcount=headcount,
                                      term_months=24, preferred_unit_kinds=[])
        services.submit_order(order, operator)
        orders.append(services.approve_order(order, staff))
    assert sum(o.headcount for o in orders) == 104

    # 2. 69 dispatching units nominate 155; the first 71 agreed their post (自主对接).
    slots = [o for o in orders for _ in range(o.headcount)]

    def post_outside(unit):
        # Avoidance: a self-matched post is never in the region the cadre works in.
        return slots.pop(next(j for j, o in enumerate(slots)
                              if o.receiving_unit.region_id != unit.region_id))

    people = PersonFactory("hubei-e2e")
    k = 0
    for unit, count in hubei_nominee_counts(hubei_dispatching_units(loader)):
        operator = make.user(Role.DISPATCHING, unit)
        batch.program.participants.add(unit)
        for _i in range(count):
            p = people.person("420100")
            target = post_outside(unit) if k < 104 else None
            cadre = make.cadre(unit, p["name"], p["gender"], p["birth_date"])
            # Everyone has a field some order wants; the self-matched have their order's.
            cadre.expertise.add(*(target.expertise.all() if target
                                  else [loader.expertise[facts.HUBEI_RECEIVING[k % 34][2]]]))
            services.nominate(operator, cadre, batch,
                              order=target if k < facts.HUBEI_SELF_MATCHED else None)
            k += 1
    nominations = Nomination.objects.filter(batch=batch)
    assert nominations.count() == 155
    assert nominations.values("dispatching_unit").distinct().count() == 69
    assert nominations.filter(self_matched=True).count() == 71

    # 3. Matching proposes the whole assignment, keeping the 71 self-matched pairs.
    # The department closes the nominations (its own step), then matches.
    batches.close_nominations(batch, staff)
    proposals = services.run_matching(batch, staff)
    assert len(proposals) == 104
    assert sum(p.self_matched for p in proposals) == 71
    for p in proposals:
        if p.self_matched:
            assert p.order_id == p.nomination.order_id
        assert p.reasons, "every proposal says why"

    # 4. Staff accept them all; the rest are declined.
    placements = services.confirm_matches(
        batch, staff, [{"proposal": p.pk, "decision": "accept"} for p in proposals])
    services.matching.decline_unselected(batch, staff)
    assert len(placements) == 104
    assert nominations.filter(status=NominationStatus.SELECTED).count() == 104
    assert nominations.filter(status=NominationStatus.DECLINED).count() == 51
    assert set(DemandOrder.objects.filter(batch=batch).values_list("status", flat=True)) == {
        OrderStatus.FILLED}
    placed = Placement.objects.filter(batch=batch)
    assert placed.count() == 104
    assert set(placed.values_list("post_title", flat=True)) <= {
        "副市长", "副县长", "副区长", "副州长", "产业顾问"}
    assert set(placed.values_list("status", flat=True)) == {PlacementStatus.PLANNED}
    assert set(placed.values_list("direction", flat=True)) == {"down"}
    first = placed.order_by("pk").first()
    assert (first.start_date, first.planned_end_date) == (datetime.date(2019, 1, 11),
                                                          datetime.date(2021, 1, 10))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IN_PROGRESS
    # The home post is kept: a placement never rewrites the cadre's employer.
    assert first.cadre.employer == first.home_unit
    assert first.home_unit.kind != UnitKind.LOCAL_GOVERNMENT

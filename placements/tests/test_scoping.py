"""visible_to(user): what each role sees of programs, cadres, orders, nominations, placements."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from cadres.models import Cadre
from placements.choices import OrderStatus
from placements.models import DemandOrder, Nomination, Placement, WorkLog
from programs.choices import ProgramStatus
from programs.models import Batch, Program, Region


@pytest.fixture
def scene(world, make):
    """Two programs (Zhejiang's and Hubei's) with one placement, order and nomination each."""
    w = world
    w.other_cadre = make.cadre(w.other_sender, "严少君")
    w.hubei_cadre = make.cadre(make.unit(w.other_province, "武汉大学"), "杨崇君")
    w.hubei_host = make.unit(w.other_province, "十堰市郧阳区人民政府")
    w.own_order = make.order(w.batch, w.host, title="开化需求")
    w.draft_order = make.order(w.batch, w.other_host, title="草稿", status=OrderStatus.DRAFT)
    w.hubei_order = make.order(w.other_batch, w.hubei_host)
    w.placement = make.placement(w.cadre, w.batch, w.host)
    w.other_placement = make.placement(w.other_cadre, w.batch, w.other_host)
    w.hubei_placement = make.placement(w.hubei_cadre, w.other_batch, w.hubei_host)
    w.nomination = Nomination.objects.create(cadre=w.cadre, batch=w.batch,
                                             dispatching_unit=w.sender)
    w.other_nomination = Nomination.objects.create(cadre=w.other_cadre, batch=w.batch,
                                                   dispatching_unit=w.other_sender)
    w.log = WorkLog.objects.create(placement=w.placement, date=datetime.date(2026, 3, 2),
                                   content="走访")
    return w


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_anonymous_sees_nothing(scene):
    anon = AnonymousUser()
    for model in (Program, Cadre, DemandOrder, Nomination, Placement, Region):
        assert not model.objects.visible_to(anon).exists()


def test_org_staff_see_their_departments_programs_and_nothing_of_another_province(scene):
    w = scene
    assert ids(Program.objects.visible_to(w.staff)) == {w.program.pk}
    assert ids(Batch.objects.visible_to(w.staff)) == {w.batch.pk}
    assert ids(Placement.objects.visible_to(w.staff)) == {w.placement.pk, w.other_placement.pk}
    assert ids(DemandOrder.objects.visible_to(w.staff)) == {w.own_order.pk, w.draft_order.pk}
    assert ids(Cadre.objects.visible_to(w.staff)) == {w.cadre.pk, w.other_cadre.pk}
    assert ids(Placement.objects.visible_to(w.other_staff)) == {w.hubei_placement.pk}
    assert ids(Cadre.objects.visible_to(w.other_staff)) == {w.hubei_cadre.pk}


def test_a_provincial_department_oversees_programs_of_departments_below_it(scene, make):
    w = scene
    county_department = make.unit(w.county, "中共开化县委组织部", "org_department")
    county_program = make.program(county_department, name="开化县项目")
    assert county_program in Program.objects.visible_to(w.staff)
    county_staff = make.user("org_staff", county_department)
    assert ids(Program.objects.visible_to(county_staff)) == {county_program.pk}


def test_managers_see_what_their_department_sees(scene):
    w = scene
    assert ids(Placement.objects.visible_to(w.manager)) == ids(
        Placement.objects.visible_to(w.staff))


def test_a_receiving_unit_sees_its_orders_and_the_cadres_it_hosts(scene):
    w = scene
    assert ids(DemandOrder.objects.visible_to(w.receiving)) == {w.own_order.pk}
    assert ids(Placement.objects.visible_to(w.receiving)) == {w.placement.pk}
    assert ids(Cadre.objects.visible_to(w.receiving)) == {w.cadre.pk}
    assert ids(WorkLog.objects.visible_to(w.receiving)) == {w.log.pk}
    assert not Nomination.objects.visible_to(w.receiving).exists()


def test_a_dispatching_unit_sees_its_cadres_and_the_published_orders_of_open_batches(scene):
    w = scene
    assert ids(Cadre.objects.visible_to(w.dispatching)) == {w.cadre.pk}
    assert ids(Nomination.objects.visible_to(w.dispatching)) == {w.nomination.pk}
    assert ids(Placement.objects.visible_to(w.dispatching)) == {w.placement.pk}
    # Drafts are never published; Hubei's program is not one the unit takes part in.
    assert ids(DemandOrder.objects.visible_to(w.dispatching)) == {w.own_order.pk}
    w.other_program.participants.add(w.sender)
    assert ids(DemandOrder.objects.visible_to(w.dispatching)) == {w.own_order.pk,
                                                                  w.hubei_order.pk}
    w.batch.status = "in_progress"
    w.batch.save()
    assert ids(DemandOrder.objects.visible_to(w.dispatching)) == {w.hubei_order.pk}


def test_units_and_cadres_see_only_the_programs_they_take_part_in(scene, make):
    w = scene
    for user in (w.receiving, w.dispatching, w.cadre_user):
        assert ids(Program.objects.visible_to(user)) == {w.program.pk}
    # A unit with records in a program but never admitted still reads it (its history).
    outsider = make.unit(w.county, "开化县文旅局")
    newcomer = make.user("receiving", outsider)
    assert not Program.objects.visible_to(newcomer).exists()
    make.order(w.other_batch, outsider)
    assert ids(Program.objects.visible_to(newcomer)) == {w.other_program.pk}
    # A cadre reads the programs of their own nominations and placements, not those their
    # employer was admitted to.
    colleague = make.cadre(w.sender, user=make.user("cadre", w.sender))
    assert not Program.objects.visible_to(colleague.user).exists()
    Nomination.objects.create(cadre=colleague, batch=w.batch, dispatching_unit=w.sender)
    assert ids(Program.objects.visible_to(colleague.user)) == {w.program.pk}


def test_programs_in_planning_are_hidden_from_units(scene):
    w = scene
    w.other_program.participants.add(w.sender)
    assert ids(Program.objects.visible_to(w.dispatching)) == {w.program.pk, w.other_program.pk}
    Program.objects.filter(pk=w.other_program.pk).update(status=ProgramStatus.PLANNING)
    assert ids(Program.objects.visible_to(w.dispatching)) == {w.program.pk}


def test_a_cadre_sees_only_their_own_record(scene):
    w = scene
    assert ids(Cadre.objects.visible_to(w.cadre_user)) == {w.cadre.pk}
    assert ids(Placement.objects.visible_to(w.cadre_user)) == {w.placement.pk}
    assert ids(WorkLog.objects.visible_to(w.cadre_user)) == {w.log.pk}
    assert ids(Nomination.objects.visible_to(w.cadre_user)) == {w.nomination.pk}
    assert not DemandOrder.objects.visible_to(w.cadre_user).exists()


def test_the_directory_of_regions_is_shared(scene):
    assert Region.objects.visible_to(scene.cadre_user).count() == Region.objects.count()


def test_personal_data_is_masked_for_everyone_but_org_staff(scene):
    from cadres.masking import personal_fields_for

    w = scene
    assert personal_fields_for(w.staff, w.other_cadre)["id_number"] == w.other_cadre.id_number
    masked = personal_fields_for(w.manager, w.other_cadre)
    assert masked["id_number"] != w.other_cadre.id_number
    number = w.other_cadre.id_number
    # The province and the check character only, and no birth date beside them.
    assert masked["id_number"] == number[:2] + "*" * 15 + number[-1]
    assert masked["birth_date"] is None
    assert "*" in masked["phone"] and masked["phone"][-4:] == w.other_cadre.phone[-4:]
    assert personal_fields_for(w.cadre_user, w.cadre)["phone"] == w.cadre.phone


def test_the_nations_department_reads_every_program_and_placement_unconditioned(world, make):
    """The staff of the nation's department (its region the root, level 中央) read every
    province's programs, orders and placements, with no scope condition in the queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from accounts.choices import Role
    from programs.choices import Level, UnitKind

    nation = make.region("中华人民共和国", Level.NATIONAL, code="100000")
    for province in (world.province, world.other_province):
        province.parent = nation
        province.save()
    mine = make.placement(world.cadre, world.batch, world.host)
    theirs = make.placement(make.cadre(world.other_department), world.other_batch,
                            make.unit(world.other_province, "郧阳区人民政府"))
    central = make.user(Role.ORG_STAFF, make.unit(nation, "中共中央组织部",
                                                  UnitKind.ORG_DEPARTMENT), "central")
    api = APIClient()
    api.force_authenticate(central)
    with CaptureQueriesContext(connection) as queries:
        listed = api.get("/api/v1/placements/").json()["results"]
    assert {row["id"] for row in listed} == {mine.pk, theirs.pk}
    assert not any('"batch_id" IN (' in q["sql"] for q in queries
                   if 'FROM "placements_placement"' in q["sql"])
    programs = {row["id"] for row in api.get("/api/v1/programs/").json()["results"]}
    assert programs == {world.program.pk, world.other_program.pk}
    # a placement's records and the figures over them: no semi-join of every placement
    WorkLog.objects.create(placement=theirs, date=datetime.date(2026, 3, 2), content="调研")
    with CaptureQueriesContext(connection) as queries:
        logs = api.get("/api/v1/work-logs/").json()["results"]
        assert api.get("/api/v1/stats/achievements/").status_code == 200
    assert [row["placement"] for row in logs] == [theirs.pk]
    assert not any('IN (SELECT' in q["sql"] and "placements_placement" in q["sql"]
                   for q in queries)
    api.force_authenticate(type(world.staff).objects.get(pk=world.staff.pk))
    assert {row["id"] for row in api.get("/api/v1/placements/").json()["results"]} == {mine.pk}

"""The demo loader: the seeds' figures come out, and loading twice duplicates nothing."""
import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import User
from cadres.models import Cadre
from placements.models import (
    Achievement,
    AllowanceStatement,
    DemandOrder,
    Leave,
    Nomination,
    Placement,
    WorkLog,
)
from programs.models import Holiday, Program, ProgramTarget, Region, Unit


def counts():
    return {m.__name__: m.objects.count()
            for m in (Region, Unit, Program, Cadre, DemandOrder, Nomination, Placement, User,
                      Holiday, WorkLog, Leave, Achievement, AllowanceStatement)}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def test_loading_twice_duplicates_nothing(demo):
    before = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts() == before


def test_zhejiang_figures(demo):
    program = Program.objects.get(name="千名干部交流互派工程")
    assert program.target_total == 1000
    by_batch = dict(Placement.objects.filter(batch__program=program)
                    .values_list("batch__number").annotate(n=Count("id")))
    assert by_batch == {1: 226, 2: 217}
    b2 = Placement.objects.filter(batch__program=program, batch__number=2)
    assert b2.filter(direction="down").count() == 123
    assert b2.filter(direction="up").count() == 94
    down = b2.filter(direction="down", host_unit__region__is_mountain_island=True)
    assert down.count() == 123
    assert down.filter(home_unit__kind__in=["provincial_organ", "central_unit"]).count() == 56
    assert down.filter(home_unit__kind="soe").count() == 35
    assert down.filter(home_unit__kind__in=["university", "research_institute"]).count() == 32
    assert b2.filter(direction="up", home_unit__region__is_mountain_island=True).count() == 94
    assert b2.filter(cadre__name="严少君", host_unit__name="遂昌县人民政府").exists()


def test_hubei_figures(demo):
    nominations = Nomination.objects.filter(batch__program__name="基层高质量发展专才支持计划")
    assert nominations.count() == 155
    assert nominations.values("dispatching_unit").distinct().count() == 69
    assert nominations.filter(self_matched=True).count() == 71
    assert nominations.filter(status="selected").count() == 104
    assert nominations.filter(dispatching_unit__name="武汉大学").count() == 8
    assert nominations.filter(dispatching_unit__name="华中科技大学").count() == 5
    placements = Placement.objects.filter(batch__program__name="基层高质量发展专才支持计划")
    assert placements.count() == 104
    assert set(placements.values_list("post_title", flat=True)) <= {
        "副市长", "副县长", "副区长", "副州长", "产业顾问"}
    p = placements.get(cadre__name="张建友")
    assert p.host_unit.name == "襄阳市人民政府" and p.post_title == "副市长"
    assert (p.start_date, p.planned_end_date) == (datetime.date(2019, 1, 11),
                                                   datetime.date(2021, 1, 10))


def test_kaijiang_figures_and_allowance(demo):
    program = Program.objects.get(name__contains="三百工程")
    tracks = {t.name: t for t in program.tracks.all()}
    got = {name: Placement.objects.filter(track=t).count() for name, t in tracks.items()}
    assert got == {"百名干部人才互派挂职": 29, "百名干部人才外派挂职": 43,
                   "百名干部人才院校培训": 97}
    assert {t.target_count for t in tracks.values()} == {100}
    policy = program.allowance_policies.get(track=tracks["百名干部人才外派挂职"])
    assert (policy.daily_allowance, policy.round_trips_per_month, policy.accident_insurance) == (
        30, 1, True)
    college = Placement.objects.filter(track=tracks["百名干部人才院校培训"])
    assert set(college.values_list("host_unit__kind", flat=True)) == {"university"}
    # September 2017, a 30-day month on post outside the county: 900 yuan, one trip, insured.
    september = AllowanceStatement.objects.filter(placement__track=tracks["百名干部人才外派挂职"],
                                                  month="2017-09")
    assert september.count() == 43
    assert set(september.values_list("days_on_post", "amount", "trips_allowed", "insured")) == {
        (30, 900, 1, True)}
    # The mutual exchange inside the county has no allowance policy, hence no statement.
    assert not AllowanceStatement.objects.filter(placement__track=tracks["百名干部人才互派挂职"])


def test_the_live_program_has_a_diary_with_gaps_and_reviews(demo):
    from reports.aggregates import worklog_compliance

    staff = User.objects.get(username="zx_staff")
    figures = worklog_compliance(staff, {}, "batch")["totals"]
    assert figures["placements"] == 12 and figures["logged"] > 0
    assert 0.8 < figures["rate"] < 1  # most days written, a few missing
    assert WorkLog.objects.filter(status="accepted").exists()
    cadre = User.objects.get(username="cadre")
    assert WorkLog.objects.visible_to(cadre).exists()


def test_xiangqiao_targets(demo):
    targets = ProgramTarget.objects.filter(program__name__contains="678")
    medical = targets.filter(name="引进医疗卫生人才")
    assert sorted(medical.values_list("year", "target")) == [(2023, 100), (2024, 100),
                                                            (2025, 100)]
    assert sum(t.target for t in medical) == 300
    assert set(targets.filter(name="培育高素质农民").values_list("target", flat=True)) == {500}
    assert dict(targets.filter(year=2025).exclude(name__in=["引进医疗卫生人才", "培育高素质农民"])
                .values_list("name", "target")) == {"新增高级技师": 30, "新增技师": 100,
                                                    "新增高级工": 1000}


def test_demo_cadres_have_valid_id_numbers_and_every_role_has_a_login(demo):
    from cadres.id_numbers import validate_id_number

    for number in Cadre.objects.values_list("id_number", flat=True):
        validate_id_number(number)
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert roles == {"org_staff", "manager", "receiving", "dispatching", "cadre"}
    cadre_user = User.objects.get(username="cadre")
    assert cadre_user.check_password("demo-2026")
    assert Placement.objects.visible_to(cadre_user).count() == 1

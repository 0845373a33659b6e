"""Monthly allowance statements, on the seeds' Kaijiang case: cadres placed outside the county
get 30 yuan a day, one paid round trip a month and accident insurance (三百工程, 2017)."""
import datetime
from decimal import Decimal

import pytest

from core.exceptions import InvalidInput, RuleBroken
from placements import services
from placements.models import AllowanceStatement, Leave
from placements.tasks import generate_monthly_allowance_statements
from programs.choices import Level, UnitKind
from programs.models import AllowancePolicy, Track

D = datetime.date


@pytest.fixture
def kaijiang(world, make):
    w = world
    county = make.region("开江县", Level.COUNTY, code="511723")
    w.kj_department = make.unit(county, "中共开江县委组织部", UnitKind.ORG_DEPARTMENT)
    w.kj_staff = make.user("org_staff", w.kj_department)
    w.program = make.program(w.kj_department, name="三百工程", start_date=D(2017, 1, 1))
    w.out = Track.objects.create(program=w.program, name="百名干部人才外派挂职")
    w.mutual = Track.objects.create(program=w.program, name="百名干部人才互派挂职")
    AllowancePolicy.objects.create(program=w.program, track=w.out, daily_allowance=30,
                                   round_trips_per_month=1, accident_insurance=True,
                                   insurance_premium=Decimal("12.50"))
    w.batch = make.batch(w.program, 1)
    home = make.unit(county, "开江县农业局", UnitKind.LOCAL_GOVERNMENT)
    host = make.unit(make.region("成华区", Level.COUNTY, code="510108"), "成都市成华区信访局",
                     UnitKind.LOCAL_GOVERNMENT)
    w.full = make.placement(make.cadre(home, "潘孝帆"), w.batch, host, track=w.out,
                            start=D(2017, 9, 1), end=D(2018, 2, 28), status="on_post",
                            direction="out")
    w.mid = make.placement(make.cadre(home, "向勇"), w.batch, host, track=w.out,
                           start=D(2017, 9, 16), end=D(2018, 3, 15), status="on_post",
                           direction="out")
    w.inside = make.placement(make.cadre(home, "杜江"), w.batch, make.unit(county, "普安镇"),
                              track=w.mutual, start=D(2017, 9, 1), end=D(2018, 2, 28),
                              status="on_post", direction="mutual")
    return w


def test_a_full_thirty_day_month_outside_the_county_is_900_yuan_one_trip_insured(kaijiang):
    statement = services.generate_statement(kaijiang.kj_staff, kaijiang.full, "2017-09")
    assert statement.days_on_post == 30
    assert statement.amount == Decimal("900.00")
    assert statement.trips_allowed == 1 and statement.insured
    assert statement.insurance_premium == Decimal("12.50")


def test_a_cadre_who_started_mid_month_gets_the_share_of_the_days_on_post(kaijiang):
    statement = services.generate_statement(kaijiang.kj_staff, kaijiang.mid, "2017-09")
    assert (statement.days_on_post, statement.amount) == (15, Decimal("450.00"))
    assert statement.trips_allowed == 1


def test_approved_leave_is_not_a_day_on_post(kaijiang):
    Leave.objects.create(placement=kaijiang.full, start_date=D(2017, 10, 30),
                         end_date=D(2017, 11, 2), reason="事假", status="approved")
    Leave.objects.create(placement=kaijiang.full, start_date=D(2017, 10, 10),
                         end_date=D(2017, 10, 11), reason="未批", status="rejected")
    statement = services.generate_statement(kaijiang.kj_staff, kaijiang.full, "2017-10")
    assert (statement.days_on_post, statement.leave_days) == (29, 2)
    assert statement.amount == Decimal("870.00")


def test_the_month_is_generated_for_the_program_once(kaijiang):
    first = services.generate_month(kaijiang.program, "2017-09", kaijiang.kj_staff)
    # The mutual exchange inside the county has no allowance policy.
    assert len(first.created) == 2 and first.without_policy == 1
    again = generate_monthly_allowance_statements.apply(args=["2017-09"]).get()
    assert again["programs"][kaijiang.program.pk]["created"] == 0
    assert again["programs"][kaijiang.program.pk]["existing"] == 2
    assert AllowanceStatement.objects.filter(month="2017-09").count() == 2
    with pytest.raises(RuleBroken, match="已生成"):
        services.generate_statement(kaijiang.kj_staff, kaijiang.full, "2017-09")


def test_a_month_the_cadre_was_not_on_post_is_refused(kaijiang):
    with pytest.raises(RuleBroken) as exc:
        services.generate_statement(kaijiang.kj_staff, kaijiang.full, "2017-08")
    assert "未在岗" in exc.value.message and "潘孝帆" in exc.value.message
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        services.generate_statement(kaijiang.kj_staff, kaijiang.full, "2017-9")
    future = (datetime.date.today() + datetime.timedelta(days=40)).strftime("%Y-%m")
    with pytest.raises(RuleBroken, match="尚未结束"):
        services.generate_month(kaijiang.program, future, kaijiang.kj_staff)
    assert not AllowanceStatement.objects.exists()


def test_only_the_programs_department_generates(kaijiang):
    from core.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        services.generate_month(kaijiang.program, "2017-09", kaijiang.staff)
    with pytest.raises(NotAllowed):
        services.generate_statement(kaijiang.receiving, kaijiang.full, "2017-09")


def test_a_correction_keeps_the_original(kaijiang):
    original = services.generate_statement(kaijiang.kj_staff, kaijiang.full, "2017-09")
    with pytest.raises(InvalidInput, match="原因"):
        services.correct_statement(original, kaijiang.kj_staff, "", trips_taken=1)
    with pytest.raises(InvalidInput, match="可报销次数"):
        services.correct_statement(original, kaijiang.kj_staff, "补录", trips_taken=2)
    corrected = services.correct_statement(original, kaijiang.kj_staff,
                                           "9月28日至30日实际在县内开会", days_on_post=27,
                                           trips_taken=1)
    original.refresh_from_db()
    assert not original.is_current and original.amount == Decimal("900.00")
    assert corrected.is_current and corrected.corrects == original
    assert (corrected.amount, corrected.trips_taken) == (Decimal("810.00"), 1)
    with pytest.raises(RuleBroken, match="已被更正"):
        services.correct_statement(original, kaijiang.kj_staff, "再改", days_on_post=1)
    assert AllowanceStatement.objects.filter(placement=kaijiang.full).count() == 2


@pytest.mark.postgres
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_monthly_job_runs_on_a_real_worker(kaijiang):
    """The beat-scheduled task, sent through Redis to a Celery worker process that writes to
    the test database; run twice, it still makes each statement once."""
    import uuid

    from django.conf import settings
    from django.db import connection

    from secondment.tests.celery_worker import worker

    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("a real worker needs PostgreSQL and Redis (as in CI)")
    queue = f"test-{uuid.uuid4().hex}"
    with worker(queue):
        first = generate_monthly_allowance_statements.apply_async(
            args=["2017-09"], queue=queue).get(timeout=90)
        second = generate_monthly_allowance_statements.apply_async(
            args=["2017-09"], queue=queue).get(timeout=90)
    program = str(kaijiang.program.pk)  # JSON keys through the result backend
    assert first["programs"][program]["created"] == 2
    assert second["programs"][program] == {"created": 0, "existing": 2, "without_policy": 1}
    amounts = set(AllowanceStatement.objects.filter(month="2017-09").values_list(
        "placement__cadre__name", "amount"))
    assert amounts == {("潘孝帆", Decimal("900.00")), ("向勇", Decimal("450.00"))}

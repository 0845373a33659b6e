"""Persona fixtures, small factories and the suite's clock, shared by every app's tests."""
import datetime
import itertools
import zoneinfo

import pytest
import time_machine

from accounts.choices import Role
from accounts.models import User
from cadres.id_numbers import make_id_number
from cadres.models import Cadre
from placements.choices import Direction, OrderStatus
from placements.models import DemandOrder, Extension, Placement
from programs.choices import BatchStatus, Level, ProgramStatus, UnitKind
from programs.models import Batch, Program, Region, Unit

_seq = itertools.count(1)

# The suite's "today": a Wednesday in the middle of a month with no holiday near it, at ten in
# the morning in China. Every test runs on it unless it travels elsewhere (the `calendar_day`
# fixture and `time_machine.move_to`), so no result depends on the day the suite runs.
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 11, 18)
NOW = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)

# The days the calendar-sensitive tests run under: each weekday of one week, a month end, a
# year end, the first working day of a year, and a weekend swapped into a working day (调休上班,
# Saturday 10 October 2026 after National Day).
CALENDAR_DAYS = {
    "monday": datetime.date(2026, 11, 16), "tuesday": datetime.date(2026, 11, 17),
    "wednesday": datetime.date(2026, 11, 18), "thursday": datetime.date(2026, 11, 19),
    "friday": datetime.date(2026, 11, 20), "saturday": datetime.date(2026, 11, 21),
    "sunday": datetime.date(2026, 11, 22), "month_end": datetime.date(2026, 11, 30),
    "year_end": datetime.date(2026, 12, 31), "new_year": datetime.date(2027, 1, 4),
    "swap_workday": datetime.date(2026, 10, 10),
}


def pytest_collection_modifyitems(config, items):
    """Tests that need a service this run lacks are skipped, each with its reason: the
    README's SQLite path (no PostgreSQL, no Redis) stays green."""
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    has_redis = bool(settings.REDIS_URL)
    missing = {
        "postgres": None if on_postgres else "needs PostgreSQL (DATABASE_URL)",
        "redis": None if has_redis else "needs Redis (REDIS_URL)",
        "worker": None if on_postgres and has_redis
        else "needs a Celery worker on PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    }
    for item in items:
        for marker, reason in missing.items():
            if reason and marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))
                break


@pytest.fixture(autouse=True)
def _fixed_clock():
    """Freeze the start of every test at NOW; the clock then ticks (timeouts, token ages)."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(params=list(CALENDAR_DAYS.values()), ids=list(CALENDAR_DAYS))
def calendar_day(request, time_machine):
    """Run the test once on each of CALENDAR_DAYS (at ten in the morning, China time);
    the test receives the day. Name it first among the test's fixtures, so that what they
    make (sessions, placements) is made on that day."""
    day = request.param
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), SHANGHAI))
    return day


# The `queue` fixture of the tests that run a real Celery worker.
pytest_plugins = ["secondment.tests.celery_worker"]


class Make:
    """Factories: each call makes a valid object with sensible defaults."""

    def region(self, name=None, level=Level.PROVINCE, parent=None, **kw):
        """A region; one with a code of the national directory (loaded by migration
        programs/0009) is the directory's own, with the flags asked for."""
        code = kw.get("code")
        known = Region.objects.filter(code=code).first() if code else None
        if known is not None:
            assert known.name == (name or known.name) and known.parent == (
                parent or known.parent), f"{code} is {known} in the directory, not {name}"
            flags = {k: v for k, v in kw.items() if k != "code"}
            if flags:
                Region.objects.filter(pk=known.pk).update(**flags)
                known.refresh_from_db()
            return known
        region = Region(name=name or f"区划{next(_seq)}", level=level, parent=parent, **kw)
        region.save()
        return region

    def unit(self, region, name=None, kind=UnitKind.PROVINCIAL_ORGAN, level=None, **kw):
        return Unit.objects.create(name=name or f"单位{next(_seq)}", kind=kind,
                                   level=level or region.level, region=region, **kw)

    def program(self, organizer, **kw):
        kw.setdefault("name", f"项目{next(_seq)}")
        kw.setdefault("start_date", datetime.date(2026, 1, 1))
        kw.setdefault("status", ProgramStatus.ACTIVE)
        return Program.objects.create(organizer=organizer, **kw)

    def batch(self, program, number=None, **kw):
        kw.setdefault("status", BatchStatus.OPEN)
        kw.setdefault("term_months", 24)
        return Batch.objects.create(program=program, number=number or next(_seq), **kw)

    def cadre(self, employer, name=None, gender="male", birth=datetime.date(1985, 5, 1), **kw):
        n = next(_seq)
        id_number = make_id_number("330100", birth, n * 2 + (1 if gender == "male" else 0))
        return Cadre.objects.create(name=name or f"干部{n}", gender=gender, birth_date=birth,
                                    id_number=id_number, phone=f"138{n:08d}",
                                    employer=employer, **kw)

    def order(self, batch, receiving_unit, **kw):
        kw.setdefault("title", f"需求{next(_seq)}")
        kw.setdefault("post_title", "挂职副县长")
        kw.setdefault("status", OrderStatus.APPROVED)
        return DemandOrder.objects.create(batch=batch, receiving_unit=receiving_unit, **kw)

    def placement(self, cadre, batch, host_unit, start=datetime.date(2026, 1, 1),
                  end=datetime.date(2027, 12, 31), **kw):
        kw.setdefault("home_unit", cadre.employer)
        kw.setdefault("post_title", "挂职副县长")
        kw.setdefault("direction", Direction.DOWN)
        return Placement.objects.create(cadre=cadre, batch=batch, host_unit=host_unit,
                                        start_date=start, planned_end_date=end, **kw)

    def agreed_extension(self, placement, end, reason="工作需要"):
        """An extension the host asked for and the home unit and the cadre agreed to, so that
        the department may apply it (placements.services.extensions)."""
        from django.utils import timezone

        now = timezone.now()
        return Extension.objects.create(
            placement=placement, planned_end_date=end,
            previous_end_date=placement.planned_end_date, reason=reason,
            status=Extension.Status.AGREED, home_consented_at=now, cadre_agreed_at=now)

    def term_ended(self, placement, end=datetime.date(2026, 6, 30)):
        """The placement's planned end moved into the past, so that its term is over and it
        can be completed today (an end is never confirmed ahead of time)."""
        Placement.objects.filter(pk=placement.pk).update(planned_end_date=end)
        placement.refresh_from_db()
        return placement

    def user(self, role, unit, username=None, **kw):
        user = User.objects.create(username=username or f"u{next(_seq)}", role=role, unit=unit,
                                   **kw)
        user.set_password("pw")
        user.save()
        return user


@pytest.fixture
def make():
    return Make()


@pytest.fixture
def world(db, make):
    """A province with a mountain county, its units, a program with an open batch, and one
    user of each role: enough for scoping and workflow tests."""
    province = make.region("浙江省", code="330000")
    city = make.region("衢州市", Level.CITY, province, code="330800")
    county = make.region("开化县", Level.COUNTY, city, code="330824", is_mountain_island=True)
    other_province = make.region("湖北省", code="420000")
    w = type("World", (), {})()
    w.province, w.city, w.county, w.other_province = province, city, county, other_province
    w.department = make.unit(province, "中共浙江省委组织部", UnitKind.ORG_DEPARTMENT)
    w.other_department = make.unit(other_province, "中共湖北省委组织部", UnitKind.ORG_DEPARTMENT)
    w.sender = make.unit(province, "浙江省农业农村厅")
    w.other_sender = make.unit(province, "浙江大学", UnitKind.UNIVERSITY)
    w.host = make.unit(county, "开化县人民政府", UnitKind.LOCAL_GOVERNMENT)
    w.other_host = make.unit(county, "开化县农业农村局", UnitKind.LOCAL_GOVERNMENT)
    w.program = make.program(w.department, name="千名干部交流互派工程", target_total=1000)
    w.batch = make.batch(w.program, 1)
    w.other_program = make.program(w.other_department, name="专才支持计划")
    w.other_batch = make.batch(w.other_program, 1)
    w.program.participants.add(w.sender, w.other_sender, w.host, w.other_host)
    w.cadre = make.cadre(w.sender, "张树旗")
    w.staff = make.user(Role.ORG_STAFF, w.department, "staff")
    w.manager = make.user(Role.MANAGER, w.department, "manager")
    w.other_staff = make.user(Role.ORG_STAFF, w.other_department, "other_staff")
    w.receiving = make.user(Role.RECEIVING, w.host, "receiving")
    w.dispatching = make.user(Role.DISPATCHING, w.sender, "dispatching")
    w.cadre_user = make.user(Role.CADRE, w.sender, "cadre")
    w.cadre.user = w.cadre_user
    w.cadre.save()
    return w


@pytest.fixture(autouse=True)
def _chinese_by_default(settings):
    """Each test starts in the default language: a request that switched to English (the
    language switch) must not leave this thread in English for the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"

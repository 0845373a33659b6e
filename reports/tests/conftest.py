"""Fixtures of the reports app's tests: placements whose figures are worked out by hand."""
import datetime
from decimal import Decimal

import pytest

from placements.models import Achievement, Appraisal, Leave, WorkLog
from programs.models import AllowancePolicy, Holiday

D = datetime.date


@pytest.fixture
def diary(world, make):
    """Two placements around the 2026 National Day holiday, with known gaps.

    First (at 开化县人民政府), on post from Mon 28 Sep; as of Fri 16 Oct the working days are
    28–30 Sep (3), 8–9 Oct (2), Sat 10 Oct (a swapped working day, 1) and 12–16 Oct (5) = 11;
    approved leave on 15–16 Oct leaves 9 required. Logged on 28, 29 Sep, 8, 10, 12, 13 Oct
    (6 counted); the entries on Sat 3 Oct (holiday) and 15 Oct (on leave) do not count.
    Second (at 开化县农业农村局), from Mon 12 Oct, logged every day of 12–16 Oct: 5 of 5."""
    w = world
    for day in range(1, 8):
        Holiday.objects.create(date=D(2026, 10, day), name="国庆节、中秋节")
    Holiday.objects.create(date=D(2026, 10, 10), name="国庆节调休", is_workday=True)
    w.first = make.placement(w.cadre, w.batch, w.host, start=D(2026, 9, 28),
                             end=D(2027, 9, 27), status="on_post")
    w.second = make.placement(make.cadre(w.other_sender, "李明"), w.batch, w.other_host,
                              start=D(2026, 10, 12), end=D(2027, 10, 11), status="on_post")
    days = [D(2026, 9, 28), D(2026, 9, 29), D(2026, 10, 3), D(2026, 10, 8), D(2026, 10, 10),
            D(2026, 10, 12), D(2026, 10, 13), D(2026, 10, 15)]
    WorkLog.objects.bulk_create(
        [WorkLog(placement=w.first, date=d, content="工作", status="accepted") for d in days]
        + [WorkLog(placement=w.second, date=D(2026, 10, d), content="工作") for d in range(12, 17)])
    Leave.objects.create(placement=w.first, start_date=D(2026, 10, 15),
                         end_date=D(2026, 10, 16), reason="事假", status="approved")
    w.as_of = "2026-10-16"
    return w


@pytest.fixture
def figures(diary):
    """The diary's placements with an allowance policy of 100 yuan a day and October settled
    (first: 31 days less 2 on leave = 29 → 2,900.00; second: 12–31 Oct = 20 → 2,000.00), one
    achievement (500,000 yuan, verified) and one annual appraisal (优秀)."""
    from placements.services import generate_month

    w = diary
    AllowancePolicy.objects.create(program=w.program, daily_allowance=Decimal("100.00"),
                                   round_trips_per_month=1, accident_insurance=True,
                                   insurance_premium=Decimal("20.00"))
    generate_month(w.program, "2026-10", w.staff)
    Achievement.objects.create(placement=w.first, category="funds_secured", title="争取资金",
                               amount=Decimal("500000.00"), count=1, date=D(2026, 10, 9),
                               verified=True)
    Appraisal.objects.create(placement=w.first, kind="annual", side="host", year=2026,
                             grade="excellent")
    return w

"""An end never leaves what happened after it in force: an end date before recorded diary
days, or before the days a settled allowance statement counted, is refused (409) with the
reason and nothing changes; the department's end for both sides is recorded as such."""
import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from core.exceptions import RuleBroken
from placements import services
from placements.models import AllowanceStatement, Placement, PlacementEvent, WorkLog

D = datetime.date


@pytest.fixture
def on_post(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1),
                                 end=D(2027, 12, 31), status="on_post")
    w.api = APIClient()
    w.api.force_authenticate(w.staff)
    return w


def statement(placement, month, days):
    return AllowanceStatement.objects.create(
        placement=placement, month=month, days_on_post=days, daily_allowance=Decimal("30"),
        amount=Decimal(30 * days))


def state(placement):
    placement.refresh_from_db()
    return (placement.status, placement.actual_end_date, placement.host_confirmed_end_at,
            placement.home_confirmed_end_at, PlacementEvent.objects.count())


def end(w, day):
    return w.api.post(f"/api/v1/placements/{w.placement.pk}/end/",
                      {"actual_end_date": day, "reason": "工作需要"}, format="json")


def test_an_end_before_recorded_diary_days_is_refused(on_post):
    w = on_post
    WorkLog.objects.create(placement=w.placement, date=D(2026, 6, 10), content="走访")
    before = state(w.placement)
    response = end(w, "2026-05-08")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "diary_after_end" and "2026-06-10" in error["message"]
    assert state(w.placement) == before


def test_an_end_inside_a_settled_month_is_refused_until_its_statement_is_corrected(on_post):
    w = on_post
    for month in ("2026-05", "2026-06"):
        statement(w.placement, month, 31 if month == "2026-05" else 30)
    before = state(w.placement)
    for day in ("2026-05-08", "2026-06-15"):
        response = end(w, day)
        assert response.status_code == 409, day
        assert response.json()["error"]["code"] == "statements_after_end"
    assert state(w.placement) == before
    # At the end of the last settled month nothing is left in force: it ends, and the
    # department's confirmation for both sides is recorded as the department's decision.
    assert end(w, "2026-06-30").status_code == 200
    w.placement.refresh_from_db()
    assert (w.placement.status, w.placement.actual_end_date) == ("ended_early", D(2026, 6, 30))
    confirmed = w.placement.events.get(kind="end_confirmed")
    assert confirmed.data["sides"] == "组织部代双方确认"


def test_a_replacement_cannot_end_a_placement_before_its_recorded_days(on_post, make):
    w = on_post
    WorkLog.objects.create(placement=w.placement, date=D(2026, 7, 20), content="走访")
    with pytest.raises(RuleBroken) as refused:
        services.replace_cadre(w.placement, w.staff, make.cadre(w.sender), D(2026, 7, 1), "轮换")
    assert refused.value.code == "diary_after_end"
    w.placement.refresh_from_db()
    assert w.placement.status == "on_post"
    assert Placement.objects.count() == 1

"""The dashboards' figures of life on post, through the stats endpoints, on fixtures whose
figures are worked out by hand."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.choices import Role
from placements.models import Achievement, Appraisal

D = datetime.date


def get(user, path, **params):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/stats/{path}/", params)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_compliance_per_placement_counts_working_days_on_post_only(diary):
    figures = get(diary.staff, "worklog-compliance", as_of=diary.as_of,
                  program=diary.program.pk)
    rows = {row["key"]: row for row in figures["groups"]}
    first, second = rows[diary.first.pk], rows[diary.second.pk]
    assert (first["required"], first["logged"], first["missing"]) == (9, 6, 3)
    assert first["rate"] == pytest.approx(6 / 9, abs=1e-4)
    assert first["accepted"] == 6 and first["name"] == "张树旗"
    assert (second["required"], second["logged"], second["rate"]) == (5, 5, 1.0)
    assert figures["totals"] == {"required": 14, "logged": 11, "accepted": 6, "missing": 3,
                                 "rate": pytest.approx(11 / 14, abs=1e-4), "placements": 2}


def test_compliance_per_host_unit_and_batch(diary):
    by_unit = get(diary.staff, "worklog-compliance", as_of=diary.as_of, group_by="host_unit")
    units = {row["name"]: (row["required"], row["logged"]) for row in by_unit["groups"]}
    assert units == {"开化县人民政府": (9, 6), "开化县农业农村局": (5, 5)}
    by_batch = get(diary.staff, "worklog-compliance", as_of=diary.as_of, group_by="batch")
    assert [(g["key"], g["required"], g["logged"]) for g in by_batch["groups"]] == [
        (diary.batch.pk, 14, 11)]


def test_a_swapped_working_day_and_the_date_range_are_respected(diary):
    figures = get(diary.staff, "worklog-compliance", as_of=diary.as_of,
                  date_from="2026-10-01", date_to="2026-10-11")
    first = {row["key"]: row for row in figures["groups"]}[diary.first.pk]
    # 1–11 Oct: 8, 9 Oct and Saturday 10 Oct; logged on 8 and 10.
    assert (first["required"], first["logged"]) == (3, 2)


def test_compliance_is_scoped_and_one_query_per_figure(diary, make):
    # The host unit sees its own placement only, the cadre nothing but their own.
    mine = get(diary.receiving, "worklog-compliance", as_of=diary.as_of)
    assert [row["key"] for row in mine["groups"]] == [diary.first.pk]
    for _ in range(30):
        make.placement(make.cadre(diary.sender), diary.batch, diary.host,
                       start=D(2026, 9, 28), end=D(2027, 9, 27), status="on_post")
    client = APIClient()
    client.force_authenticate(diary.staff)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/stats/worklog-compliance/", {"as_of": diary.as_of})
    assert len(queries) <= 8, [q["sql"] for q in queries]


def test_achievement_sums_by_category_and_program(world, make):
    w = world
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post")
    for category, amount, count, verified in [("funds_secured", 2_000_000, 0, True),
                                              ("funds_secured", 500_000, 0, False),
                                              ("investment_attracted", 30_000_000, 1, True),
                                              ("training_given", 0, 120, True)]:
        Achievement.objects.create(placement=placement, category=category, title="成果",
                                   amount=amount, count=count, date=D(2026, 5, 1),
                                   verified=verified)
    figures = get(w.manager, "achievements", program=w.program.pk)
    assert figures["totals"]["records"] == 4 and figures["totals"]["verified"] == 3
    assert Decimal(figures["totals"]["amount"]) == Decimal(32_500_000)
    funds = figures["by_category"]["funds_secured"]
    assert (funds["records"], Decimal(funds["amount"]), Decimal(funds["verified_amount"])) == (
        2, Decimal(2_500_000), Decimal(2_000_000))
    assert figures["by_category"]["training_given"]["count"] == 120
    assert {g["key"] for g in figures["groups"]} == {w.program.pk}
    assert get(w.other_staff, "achievements")["totals"]["records"] == 0


def test_appraisal_grades_and_the_end_of_term_appraisals_due(calendar_day, world, make):
    import django.utils.timezone as tz

    w = world
    today = tz.localdate()
    ending = make.placement(w.cadre, w.batch, w.host, start=today - datetime.timedelta(days=700),
                            end=today + datetime.timedelta(days=20), status="on_post")
    Appraisal.objects.create(placement=ending, kind="annual", side="host", year=today.year,
                             grade="excellent")
    Appraisal.objects.create(placement=ending, kind="annual", side="home", year=today.year,
                             grade="competent")
    figures = get(w.staff, "appraisals")
    assert figures["by_grade"] == {"excellent": 1, "competent": 1}
    assert figures["by_kind"]["annual"] == {"host": {"excellent": 1}, "home": {"competent": 1}}
    assert figures["end_of_term_due"] == 1
    Appraisal.objects.create(placement=ending, kind="end_of_term", side="host",
                             year=today.year, grade="excellent")
    assert get(w.staff, "appraisals")["end_of_term_due"] == 0


def test_fulfilment_from_order_to_outcome(world, make):
    w = world
    rated = make.order(w.batch, w.host, headcount=2, filled_count=2, status="filled",
                       fulfilment_rating=4)
    make.order(w.batch, w.other_host, headcount=1, filled_count=0, status="approved")
    placement = make.placement(w.cadre, w.batch, w.host, order=rated, status="on_post")
    Achievement.objects.create(placement=placement, category="project_advanced", title="项目",
                               amount=1000, date=D(2026, 3, 1))
    by_order = get(w.staff, "fulfilment", group_by="order")
    rows = {row["key"]: row for row in by_order["groups"]}
    assert rows[rated.pk]["average_rating"] == 4 and rows[rated.pk]["achievements"] == 1
    assert rows[rated.pk]["fill_rate"] == 1.0
    assert by_order["totals"]["headcount"] == 3 and by_order["totals"]["filled"] == 2
    by_unit = get(w.staff, "fulfilment", group_by="host_unit")
    assert {row["name"]: row["rated"] for row in by_unit["groups"]} == {
        "开化县人民政府": 1, "开化县农业农村局": 0}


def test_allowance_totals_per_month(world, make):
    from placements.models import AllowanceStatement

    w = world
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post")
    AllowanceStatement.objects.create(placement=placement, month="2026-02", days_on_post=28,
                                      daily_allowance=30, amount=840, trips_allowed=1,
                                      insured=True, is_current=False)
    AllowanceStatement.objects.create(
        placement=placement, month="2026-02", days_on_post=27, daily_allowance=30, amount=810,
        trips_allowed=1, trips_taken=1, insured=True,
        corrects=AllowanceStatement.objects.get(is_current=False), correction_reason="更正")
    figures = get(w.staff, "allowances")
    assert figures["months"] == [{"month": "2026-02", "statements": 1, "days_on_post": 27,
                                  "leave_days": 0, "amount": "810.00", "trips_allowed": 1,
                                  "trips_taken": 1, "insured": 1}]
    assert get(make.user(Role.RECEIVING, w.other_host), "allowances")["totals"][
        "statements"] == 0

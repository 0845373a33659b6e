"""Dashboard figures are cached until a change they read: every write path moves the stamp
of the batches it touched (PostgreSQL triggers, in the writing transaction), and a figure
asked again after a write shows it."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from placements.models import Achievement, Placement, WorkLog
from placements.services.worklogs import write_log
from reports.figure_cache import stamp

D = datetime.date
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="figure stamps are PostgreSQL triggers")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def two_departments(diary, make):
    w = diary
    w.other = make.placement(make.cadre(w.sender, "王五"), w.other_batch, w.host,
                             start=D(2026, 10, 12), end=D(2027, 10, 11), status="on_post")
    return w


@postgresql_only
def test_each_write_path_moves_the_stamp_of_the_batches_it_touched(two_departments):
    w = two_departments
    def mine():
        return stamp(w.staff)

    def theirs():
        return stamp(w.other_staff)

    def moves(write, *, department=True, other=False):
        before = (mine(), theirs())
        write()
        after = (mine(), theirs())
        assert (after[0] != before[0]) is department, write
        assert (after[1] != before[1]) is other, write

    # A service, a queryset update, a bulk insert and plain SQL alike.
    moves(lambda: write_log(w.cadre_user, w.first, D(2026, 10, 14), "调研"))
    moves(lambda: WorkLog.objects.filter(placement=w.first).update(content="改"))
    moves(lambda: Achievement.objects.bulk_create([Achievement(
        placement=w.first, category="funds_secured", title="资金", date=D(2026, 10, 9))]))

    WorkLog.objects.create(placement=w.other, date=D(2026, 10, 12), content="工作")

    def sql(statement):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(statement, [w.other.pk])
        return run
    moves(sql("UPDATE placements_worklog SET status = 'accepted' WHERE placement_id = %s"),
          department=False, other=True)
    moves(sql("DELETE FROM placements_worklog WHERE placement_id = %s"),
          department=False, other=True)
    # A statement that changes no row changes no figure.
    moves(sql("DELETE FROM placements_worklog WHERE placement_id = %s"), department=False)
    # Rows above batches move every reader's stamp; an edit that changes nothing a figure
    # reads moves none.
    cadre = w.cadre
    cadre.phone = "13900000000"
    moves(cadre.save, department=False)
    cadre.name = "张树旗（改）"
    moves(cadre.save, other=True)


@postgresql_only
def test_a_repeated_figure_is_read_from_the_cache_and_a_write_shows_at_once(two_departments):
    w = two_departments
    client = api(w.staff)
    path = f"/api/v1/stats/worklog-compliance/?as_of={w.as_of}&group_by=batch"
    first = client.get(path).json()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(path).json()
    assert again == first
    assert not any("placements_worklog" in q["sql"] for q in captured.captured_queries)
    logged = first["totals"]["logged"]
    write_log(w.cadre_user, w.first, D(2026, 10, 14), "调研")
    assert client.get(path).json()["totals"]["logged"] == logged + 1
    # Another department's diary leaves this one's figure where it was, from the cache.
    WorkLog.objects.create(placement=w.other, date=D(2026, 10, 13), content="工作")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).json()["totals"]["logged"] == logged + 1
    assert not any("placements_worklog" in q["sql"] for q in captured.captured_queries)


def test_figures_follow_every_write_on_any_database(two_departments, make):
    """Without the stamps (SQLite) figures are computed each time; with them, from the
    cache: the answer after a write is the same."""
    w = two_departments
    client = api(w.staff)
    before = client.get("/api/v1/stats/overview/").json()["placements"]["total"]
    make.placement(make.cadre(w.sender, "赵六"), w.batch, w.host)
    assert client.get("/api/v1/stats/overview/").json()["placements"]["total"] == before + 1
    Placement.objects.filter(batch=w.batch).update(direction="up")
    assert client.get("/api/v1/stats/overview/").json()["placements"]["by_direction"] == {
        "up": before + 1}
    # Another reader's figure is keyed apart.
    assert client.get("/api/v1/stats/overview/").json() != api(w.other_staff).get(
        "/api/v1/stats/overview/").json()

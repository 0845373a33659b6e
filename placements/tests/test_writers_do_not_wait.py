"""Writers of one batch never wait for each other's bookkeeping: while one transaction has
written (and not yet committed) a diary day or a placement of the batch, another cadre's
diary day in the same batch is written and committed at once (PostgreSQL, two connections).
Before, the figure stamps' triggers locked a per-batch row until commit, so the second
writer waited for the first (a 10,000-row import: for the length of the import)."""
import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from placements import services
from placements.models import Placement, WorkLog

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

D = datetime.date


@pytest.fixture
def two_cadres(world, make):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are tested on PostgreSQL")
    w = world
    w.first = make.placement(w.cadre, w.batch, w.host, start=D(2026, 9, 1),
                             end=D(2027, 8, 31), status="on_post")
    other_user = make.user("cadre", w.other_sender)
    other = make.cadre(w.other_sender, user=other_user)
    w.second = make.placement(other, w.batch, w.other_host, start=D(2026, 9, 1),
                              end=D(2027, 8, 31), status="on_post")
    w.other_cadre_user = other_user
    return w


def hold_open(write):
    """Run `write` in a transaction on its own connection and keep it open (uncommitted)
    until the returned event is set; returns (written, release, thread)."""
    written, release, failure = threading.Event(), threading.Event(), []

    def run():
        try:
            with transaction.atomic():
                write()
                written.set()
                release.wait(30)
        except Exception as exc:  # noqa: BLE001 - the test reads it
            failure.append(exc)
            written.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(30)
    assert not failure, failure
    return release, thread


def write_without_waiting(w):
    """The second cadre's diary day, refused (not queued) if it has to wait for a lock."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        services.write_log(w.other_cadre_user, w.second, D(2026, 11, 17), "走访企业")


def test_a_diary_day_does_not_wait_for_another_cadres_open_diary_day(two_cadres):
    w = two_cadres
    release, thread = hold_open(
        lambda: services.write_log(w.cadre_user, w.first, D(2026, 11, 17), "调研"))
    try:
        write_without_waiting(w)
    finally:
        release.set()
        thread.join(30)
    assert WorkLog.objects.filter(date=D(2026, 11, 17)).count() == 2


def test_a_diary_day_does_not_wait_for_an_open_placement_import(two_cadres, make):
    w = two_cadres
    w.batch.cap_per_host_unit = 5
    w.batch.save()
    newcomers = [make.cadre(w.sender) for _ in range(3)]

    def import_placements():
        for cadre in newcomers:
            services.create_placement(w.staff, cadre, w.batch, w.sender, w.host, "挂职副县长",
                                      start_date=D(2027, 1, 1),
                                      planned_end_date=D(2027, 12, 31))

    release, thread = hold_open(import_placements)
    try:
        write_without_waiting(w)
    finally:
        release.set()
        thread.join(30)
    assert WorkLog.objects.filter(placement=w.second).count() == 1
    assert Placement.objects.filter(batch=w.batch).count() == 5

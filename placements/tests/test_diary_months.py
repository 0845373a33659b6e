"""The diary rollups (placements.diary_months): each write that changes which diary days count
recounts its months in the same transaction, the compliance figure read from them equals the
raw computation for any window, and the check command finds a row that differs.

The clock stands at 2026-11-18 (a Wednesday); 2026-10-12 is a Monday."""
import datetime
import importlib
import threading

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from placements import diary_months, services
from placements.models import DiaryMonth, Placement, WorkLog
from programs.models import Holiday
from reports import aggregates

D = datetime.date
OCT, NOV = D(2026, 10, 1), D(2026, 11, 1)


@pytest.fixture
def on_post(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 9, 1),
                                 end=D(2027, 8, 31), status="on_post")
    return w


def months(placement):
    """month → (counted days, confirmed days), the zero rows left out."""
    return {row.month: (row.logged, row.accepted)
            for row in DiaryMonth.objects.filter(placement=placement).exclude(logged=0)}


def write(w, *days):
    return [services.write_log(w.cadre_user, w.placement, day, f"{day}的工作") for day in days]


def assert_rows_match_the_raw_days():
    compared, differing = diary_months.differences()
    assert differing == []


def test_writing_reviewing_and_deleting_days_recount_their_month(on_post):
    w = on_post
    # Mon–Fri of one week, a Saturday (not a working day: written, not counted) and a day of
    # November.
    week = write(w, *(D(2026, 10, d) for d in range(12, 17)))
    write(w, D(2026, 10, 17), D(2026, 11, 2))
    assert months(w.placement) == {OCT: (5, 0), NOV: (1, 0)}
    services.review_log(week[0], w.receiving, "accepted")
    services.review_log(week[1], w.receiving, "accepted")
    assert months(w.placement) == {OCT: (5, 2), NOV: (1, 0)}
    services.delete_log(week[4], w.cadre_user)
    services.write_logs(w.cadre_user, w.placement, [
        {"date": D(2026, 10, 19), "content": "补记"}, {"date": D(2026, 11, 3), "content": "补记"}])
    assert months(w.placement) == {OCT: (5, 2), NOV: (2, 0)}
    # Content edits and a request for more change nothing counted; the row says the same.
    services.edit_log(week[2], w.cadre_user, content="调研：走访两家企业")
    services.review_log(week[3], w.receiving, "needs_more", "请写明成效")
    assert months(w.placement) == {OCT: (5, 2), NOV: (2, 0)}
    assert_rows_match_the_raw_days()


def test_an_approved_leave_takes_its_days_out_and_a_return_gives_them_back(on_post):
    w = on_post
    write(w, *(D(2026, 10, d) for d in range(12, 17)))
    leave = services.request_leave(w.cadre_user, w.placement, D(2026, 10, 14), D(2026, 10, 16),
                                   "探亲")
    assert months(w.placement) == {OCT: (5, 0)}  # requested, not yet approved
    leave = services.decide_leave(leave, w.receiving, True)
    assert leave.status == "approved"
    assert months(w.placement) == {OCT: (2, 0)}
    services.report_back(leave, w.cadre_user, returned_on=D(2026, 10, 15))
    assert months(w.placement) == {OCT: (4, 0)}  # back on the 15th: only the 14th was leave
    assert_rows_match_the_raw_days()


def test_a_placement_whose_dates_move_recounts_its_months(on_post):
    w = on_post
    write(w, D(2026, 9, 1), D(2026, 9, 2), D(2026, 10, 12))
    placement = Placement.objects.get(pk=w.placement.pk)
    placement.start_date = D(2026, 9, 2)
    placement.save()
    assert months(w.placement) == {D(2026, 9, 1): (1, 0), OCT: (1, 0)}
    placement.save(update_fields=["post_title"])  # no date among the fields: nothing recounted
    assert_rows_match_the_raw_days()


def test_a_holiday_row_recounts_its_month_for_every_placement(on_post, make):
    w = on_post
    other = make.placement(make.cadre(w.sender), w.batch, w.other_host, start=D(2026, 9, 1),
                           end=D(2027, 8, 31), status="on_post")
    write(w, D(2026, 10, 10), D(2026, 10, 12), D(2026, 10, 13))  # a Saturday, Mon, Tue
    WorkLog.objects.create(placement=other, date=D(2026, 10, 12), content="调研")
    assert months(w.placement) == {OCT: (2, 0)} and months(other) == {OCT: (1, 0)}
    day_off = Holiday.objects.create(date=D(2026, 10, 12), name="调休", is_workday=False)
    worked = Holiday.objects.create(date=D(2026, 10, 10), name="调休上班", is_workday=True)
    assert months(w.placement) == {OCT: (2, 0)} and months(other) == {}
    day_off.date = D(2026, 11, 2)  # moved to another month: both months recounted
    day_off.save()
    assert months(w.placement) == {OCT: (3, 0)} and months(other) == {OCT: (1, 0)}
    worked.delete()
    assert months(w.placement) == {OCT: (2, 0)}
    assert_rows_match_the_raw_days()


WINDOWS = [
    (None, D(2026, 11, 17)),              # the default: everything up to yesterday
    (D(2026, 10, 1), D(2026, 10, 31)),    # one whole month
    (D(2026, 9, 1), D(2026, 11, 17)),     # whole months and a partial one
    (D(2026, 9, 15), D(2026, 11, 10)),    # partial at both ends
    (D(2026, 10, 31), D(2026, 11, 2)),    # across a month's end, no whole month
    (D(2026, 10, 13), D(2026, 10, 13)),   # one day
    (D(2026, 11, 10), D(2026, 10, 1)),    # empty
]


@pytest.mark.parametrize(("lo", "hi"), WINDOWS)
def test_the_counted_days_of_any_window_equal_the_raw_computation(on_post, make, lo, hi):
    w = on_post
    write(w, *(D(2026, 9, 1) + datetime.timedelta(days=k) for k in range(0, 78, 2)))
    for log in WorkLog.objects.filter(date__lt=D(2026, 10, 20))[::3]:
        services.review_log(log, w.receiving, "accepted")
    started = Placement.objects.all()
    raw = WorkLog.objects.all()
    if lo:
        raw = raw.filter(date__gte=lo)
    assert aggregates._counted_days(started, lo, hi) == diary_months.counts(
        raw.filter(date__lte=hi))


def test_the_compliance_figure_reads_the_rollups_and_equals_the_raw_days(on_post):
    w = on_post
    write(w, *(D(2026, 9, 1) + datetime.timedelta(days=k) for k in range(0, 78)))
    figure = aggregates.worklog_compliance(w.staff, {"date_from": D(2026, 9, 15)})
    raw = diary_months.counts(WorkLog.objects.filter(date__range=(D(2026, 9, 15),
                                                                  D(2026, 11, 17))))
    assert figure["totals"]["logged"] == raw[w.placement.pk][0] == 46
    # The rollups are what it reads: a row made wrong shows in the figure.
    DiaryMonth.objects.filter(placement=w.placement, month=OCT).update(logged=0)
    again = aggregates.worklog_compliance(w.staff, {"date_from": D(2026, 9, 15)})
    assert again["totals"]["logged"] == 46 - 22


def test_the_check_command_finds_a_row_that_differs_and_the_repair_counts_it_again(on_post):
    w = on_post
    write(w, D(2026, 10, 12), D(2026, 10, 13), D(2026, 11, 2))
    DiaryMonth.objects.filter(month=OCT).update(logged=7)
    DiaryMonth.objects.filter(month=NOV).delete()
    with pytest.raises(CommandError, match="纪实月汇总：2行"):
        call_command("refresh_rollups", "--check")
    assert months(w.placement) == {OCT: (7, 0)}  # the check changed nothing
    call_command("refresh_rollups")
    assert months(w.placement) == {OCT: (2, 0), NOV: (1, 0)}
    call_command("refresh_rollups", "--check")


def test_the_migration_fills_the_rows_of_days_written_before_it(on_post):
    w = on_post
    write(w, D(2026, 10, 12), D(2026, 10, 13))
    DiaryMonth.objects.all().delete()
    importlib.import_module("placements.migrations.0013_diary_months").fill(apps, None)
    assert months(w.placement) == {OCT: (2, 0)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_placement_deleted_with_its_diary_takes_its_rows_along(on_post):
    w = on_post
    write(w, D(2026, 10, 12), D(2026, 11, 2))
    with transaction.atomic():
        w.placement.delete()
    assert not DiaryMonth.objects.exists() and not WorkLog.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_month_take_turns_and_the_second_counts_the_first(on_post):
    """The host confirms a day in an open transaction; the cadre's next day, written
    meanwhile, waits for the month's row and then counts the confirmation too (counting
    before the lock would have missed it)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are tested on PostgreSQL")
    from placements.tests.test_writers_do_not_wait import hold_open

    w = on_post
    first = write(w, D(2026, 10, 12))[0]
    release, thread = hold_open(lambda: services.review_log(first, w.receiving, "accepted"))
    threading.Timer(0.5, release.set).start()
    try:
        write(w, D(2026, 10, 13))  # waits on the row until the review commits
    finally:
        release.set()
        thread.join(30)
    assert months(w.placement) == {OCT: (2, 1)}
    assert_rows_match_the_raw_days()

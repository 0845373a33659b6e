"""Diary days per placement and month (`DiaryMonth`), kept with the writes that change them,
so that compliance reads a row per placement and month instead of every diary day.

A diary day counts towards compliance when it is a working day (Monday–Friday and not a
public holiday, or a weekend day worked, 调休) of its placement's time on post (its start to
its actual or planned end) and no approved leave covers it: `counted` states the rule, and
the compliance figure applies the same rule to the raw days of a partial month.

The rows are counted again from the raw days in the writer's transaction (the receivers in
placements.signals): a diary day written, reviewed or deleted (its month), a leave decided
or withdrawn and a placement's dates changed (the placement's months), a holiday row written
(its month for every placement). Counting again, rather than adding one, keeps a row right
whatever changed; core.rollups.recount locks a row before counting, so two writers of one
placement and month take turns and the second counts the first's day. Writers about
different placements never meet. `manage.py refresh_rollups --check` compares
every row with the raw days.
"""
import datetime

from django.apps import apps
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, TruncMonth

from core.rollups import differing, recount, replace_all

from .choices import WorkLogStatus
from .querysets import away_from_post


def _model(name, registry=None):
    # `registry`: a migration's historical models (the backfill); the app's otherwise.
    return (registry or apps).get_model("placements", name)


def counted(logs, registry=None):
    """The diary days of `logs` that count towards compliance (see the module's text)."""
    Holiday = (registry or apps).get_model("programs", "Holiday")
    Leave = _model("Leave", registry)
    on_leave = Leave.objects.filter(
        away_from_post(Leave), placement=OuterRef("placement"),
        start_date__lte=OuterRef("date"), end_date__gte=OuterRef("date"))
    days_off = Holiday.objects.filter(is_workday=False).values("date")
    weekend_workdays = Holiday.objects.filter(is_workday=True).values("date")
    return (logs.filter(date__gte=F("placement__start_date"),
                        date__lte=Coalesce("placement__actual_end_date",
                                           "placement__planned_end_date"))
            .filter((Q(date__iso_week_day__lte=5) & ~Q(date__in=days_off))
                    | Q(date__in=weekend_workdays))
            .exclude(Exists(on_leave)))


def counts(logs) -> dict[int, tuple[int, int]]:
    """Placement id → (counted days, of them confirmed) over `logs`, in one aggregate."""
    return {pid: (n, accepted) for pid, n, accepted in counted(logs).order_by().values(
        "placement").annotate(n=Count("id"), accepted=Count(
            "id", filter=Q(status=WorkLogStatus.ACCEPTED))).values_list(
        "placement", "n", "accepted")}


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def expected(placement_ids=None, months=None, registry=None
             ) -> dict[tuple[int, datetime.date], tuple[int, int]]:
    """(placement id, month) → (counted days, confirmed days) from the raw diary days, for the
    given placements and months (all when None); months with no counted day are left out."""
    logs = _model("WorkLog", registry).objects.all()
    if placement_ids is not None:
        logs = logs.filter(placement__in=placement_ids)
    if months is not None:
        months = sorted(months)
        logs = logs.filter(date__gte=months[0], date__lt=next_month(months[-1]))
    rows = (counted(logs, registry).order_by().annotate(month=TruncMonth("date"))
            .values("placement", "month")
            .annotate(n=Count("id"), accepted=Count("id", filter=Q(
                status=WorkLogStatus.ACCEPTED)))
            .values_list("placement", "month", "n", "accepted"))
    wanted = set(months) if months is not None else None
    return {(pid, _as_date(month)): (n, accepted) for pid, month, n, accepted in rows
            if wanted is None or _as_date(month) in wanted}


def _as_date(value):
    # TruncMonth of a DateField is a date on PostgreSQL and SQLite alike; a datetime would be
    # a backend's surprise, so it is made a date rather than trusted.
    return value.date() if isinstance(value, datetime.datetime) else value


def next_month(day: datetime.date) -> datetime.date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def refresh(pairs):
    """Count the rows of these (placement id, month) pairs again from the raw days, in the
    caller's transaction (core.rollups.recount: lock, then count)."""
    def figures(chunk):
        counted = expected({pid for pid, _ in chunk}, {month for _, month in chunk})
        return {key: {"logged": n, "accepted": accepted}
                for key, (n, accepted) in counted.items()}

    recount(_model("DiaryMonth"), ["placement", "month"],
            [(int(pid), month_of(month)) for pid, month in pairs], figures,
            ["logged", "accepted"])


def _months_with_days(logs):
    return {(pid, _as_date(month)) for pid, month in logs.order_by().annotate(
        month=TruncMonth("date")).values_list("placement", "month").distinct()}


def refresh_placements(placement_ids):
    """Every month of these placements: those with diary days and those with a row."""
    placement_ids = {int(pk) for pk in placement_ids if pk is not None}
    if not placement_ids:
        return
    pairs = _months_with_days(_model("WorkLog").objects.filter(placement__in=placement_ids))
    pairs |= set(_model("DiaryMonth").objects.filter(placement__in=placement_ids)
                 .values_list("placement", "month"))
    refresh(pairs)


def refresh_month(day: datetime.date):
    """The month of `day` for every placement (a holiday row changed which days count)."""
    month = month_of(day)
    pairs = _months_with_days(_model("WorkLog").objects.filter(
        date__gte=month, date__lt=next_month(month)))
    pairs |= set(_model("DiaryMonth").objects.filter(month=month)
                 .values_list("placement", "month"))
    refresh(pairs)


def differences() -> tuple[int, list[tuple[int, datetime.date]]]:
    """(rows compared, the (placement, month) pairs whose row differs from the raw days)."""
    have = {(pid, month): (n, accepted) for pid, month, n, accepted in _model(
        "DiaryMonth").objects.exclude(logged=0).values_list(
        "placement", "month", "logged", "accepted")}
    return differing(expected(), have)


def rebuild(registry=None):
    """Every row again from the raw days (the migration's backfill and the repair)."""
    DiaryMonth = _model("DiaryMonth", registry)
    replace_all(DiaryMonth, (
        DiaryMonth(placement_id=pid, month=month, logged=n, accepted=accepted)
        for (pid, month), (n, accepted) in expected(registry=registry).items()))

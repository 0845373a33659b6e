"""The monthly overview and work-log compliance reports over 20,000 placements and 1,000,000
work logs on PostgreSQL, against the bare GROUP BY of the same logs.

Run with `make bench` (or `python -m benchmarks.reports`). Uses BENCH_REPORTS_DATABASE_URL
(default: a PostgreSQL database `secondment_bench_reports` on the local server), created and
filled on first use: cadres and placements by bulk_create, the diary by one INSERT … SELECT
over generate_series (about 50 days logged per placement over August–October, with gaps).
Prints the best of three runs of each step.
"""
import datetime
import os
import sys
import time

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_REPORTS_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/secondment_bench_reports")
os.environ.pop("REDIS_URL", None)  # the build runs in this process, as a worker would
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondment.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from benchmarks.pages import ensure_database  # noqa: E402

PLACEMENTS, LOGS_PER_PLACEMENT = 20_000, 50
PERIOD = (datetime.date(2026, 8, 1), datetime.date(2026, 10, 31))
D = datetime.date


def born(i):
    return D(1965, 1, 1) + datetime.timedelta(days=i % 10000)


def fill():
    from placements.models import WorkLog

    if WorkLog.objects.count() >= PLACEMENTS * LOGS_PER_PLACEMENT * 0.9:
        return
    print("filling the benchmark database (once)…", flush=True)
    with transaction.atomic():
        _fill()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def _fill():
    from accounts.choices import Role
    from accounts.models import User
    from cadres.id_numbers import make_id_number
    from cadres.models import Cadre
    from placements import diary_months
    from placements.models import Placement
    from programs.choices import Level, UnitKind
    from programs.models import Batch, Program, Region, Unit

    # The national directory (migration programs/0009) holds them.
    province = Region.objects.get(code="330000")
    county = Region.objects.get(code="330824")
    department = Unit.objects.create(name="中共浙江省委组织部", kind=UnitKind.ORG_DEPARTMENT,
                                     level=Level.PROVINCE, region=province)
    senders = Unit.objects.bulk_create([
        Unit(name=f"省直单位{i}", kind=UnitKind.PROVINCIAL_ORGAN, level=Level.PROVINCE,
             region=province) for i in range(200)])
    hosts = Unit.objects.bulk_create([
        Unit(name=f"乡镇{i}", kind=UnitKind.TOWNSHIP, level=Level.COUNTY, region=county)
        for i in range(600)])
    program = Program.objects.create(name="基准项目", organizer=department,
                                     start_date=D(2026, 1, 1), status="active")
    batches = [Batch.objects.create(program=program, number=n, term_months=24,
                                    status="in_progress") for n in (1, 2, 3, 4)]
    User.objects.create(username="bench_staff", role=Role.ORG_STAFF, unit=department)
    cadres = Cadre.objects.bulk_create([
        Cadre(name=f"干部{i}", gender="male", birth_date=born(i),
              id_number=make_id_number("330100", born(i), i // 10000 * 2 + 1),
              phone=f"138{i:08d}", employer=senders[i % len(senders)], position="科长")
        for i in range(PLACEMENTS)], batch_size=2000)
    Placement.objects.bulk_create([
        Placement(cadre=c, batch=batches[i % 7 % 4], home_unit=c.employer,
                  host_unit=hosts[i % len(hosts)], post_title="挂职副乡镇长", direction="down",
                  start_date=D(2026, 7, 1), planned_end_date=D(2028, 6, 30), status="on_post")
        for i, c in enumerate(cadres)], batch_size=2000)
    with connection.cursor() as cur:
        # About 50 of the period's 92 days for each placement, at steps that leave gaps.
        cur.execute("""
            INSERT INTO placements_worklog (placement_id, date, content, category, attachment,
                status, review_comment, created_at, updated_at)
            SELECT p.id, %s::date + (d * 2 + (p.id %% 2))::int - 1, '调研走访，推进项目',
                   'research', '',
                   CASE WHEN d %% 3 = 0 THEN 'accepted' ELSE 'submitted' END, '', now(), now()
            FROM placements_placement p CROSS JOIN generate_series(1, %s) AS d
        """, [PERIOD[0], LOGS_PER_PLACEMENT])
    # Written in bulk, past the receivers: the months are counted once here.
    diary_months.rebuild()


def best_of(function, runs=3):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def bare_group_by(program_id):
    """The same counting in hand-written SQL: the period's logs per placement on working days
    (weekdays not public holidays, or swapped working days) within the placement's dates and
    not on approved leave."""
    with connection.cursor() as cur:
        cur.execute("""
            SELECT w.placement_id, count(*), count(*) FILTER (WHERE w.status = 'accepted')
            FROM placements_worklog w
            JOIN placements_placement p ON p.id = w.placement_id
            JOIN programs_batch b ON b.id = p.batch_id
            WHERE b.program_id = %s AND w.date BETWEEN %s AND %s
              AND w.date >= p.start_date
              AND w.date <= coalesce(p.actual_end_date, p.planned_end_date)
              AND ((extract(isodow FROM w.date) <= 5 AND w.date NOT IN (
                      SELECT date FROM programs_holiday WHERE NOT is_workday))
                   OR w.date IN (SELECT date FROM programs_holiday WHERE is_workday))
              AND NOT EXISTS (SELECT 1 FROM placements_leave l
                              WHERE l.placement_id = w.placement_id
                                AND l.status IN ('approved', 'reported_back')
                                AND w.date BETWEEN l.start_date AND l.end_date)
            GROUP BY w.placement_id""", [program_id, *PERIOD])
        return len(cur.fetchall())


def main():
    from accounts.models import User
    from reports import aggregates, building
    from reports.models import Report

    ensure_database()
    call_command("migrate", verbosity=0)
    fill()
    user = User.objects.get(username="bench_staff")
    program = user.unit.organized_programs.get(name="基准项目")
    params = {"program": program.pk, "date_from": PERIOD[0], "date_to": PERIOD[1],
              "as_of": PERIOD[1]}
    from placements.models import WorkLog

    print(f"PostgreSQL, {WorkLog.objects.count():,} work logs, "
          f"{program.batches.count()} batches, {PLACEMENTS:,} placements; best of 3", flush=True)
    rows = []
    bare, n = best_of(lambda: bare_group_by(program.pk))
    rows.append(("bare SQL: the same count of logs per placement", bare, n))
    compliance, figures = best_of(lambda: aggregates.worklog_compliance(user, params))
    rows.append(("aggregates.worklog_compliance (per placement)", compliance,
                 len(figures["groups"])))
    overview, figures = best_of(lambda: aggregates.monthly_overview(user, params))
    rows.append(("aggregates.monthly_overview (per batch)", overview, len(figures["rows"])))
    for kind, fmt in (("worklog_compliance", "xlsx"), ("worklog_compliance", "csv"),
                      ("monthly_overview", "xlsx"), ("monthly_overview", "pdf")):
        def job(kind=kind, fmt=fmt):
            report = Report.objects.create(kind=kind, format=fmt, program=program,
                                           period_start=PERIOD[0], period_end=PERIOD[1],
                                           as_of=PERIOD[1], requested_by=user)
            assert building.run(report.pk) == "done"
            report.refresh_from_db()
            return report.row_count
        seconds, count = best_of(job)
        rows.append((f"whole job: {kind} {fmt} (query, write, store)", seconds, count))
    width = max(len(r[0]) for r in rows)
    for label, seconds, count in rows:
        print(f"{label:<{width}}  {seconds:7.2f} s  {count:>7,} rows")
    print(f"compliance aggregation / its bare SQL: {compliance / bare:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())

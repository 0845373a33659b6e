"""Writers of one batch do not wait for each other: 8 cadres of a batch write diary days
while a 10,000-row placements import is applied in that batch (one transaction, through the
placing service row by row). Prints each diary write's latency (p50 / p95 / max) beside the
same writes with no import running, and the import's time. The target: write p95 ≤ 100 ms.

With `--old-stamps` it runs again with the figure-stamp triggers of reports/migrations/0005
put back for the run (and dropped after), to show what they cost: each statement's upsert
of the batch's stamp row was held locked until its transaction committed.

Run with `make bench` (or `python -m benchmarks.writers`). Uses BENCH_WRITERS_DATABASE_URL
(default: a PostgreSQL database `secondment_bench_writers` on the local server), created on
first use and emptied at each run.
"""
import datetime
import importlib
import io
import os
import statistics
import sys
import threading
import time

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_WRITERS_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/secondment_bench_writers")
os.environ.pop("REDIS_URL", None)  # the import runs in this process, as a worker would
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondment.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")
os.environ.setdefault("FAST_PASSWORD_HASHER", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from benchmarks.pages import ensure_database  # noqa: E402

ROWS = int(os.environ.get("BENCH_WRITERS_ROWS", 10_000))
WRITERS = 8
HOSTS = 40
TARGET_MS = 100
PAUSE = 0.2  # between one cadre's writes: 8 cadres write 40 days a second together


def world():
    """A batch with 8 cadres on post (each with a login) and ROWS cadres to be placed."""
    from accounts.choices import Role
    from accounts.models import User
    from cadres.id_numbers import make_id_number
    from cadres.models import Cadre
    from cadres.scope import refresh as refresh_scope
    from cadres.search import index_names
    from placements.models import Placement
    from programs.choices import BatchStatus, Level, UnitKind
    from programs.models import Batch, Program, Region, Unit

    # The national directory (migration programs/0009) holds them.
    province = Region.objects.get(code="330000")
    county = Region.objects.get(code="330824")
    department = Unit.objects.create(name="中共浙江省委组织部", kind=UnitKind.ORG_DEPARTMENT,
                                     level=Level.PROVINCE, region=province)
    sender = Unit.objects.create(name="浙江省农业农村厅", kind=UnitKind.PROVINCIAL_ORGAN,
                                 level=Level.PROVINCE, region=province)
    hosts = Unit.objects.bulk_create([
        Unit(name=f"开化县单位{i}", kind=UnitKind.LOCAL_GOVERNMENT, level=Level.COUNTY,
             region=county) for i in range(HOSTS)])
    program = Program.objects.create(name="千名干部交流互派工程", organizer=department,
                                     start_date=datetime.date(2024, 1, 1), status="active")
    program.participants.add(sender, *hosts)
    batch = Batch.objects.create(program=program, number=1, status=BatchStatus.IN_PROGRESS,
                                 term_months=24)
    staff = User.objects.create(username="bench_staff", role=Role.ORG_STAFF, unit=department)
    def born(i):
        return datetime.date(1970, 1, 1) + datetime.timedelta(days=i % 7000)

    # An ID number's sequence holds three digits: the birth date varies first.
    cadres = Cadre.objects.bulk_create([
        Cadre(name=f"干部{i}", gender="male", birth_date=born(i), employer=sender,
              id_number=make_id_number("330102", born(i), (i // 7000) * 2 + 1),
              phone=f"139{i:08d}")
        for i in range(ROWS + WRITERS)])
    # Made in bulk, past Cadre.save: who sees them and their search terms, as a load does.
    refresh_scope([cadre.pk for cadre in cadres])
    index_names(cadres)
    writers = []
    for i, cadre in enumerate(cadres[:WRITERS]):
        user = User.objects.create(username=f"bench_cadre{i}", role=Role.CADRE, unit=sender)
        cadre.user = user
        cadre.save(update_fields=["user"])
        placement = Placement.objects.create(
            cadre=cadre, batch=batch, home_unit=sender, host_unit=hosts[i], post_title="挂职",
            direction="down", start_date=datetime.date(2024, 1, 1),
            planned_end_date=datetime.date(2026, 12, 31), status="on_post")
        writers.append((user, placement))
    return staff, batch, hosts, cadres[WRITERS:], writers


def roster(staff, batch, hosts, cadres):
    from openpyxl import load_workbook

    from imports.exporting import template_file

    workbook = load_workbook(io.BytesIO(template_file("placements", staff)))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2)
    name = f"{batch.program.name} 第{batch.number}批"
    for i, cadre in enumerate(cadres):
        row = {"身份证号码": cadre.id_number, "姓名": cadre.name, "批次": name,
               "接收单位": hosts[i % len(hosts)].name, "挂任职务": "挂职副县长",
               "开始日期": "2027-01-01", "计划结束日期": "2028-12-31"}
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_days(writers, stop, days_back):
    """Each cadre writes one diary day after another (its own transaction each) until
    `stop`; returns every write's seconds."""
    from placements import services

    times, lock = [], threading.Lock()

    def run(user, placement, offset):
        day = datetime.date(2026, 11, 30) - datetime.timedelta(days=offset)
        try:
            while not stop.is_set() and day >= placement.start_date:
                started = time.perf_counter()
                services.write_log(user, placement, day, "走访调研，记录当日工作。")
                elapsed = time.perf_counter() - started
                with lock:
                    times.append(elapsed)
                day -= datetime.timedelta(days=1)
                time.sleep(PAUSE)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(user, placement, days_back))
               for user, placement in writers]
    for t in threads:
        t.start()
    return threads, times


def summary(times):
    times = sorted(times)
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    return (f"{len(times):5d} writes  p50 {statistics.median(times) * 1000:7.1f} ms  "
            f"p95 {p95 * 1000:7.1f} ms  max {times[-1] * 1000:7.1f} ms"), p95


def run_once(label, staff, content, writers, days_back):
    from imports import services

    job = services.start_import(staff, "placements", SimpleUploadedFile("roster.xlsx", content))
    assert job.counts["new"] == ROWS, (job.counts, job.errors[:3])
    stop = threading.Event()
    # Writes with nothing else running, for comparison.
    threads, quiet = write_days(writers, stop, days_back)
    time.sleep(3)
    stop.set()
    for t in threads:
        t.join()
    stop = threading.Event()
    threads, busy = write_days(writers, stop, days_back + 30)
    started = time.perf_counter()
    job = services.apply_import(staff, job)
    applied = time.perf_counter() - started
    stop.set()
    for t in threads:
        t.join()
    assert job.status == "applied", job.message
    quiet_line, _ = summary(quiet)
    busy_line, p95 = summary(busy)
    print(f"{label}: the import applied {ROWS:,} placements in {applied:.1f} s")
    print(f"  diary writes, nothing else running:  {quiet_line}")
    print(f"  diary writes, during the import:     {busy_line}")
    return p95


def old_stamps(install):
    """The figure stamps' triggers of reports/migrations/0005, for the comparison run."""
    migration = importlib.import_module("reports.migrations.0005_figure_stamps")
    with connection.cursor() as cursor:
        if install:
            cursor.execute("CREATE TABLE IF NOT EXISTS reports_figurestamp "
                           "(batch_id bigint PRIMARY KEY, n bigint NOT NULL DEFAULT 0)")
            for sql in migration._statements():
                cursor.execute(sql)
        else:
            for sql in migration._drop_statements():
                cursor.execute(sql)
            cursor.execute("DROP TABLE IF EXISTS reports_figurestamp")


def main():
    from placements.models import Placement, WorkLog

    ensure_database()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    settings.IMPORT_INLINE_BYTES = 100 * 1024 * 1024  # applied here, as a worker would
    staff, batch, hosts, cadres, writers = world()
    content = roster(staff, batch, hosts, cadres)
    print(f"PostgreSQL; {WRITERS} cadres of one batch write diary days (a day every "
          f"{PAUSE} s each) while a {ROWS:,}-row placements import is applied in that "
          "batch", flush=True)
    p95 = run_once("now", staff, content, writers, 0)
    if "--old-stamps" in sys.argv:
        Placement.objects.filter(batch=batch).exclude(
            pk__in=[p.pk for _u, p in writers]).delete()
        WorkLog.objects.all().delete()
        old_stamps(install=True)
        try:
            run_once("with the old figure stamps", staff, content, writers, 0)
        finally:
            old_stamps(install=False)
    print(f"target: write p95 ≤ {TARGET_MS} ms during the import — "
          f"{'met' if p95 * 1000 <= TARGET_MS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

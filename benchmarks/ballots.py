"""A batch-wide 民主测评 under load (issue 31's figures): 200 cadres × 30 sheets, 6,000 votes
cast on the phone page (/vote/<token>/: the page, then the vote) from 16 concurrent clients
against gunicorn (2 workers) — p95 of each request, and afterwards every vote counted once;
then every cadre's results of the batch, built.

Run by `make bench` (BENCH_BALLOTS_DATABASE_URL, default a PostgreSQL database
`secondment_bench_ballots`, made afresh each run). Targets: p95 ≤ 200 ms; results ≤ 2 s."""
import datetime
import http.client
import os
import re
import statistics
import sys
import threading
import time
from urllib.parse import urlencode

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_BALLOTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/secondment_bench_ballots")

from . import pages  # noqa: E402  (sets the environment and Django up)

CADRES, CLIENTS = 200, 16
GROUPS = [{"name": "班子成员", "weight": 30, "sheets": 5},
          {"name": "干部职工", "weight": 40, "sheets": 15},
          {"name": "服务对象", "weight": 30, "sheets": 10}]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def fresh_database():
    import psycopg2
    from django.db import connection

    params = {**connection.get_connection_params(), "dbname": "postgres"}
    params.pop("database", None)
    name = connection.settings_dict["NAME"]
    connection.close()
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def build():
    """A department, a sending unit, 20 hosts, 200 cadres on post in one batch, the ballot."""
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.choices import Role
    from accounts.models import User
    from cadres.id_numbers import make_id_number
    from cadres.models import Cadre
    from evaluations.ballots import open_ballot
    from placements.models import Placement
    from programs.models import Batch, Program, Region, Unit

    call_command("migrate", verbosity=0)
    county = Region.objects.filter(level="county").order_by("code").first()
    department = Unit.objects.create(name="测评基准组织部", kind="org_department",
                                     level=county.level, region=county)
    sender = Unit.objects.create(name="测评基准派出单位", kind="provincial_organ",
                                 level=county.level, region=county)
    hosts = [Unit.objects.create(name=f"测评基准接收单位{i}", kind="local_government",
                                 level=county.level, region=county) for i in range(20)]
    program = Program.objects.create(name="测评基准项目", organizer=department,
                                     start_date=datetime.date(2025, 1, 1), status="active")
    batch = Batch.objects.create(program=program, number=1, status="in_progress",
                                 term_months=24)
    cadres = Cadre.objects.bulk_create([Cadre(
        name=f"干部{i:03d}", gender="male", birth_date=datetime.date(1985, 1, 1),
        id_number=make_id_number("330100", datetime.date(1985, 1, 1), i * 2 + 1),
        phone=f"139{i:08d}", employer=sender) for i in range(CADRES)])
    Placement.objects.bulk_create([Placement(
        cadre=c, batch=batch, home_unit=sender, host_unit=hosts[i % 20], post_title="挂职副县长",
        direction="down", start_date=datetime.date(2025, 1, 1),
        planned_end_date=datetime.date(2026, 12, 31), status="on_post")
        for i, c in enumerate(cadres)])
    staff = User.objects.create_user("bench_staff", role=Role.ORG_STAFF, unit=department)
    now = timezone.now()
    started = time.perf_counter()
    ballot = open_ballot(staff, title="测评基准", batch=batch, groups=GROUPS,
                         opens_at=now - datetime.timedelta(minutes=5),
                         closes_at=now + datetime.timedelta(hours=2))
    print(f"opened: {ballot.sheets.count():,} sheets in {time.perf_counter() - started:.2f} s")
    return ballot


ANSWERS = {key: "excellent" for key in ("de", "neng", "qin", "ji", "lian", "overall")}


def vote(port, token, times, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", f"/vote/{token}/")
    page = conn.getresponse()
    body = page.read().decode()
    got = time.perf_counter() - started
    cookie = page.getheader("Set-Cookie", "").split(";")[0]
    form = urlencode({"csrfmiddlewaretoken": TOKEN.search(body).group(1), **ANSWERS})
    started = time.perf_counter()
    conn.request("POST", f"/vote/{token}/", body=form, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}/vote/{token}/"})
    answer = conn.getresponse()
    answer.read()
    cast = time.perf_counter() - started
    conn.close()
    with lock:
        times["page"].append(got)
        times["vote"].append(cast)
        times["status"].append(answer.status)


def main():
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the ballot benchmark needs PostgreSQL (BENCH_BALLOTS_DATABASE_URL)")
    fresh_database()
    ballot = build()
    tokens = list(ballot.sheets.values_list("token", flat=True))
    port = 8791
    server = pages.serve(port)
    times, lock = {"page": [], "vote": [], "status": []}, threading.Lock()
    try:
        chunks = [tokens[i::CLIENTS] for i in range(CLIENTS)]
        started = time.perf_counter()

        def run(chunk):
            for token in chunk:
                vote(port, token, times, lock)
        threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    from evaluations.ballots import results
    from evaluations.models import Vote

    ok = times["status"].count(200)
    counted = Vote.objects.filter(ballot=ballot).count()
    spent = ballot.sheets.filter(used=True).count()
    for kind in ("page", "vote"):
        values = sorted(times[kind])
        print(f"{kind:>5}: median {statistics.median(values) * 1000:.1f} ms, "
              f"p95 {values[int(len(values) * 0.95) - 1] * 1000:.1f} ms (target ≤ 200 ms)")
    print(f"{len(tokens):,} votes from {CLIENTS} clients in {wall:.1f} s: {ok:,} answered 200, "
          f"{counted:,} votes kept, {spent:,} sheets spent")
    if not ok == counted == spent == len(tokens):
        raise SystemExit("a vote was lost or counted twice")
    ballot.closed_at = ballot.opens_at + datetime.timedelta(minutes=10)
    ballot.save(update_fields=["closed_at"])
    started = time.perf_counter()
    for placement in ballot.batch.placements.select_related("cadre").order_by("pk"):
        results(ballot, placement)
    print(f"results of all {CADRES} cadres built in {time.perf_counter() - started:.2f} s "
          "(target ≤ 2 s)")


if __name__ == "__main__":
    sys.exit(main())

"""The national-scale benchmark: lists, stats, pages, sign-in, throughput and reports over the
data of `manage.py make_bench_data --scale national` (made on first use, about 6 minutes),
served by gunicorn (2 workers) on PostgreSQL.

For each request it prints the queries it asks (first and repeated: both are built, nothing
is cached), the bare SQL of the same work (the built request's own
statements, sessions and sign-in aside, run directly on a connection), the built request's
median in process (what the first read after a change costs), and p50/p95 over HTTP with 2
and 8 concurrent clients, with the ratio of the request's p95 (2 clients) to its SQL's.
Three readers: the staff of one province's organization department (the largest), the
staff of the nation's (中共中央组织部, at the root of the regions: made on first use) and a
superuser. BENCH_ONLY=<regular expression> times only the requests it matches. Then:
placements-list requests per second at saturation (8 clients, 10 s), alone and beside writes
(a diary day every 0.1 s; a placement of the department every second and every 0.1 s),
sign-in through the form, and each report kind built in process. The cache (sign-in
throttles and lockouts) is Redis (BENCH_CACHE_URL, default db 4 on the local server), as
deployed.

Run with `make bench` (or `python -m benchmarks.national`). BENCH_NATIONAL_DATABASE_URL
(default `secondment_bench_national` on the local server); BENCH_SCALE=small for a quick run.
"""
import datetime
import http.client
import os
import re
import statistics
import sys
import threading
import time

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_NATIONAL_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/secondment_bench_national")
os.environ.pop("REDIS_URL", None)
# The cache as deployed: Redis, shared by the workers (throttles, lockouts). Celery stays
# eager (no REDIS_URL): reports are built in process.
os.environ.setdefault("CACHE_URL", os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/4"))
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"

# benchmarks.pages sets the production-like environment and sets Django up.
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.pages import ensure_database, serve, session_of  # noqa: E402

PORT = 8766
ROUNDS = {2: 30, 8: 48}
AUTH_TABLES = ("django_session", "authtoken_token", '"accounts_user"', "axes_")


def prepare():
    from accounts.models import User
    from cadres.models import Cadre

    ensure_database()
    call_command("migrate", verbosity=0)
    if not Cadre.objects.exists():
        call_command("make_bench_data", scale=os.environ.get("BENCH_SCALE", "national"))
    if not User.objects.filter(username="bench_admin").exists():
        User.objects.create_superuser("bench_admin", password="bench-2026")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


def national_department():
    """The nation's organization department (中共中央组织部) at the root of the regions, made
    on first use: the 31 provinces are put under 中华人民共和国 (their paths rewritten by
    Region.save). Its staff see every cadre and program by scope, with no condition."""
    from accounts.choices import Role
    from accounts.models import User
    from programs.choices import Level, UnitKind
    from programs.models import Region, Unit
    from programs.querysets import oversees_everything

    root, made = Region.objects.get_or_create(code="100000", defaults={
        "name": "中华人民共和国", "level": Level.NATIONAL})
    if made:
        for province in Region.objects.filter(parent__isnull=True).exclude(pk=root.pk):
            province.parent = root
            province.save()
    unit, _ = Unit.objects.get_or_create(name="中共中央组织部", region=root, defaults={
        "kind": UnitKind.ORG_DEPARTMENT, "level": Level.NATIONAL})
    if not User.objects.filter(username="bench_staff_nation").exists():
        user = User.objects.create_user("bench_staff_nation", password="bench-2026",
                                        role=Role.ORG_STAFF, unit=unit)
        assert oversees_everything(user)
    return "bench_staff_nation"


def largest_department():
    from django.db.models import Count

    from programs.models import Program

    program = (Program.objects.annotate(n=Count("batches__placements"))
               .order_by("-n").select_related("organizer__region").first())
    return program, f"bench_staff_{program.organizer.region.code}"


def token_of(username):
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    Token.objects.filter(user__username=username).delete()
    return Token.objects.create(user=User.objects.get(username=username)).key


def operations(program):
    from programs.models import Batch

    batch = Batch.objects.filter(program=program).order_by("-planned_size").first()
    api = [
        "/api/v1/placements/?page_size=50",
        "/api/v1/placements/?page_size=50&status=on_post&direction=down",
        "/api/v1/placements/?page_size=200",
        "/api/v1/placements/?page_size=50&page=20",
        "/api/v1/cadres/?page_size=50",
        "/api/v1/cadres/?page_size=50&q=%E5%BC%A0",
        "/api/v1/cadres/?page_size=50&q=%E5%BC%A0%E4%BC%9F",
        "/api/v1/cadres/?page_size=50&q=zhang",
        "/api/v1/cadres/?page_size=50&q=zw",
        "/api/v1/work-logs/?page_size=50",
        "/api/v1/work-logs/?page_size=50&status=submitted",
        "/api/v1/orders/?page_size=50",
        "/api/v1/orders/?page_size=50&status=filled",
        "/api/v1/stats/overview/",
        f"/api/v1/stats/overview/?program={program.pk}",
        f"/api/v1/stats/worklog-compliance/?program={program.pk}",
        "/api/v1/stats/achievements/",
        "/api/v1/stats/appraisals/",
        "/api/v1/stats/fulfilment/",
        "/api/v1/stats/allowances/",
        # The pickers' lookups (target p95 ≤ 50 ms): characters, pinyin, initials, a cascade.
        "/api/v1/cadres/lookup/?q=zw",
        "/api/v1/cadres/lookup/?q=%E5%BC%A0%E4%BC%9F",
        "/api/v1/cadres/lookup/?q=z",
        "/api/v1/units/lookup/?q=rmzf",
        "/api/v1/units/lookup/?q=%E5%8F%91%E5%B1%95",
        "/api/v1/regions/lookup/?q=hn",
        "/api/v1/regions/lookup/?q=&level=province",
        "/api/v1/orders/lookup/?q=szjj",
        "/api/v1/expertise/lookup/?q=n",
    ]
    pages = ["/", f"/programs/{program.pk}/", f"/batches/{batch.pk}/", "/placements/",
             "/cadres/"]
    return api, pages


def client_of(username, path, token):
    from accounts.models import User

    if path.startswith("/api/"):
        return Client(HTTP_AUTHORIZATION=f"Token {token}")
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def own_sql(username, path, token):
    """The request's statements (without session and sign-in), how many it asked (twice: the
    first and a repeat, which builds the answer again — nothing is cached), signed in as the
    benchmark's clients are (by token for the API, by session for the pages), and its median
    in process."""
    client = client_of(username, path, token)
    client.get(path)
    # Each request starts by emptying the queries' log: the captures must start empty too.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    repeat = len(captured.captured_queries)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    # Read now: the captured list is a slice of the log the next request empties.
    built = [q["sql"] for q in captured.captured_queries]
    times = []
    for _ in range(10):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    statements = [sql for sql in built if not any(t in sql for t in AUTH_TABLES)
                  and sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    return statements, len(built), repeat, statistics.median(times)


def time_sql(statements, runs=20):
    times = []
    with connection.cursor() as cur:
        for _ in range(runs):
            started = time.perf_counter()
            for sql in statements:
                cur.execute(sql)
                cur.fetchall()
            times.append(time.perf_counter() - started)
    return percentiles(times)


def percentiles(times):
    times = sorted(times)
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)]


def request(path, headers):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed


def load(path, headers, clients):
    request(path, headers)
    request(path, headers)
    times, lock = [], threading.Lock()

    def run():
        for _ in range(ROUNDS[clients] // clients):
            t = request(path, headers)
            with lock:
                times.append(t)
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return percentiles(times)


def saturation(path, headers, clients=8, seconds=10, write=None, every=None):
    """Requests per second from `clients` for `seconds`; with `write` called every `every`
    seconds meanwhile (in this process, committed at once)."""
    done, stop = [0], threading.Event()

    def writer():
        from django.db import connection

        while not stop.wait(every):
            write()
        connection.close()

    def run():
        while not stop.is_set():
            request(path, headers)
            done[0] += 1
    threads = [threading.Thread(target=run) for _ in range(clients)]
    if write is not None:
        threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    return done[0] / seconds


def writes(program):
    """Writes beside the saturation: a diary day every 0.1 s, and a placement of the
    department changed every second and every 0.1 s."""
    from django.db.models import F

    from placements.models import Placement, WorkLog

    placement = Placement.objects.filter(batch__program=program).order_by("pk").first()
    log = WorkLog.objects.filter(placement=placement).order_by("pk").first()

    def diary():
        WorkLog.objects.filter(pk=log.pk).update(content=F("content"))

    def placement_changed():
        Placement.objects.filter(pk=placement.pk).update(post_title=F("post_title"))
    return [("a diary day written every 0.1 s", diary, 0.1),
            ("a placement changed every second", placement_changed, 1.0),
            ("a placement changed every 0.1 s", placement_changed, 0.1)]


def sign_in_once(username):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", "/accounts/login/")
    page = conn.getresponse()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1)
    csrf = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", "")).group(1)
    body = f"csrfmiddlewaretoken={token.decode()}&username={username}&password=bench-2026"
    started = time.perf_counter()
    conn.request("POST", "/accounts/login/", body=body, headers={
        "Cookie": f"csrftoken={csrf}", "Referer": f"http://127.0.0.1:{PORT}/",
        "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 302:
        raise SystemExit(f"sign-in: HTTP {response.status}")
    return elapsed


def sign_ins(usernames, clients=2, each=10):
    for name in usernames:  # the first sign-in upgrades an older hash to Argon2: not timed
        sign_in_once(name)
    times, lock = [], threading.Lock()

    def run(name):
        for _ in range(each):
            t = sign_in_once(name)
            with lock:
                times.append(t)
    threads = [threading.Thread(target=run, args=(usernames[i % len(usernames)],))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return percentiles(times)


def reports(program):
    from accounts.models import User
    from core.exceptions import ServiceError
    from reports import building
    from reports.choices import ReportKind
    from reports.models import Report
    from reports.services import check_request

    user = User.objects.get(username="bench_admin")
    rows = []
    for kind in ReportKind.values:
        period = ({} if kind == "batch_summary" else
                  {"period_start": datetime.date(2026, 10, 1),
                   "period_end": datetime.date(2026, 10, 31)})
        # Every province's data where the kind allows it; else the largest program.
        try:
            check_request(user, kind=kind, format="xlsx", program=None, **period)
            scope, label = None, "every province"
        except ServiceError:
            scope, label = program, "largest program"
        report = Report.objects.create(kind=kind, format="xlsx", program=scope,
                                       requested_by=user, **period)
        started = time.perf_counter()
        status = building.run(report.pk)
        seconds = time.perf_counter() - started
        report.refresh_from_db()
        rows.append((f"{kind} ({label})", seconds, status, report.row_count or 0))
    return rows


def main():
    prepare()
    from placements.models import Achievement, Placement, WorkLog

    program, staff = largest_department()
    nation = national_department()
    print(f"PostgreSQL, gunicorn 2 workers; {Placement.objects.count():,} placements, "
          f"{WorkLog.objects.count():,} work logs, {Achievement.objects.count():,} achievements; "
          f"readers: {staff} (its department), {nation} (the nation's department, at the "
          f"root of the regions) and bench_admin (a superuser)", flush=True)
    api, pages = operations(program)
    readers = ((staff, "province"), (nation, "nation"), ("bench_admin", "admin"))
    tokens = {name: token_of(name) for name, _label in readers}
    sessions = {name: session_of(name) for name, _label in readers}
    # BENCH_ONLY (a regular expression) keeps the requests it matches: a quick look at some.
    only = re.compile(os.environ.get("BENCH_ONLY", ""))
    api = [path for path in api if only.search(path)]
    pages = [path for path in pages if only.search(path)]
    proc = serve(PORT)
    try:
        print("q: queries of the first answer / of a repeat; SQL p95: "
              "the built answer's own statements run bare; built: its median in process; "
              "then p50/p95 over HTTP with 2 and 8 clients, and the 2-client p95 over SQL p95")
        header = (f"{'reader':<8} {'request':<58} {'q':>5} {'SQL p95':>8} {'built':>6} "
                  f"{'2c p50':>7} {'2c p95':>7} {'8c p50':>7} {'8c p95':>7} {'×SQL':>5}")
        print(header)
        for name, label in readers:
            for path in api + pages:
                statements, queries, repeat, built = own_sql(name, path, tokens[name])
                _sql50, sql95 = time_sql(statements)
                headers = ({"Authorization": f"Token {tokens[name]}"} if path.startswith("/api/")
                           else {"Cookie": f"sessionid={sessions[name]}"})
                p50_2, p95_2 = load(path, headers, 2)
                p50_8, p95_8 = load(path, headers, 8)
                print(f"{label:<8} {path[:58]:<58} {f'{queries}/{repeat}':>5} "
                      f"{sql95 * 1000:8.1f} {built * 1000:6.1f} "
                      f"{p50_2 * 1000:7.1f} {p95_2 * 1000:7.1f} {p50_8 * 1000:7.1f} "
                      f"{p95_8 * 1000:7.1f} {p95_2 / max(sql95, 1e-4):5.1f}", flush=True)
        if os.environ.get("BENCH_ONLY"):
            return 0
        headers = {"Authorization": f"Token {tokens[staff]}"}
        path = "/api/v1/placements/?page_size=50"
        rate = saturation(path, headers)
        print(f"placements list at saturation (8 clients, 10 s): {rate:.0f} requests/s")
        for label, write, every in writes(program):
            rate = saturation(path, headers, write=write, every=every)
            print(f"  … with {label}: {rate:.0f} requests/s")
        p50, p95 = sign_ins([staff, "bench_admin"])
        print(f"sign-in through the form (2 clients): p50 {p50 * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms")
    finally:
        proc.terminate()
        proc.wait()
    for kind, seconds, status, rows in reports(program):
        print(f"report {kind:<40} {seconds:6.2f} s  {status:<6} {rows:>7,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

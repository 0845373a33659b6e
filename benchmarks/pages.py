"""Time to first byte of the console's pages, served by gunicorn (2 workers) over HTTP.

Run with `make bench` (after the matching benchmark). Uses DATABASE_URL when set (a
PostgreSQL database named `secondment_bench` by default in `make bench`), loads the demo there
if it is not loaded, signs in the demo logins and requests each page from 2 concurrent
clients, measuring from the request sent to the response's first line and headers received.
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ENV = {"DEBUG": "0", "STATIC_MANIFEST": "0", "LOG_LEVEL": "ERROR", "SECURE_SSL_REDIRECT": "0",
       "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", "ALLOWED_HOSTS": "127.0.0.1",
       "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")}
os.environ.update({k: os.environ.get(k, v) for k, v in ENV.items()})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondment.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from programs.models import Batch, Program  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS, CLIENTS = 30, 2


def ensure_database():
    """Creates the benchmark's PostgreSQL database when it is missing."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg2

    params = {**connection.get_connection_params(), "dbname": "postgres"}
    params.pop("database", None)
    name = connection.settings_dict["NAME"]
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def ensure_demo():
    ensure_database()
    call_command("migrate", verbosity=0)
    if not Program.objects.filter(name="千名干部交流互派工程").exists():
        call_command("load_demo")


def session_of(username):
    from accounts.models import User

    client = Client()
    # Not client.login: the lockout backend needs the request a real sign-in has.
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def serve(port):
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "secondment.wsgi",
         "-w", os.environ.get("BENCH_WORKERS", "2"),
         "-b", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=os.environ)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def ttfb(port, path, session):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = conn.getresponse()
    elapsed = time.perf_counter() - started
    response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed


def measure(port, path, session):
    ttfb(port, path, session)  # warm both workers' connections and caches
    ttfb(port, path, session)
    times, lock = [], threading.Lock()

    def run():
        for _ in range(ROUNDS // CLIENTS):
            t = ttfb(port, path, session)
            with lock:
                times.append(t)
    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def _bad_sign_ins(port, stop, answers):
    """One attacker's loop: fetch the form (its CSRF token), post a wrong password."""
    import re

    while not stop.is_set():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/accounts/login/")
        page = conn.getresponse()
        cookie = page.getheader("Set-Cookie", "")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read())
        csrf = re.search(r"csrftoken=([^;]+)", cookie)
        if not (token and csrf):
            answers.append("no form")
            continue
        body = f"csrfmiddlewaretoken={token.group(1).decode()}&username=intruder&password=x"
        conn.request("POST", "/accounts/login/", body=body, headers={
            "Cookie": f"csrftoken={csrf.group(1)}", "Referer": f"http://127.0.0.1:{port}/",
            "Content-Type": "application/x-www-form-urlencoded"})
        answers.append(conn.getresponse().status)
        conn.close()


def storm(port, session, attackers=8):
    """An ordinary page while 8 clients post wrong passwords as fast as they can: the
    lockout and the per-address pause answer them without hashing passwords."""
    stop, answers = threading.Event(), []
    threads = [threading.Thread(target=_bad_sign_ins, args=(port, stop, answers))
               for _ in range(attackers)]
    for t in threads:
        t.start()
    time.sleep(2)
    try:
        p50, p95 = measure(port, "/", session)
    finally:
        stop.set()
        for t in threads:
            t.join()
    statuses = {code: answers.count(code) for code in set(answers)}
    print(f"{'zj_staff':<10} {'/ during 8 clients of wrong passwords':<44} "
          f"{p50 * 1000:8.1f} {p95 * 1000:8.1f}   sign-in answers: {statuses}")


def main():
    ensure_demo()
    zj = Program.objects.get(name="千名干部交流互派工程")
    batch = Batch.objects.get(program=zj, number=2)
    pages = [
        ("zj_staff", f"/programs/{zj.pk}/"), ("zj_leader", f"/programs/{zj.pk}/"),
        ("zj_staff", f"/batches/{batch.pk}/"), ("zj_staff", "/"),
        ("zj_staff", "/placements/"), ("zj_staff", f"/api/v1/stats/overview/?program={zj.pk}"),
        ("zx_host", "/"), ("zx_sender", "/"), ("cadre", "/"),
    ]
    sessions = {user: session_of(user) for user, _ in pages}
    port = 8765
    proc = serve(port)
    try:
        print(f"TTFB, gunicorn 2 workers, {CLIENTS} clients, {ROUNDS} requests each "
              f"({django.db.connection.vendor})")
        print(f"{'user':<10} {'page':<44} {'p50 ms':>8} {'p95 ms':>8}")
        for user, path in pages:
            p50, p95 = measure(port, path, sessions[user])
            print(f"{user:<10} {path:<44} {p50 * 1000:8.1f} {p95 * 1000:8.1f}")
        storm(port, sessions["zj_staff"])
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()

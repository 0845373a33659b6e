"""A real Celery worker for the tests that need one: a subprocess on a queue of the test's own,
writing to the test's PostgreSQL database and media folder, stopped when the block ends."""
import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def worker(queue, app="secondment", **env):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail("a real worker needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
    db = connection.settings_dict
    environment = {
        **os.environ, "REDIS_URL": settings.REDIS_URL, "CELERY_QUEUE": queue,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT), **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", app, "worker", "--pool=solo", "-Q", queue,
         "-l", "warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=environment)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)

"""A real Celery worker for the tests that need one: a subprocess on a queue of the test's own,
writing to the test's PostgreSQL database and media folder, stopped when the block ends."""
import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def worker(queue, app="secondment", **env):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        # Marked `worker`, such a test is skipped before it gets here (conftest.py).
        pytest.skip("a real worker needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
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


@pytest.fixture
def queue():
    """A queue of this test's own, used by the app in this process and by its workers."""
    from secondment.celery import app

    name = f"test-worker-{uuid.uuid4().hex}"
    cached = ("default_queue", "queues", "router")
    saved = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue, app.conf.task_always_eager = name, False
    for attr in cached:
        app.amqp.__dict__.pop(attr, None)
    yield name
    app.conf.task_default_queue, app.conf.task_always_eager = saved
    for attr in cached:
        app.amqp.__dict__.pop(attr, None)


def wait_for(predicate, timeout=60, what="the worker", every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"timed out waiting for {what}")

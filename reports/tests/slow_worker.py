"""The worker of test_worker's killed-worker test: its csv writer dawdles, so that the test
can kill the worker while a report is `running`. Start with `celery -A
reports.tests.slow_worker worker`."""
import os
import time

from secondment.celery import app

__all__ = ["app"]


def _slow_down(**kwargs):
    from reports import writers

    write_csv = writers.write_csv

    def slow_csv(sheet, path):
        time.sleep(float(os.environ.get("SLOW_WRITER_SECONDS", "60")))
        return write_csv(sheet, path)

    writers.WRITERS["csv"] = slow_csv


# After Django is set up in the worker (the fixup runs at worker init).
from celery.signals import worker_init  # noqa: E402

worker_init.connect(_slow_down, weak=False)

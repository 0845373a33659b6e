"""Building one report, safe against the ways a queue delivers work.

A delivery first claims the report by a conditional update: a queued report, or a running one
whose lease ran out (its worker vanished). Only the claimant may finish it, and it finishes by
another conditional update on its own claim: a delivery that lost its claim throws its file
away. So a report redelivered after its worker was killed is built once, is never left
`running`, and two deliveries at once never both write it.
"""
import datetime
import logging
import os
import tempfile

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import ServiceError

from . import kinds, writers
from .choices import ReportStatus
from .models import Report

logger = logging.getLogger(__name__)
# Worth another try: the database went away or timed out for a moment.
TRANSIENT = (OperationalError, InterfaceError)


class Busy(Exception):
    """Another delivery holds a live claim on the report: look again once it may be over."""

    def __init__(self, retry_in):
        super().__init__(retry_in)
        self.retry_in = retry_in


def lease():
    return datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS)


def claim(report_id):
    """(report, claim time) for this delivery, None when there is nothing left to do."""
    now = timezone.now()
    claimed = Report.objects.filter(pk=report_id).filter(
        Q(status=ReportStatus.QUEUED)
        | Q(status=ReportStatus.RUNNING, started_at__lt=now - lease())
    ).update(status=ReportStatus.RUNNING, started_at=now, finished_at=None, error="",
             attempts=F("attempts") + 1)
    if claimed:
        report = Report.objects.select_related("program__organizer", "batch",
                                               "requested_by").get(pk=report_id)
        return report, now
    current = Report.objects.filter(pk=report_id).values("status", "started_at").first()
    if current is None or current["status"] != ReportStatus.RUNNING:
        return None
    remaining = current["started_at"] + lease() - now
    raise Busy(max(5, int(remaining.total_seconds()) + 5))


def _mine(report_id, started):
    return Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, started_at=started)


def release(report_id, started):
    """Give a claim back (a transient failure): the retry claims it again."""
    _mine(report_id, started).update(status=ReportStatus.QUEUED)


def fail(report_id, started, reason):
    _mine(report_id, started).update(status=ReportStatus.FAILED, error=str(reason)[:2000],
                                     finished_at=timezone.now())


def _check(report):
    """The request's rules again, at build time: a row written past the service (a script, an
    old schedule) or a requester who has since lost the role fails with the service's
    message instead of building something it should not."""
    from .services import check_request

    check_request(kinds.department_reader(report), kind=report.kind, format=report.format,
                  program=report.program, batch=report.batch,
                  period_start=report.period_start, period_end=report.period_end,
                  as_of=report.as_of,
                  parameters={k: v for k, v in report.parameters.items() if k != "language"})


def _build_file(report):
    _check(report)
    language = report.parameters.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        sheet = kinds.build(report)
        handle, path = tempfile.mkstemp(suffix=f".{report.format}")
        os.close(handle)
        try:
            rows = writers.WRITERS[report.format](sheet, path)
        except BaseException:
            os.unlink(path)
            raise
    return path, rows


def run(report_id, last_try=True):
    """Build the report if this delivery may; returns what happened (for the task's result).
    A transient failure gives the claim back for a retry, or fails the report on the last
    try."""
    claimed = claim(report_id)
    if claimed is None:
        return "nothing_to_do"
    report, started = claimed
    try:
        path, rows = _build_file(report)
    except TRANSIENT as exc:
        if last_try:
            fail(report_id, started, _("生成失败：数据库暂时不可用（%s）") % exc)
            return "failed"
        release(report_id, started)
        raise
    except SoftTimeLimitExceeded:
        fail(report_id, started,
             _("生成超时：数据量过大，请缩小范围（如指定批次或统计期间）后重试"))
        return "failed"
    except ServiceError as exc:
        fail(report_id, started, exc.message)
        return "failed"
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        fail(report_id, started, _("生成失败：%(kind)s：%(error)s") % {
            "kind": type(exc).__name__, "error": exc})
        return "failed"
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as handle:
            stored = default_storage.save(
                f"reports/{started:%Y/%m}/{report.kind}-{report.pk}.{report.format}",
                File(handle))
    finally:
        os.unlink(path)
    finished = _mine(report_id, started).update(
        status=ReportStatus.DONE, file=stored, row_count=rows, file_size=size,
        finished_at=timezone.now())
    if not finished:
        # The claim ran out and another delivery took over: its file is the report's.
        default_storage.delete(stored)
        return "superseded"
    return "done"


def stalled(now=None):
    """Reports the sweeper hands to the workers again: queued for a while (their message was
    never sent, or was lost) or running past their lease."""
    now = now or timezone.now()
    return Report.objects.filter(
        Q(status=ReportStatus.QUEUED, created_at__lt=now - datetime.timedelta(minutes=2))
        | Q(status=ReportStatus.RUNNING, started_at__lt=now - lease()))

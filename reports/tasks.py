"""Celery tasks of the reports app: building reports, the periodic reports, the sweeper and
the nightly alerts. Each is safe to run twice (see building.py and alerts.py)."""
import datetime
import logging

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs.choices import ProgramStatus
from programs.models import Program

from . import alerts, building
from .choices import ReportFormat, ReportKind

logger = logging.getLogger(__name__)


# The Report row is the result: nothing is stored in (or waited for on) the result backend.
@shared_task(bind=True, name="reports.build_report", max_retries=3, acks_late=True,
             ignore_result=True)
def build_report(self, report_id):
    try:
        return building.run(report_id, last_try=self.request.retries >= self.max_retries)
    except building.Busy as busy:
        # Another delivery holds the report; come back when its claim may have run out.
        raise self.retry(countdown=busy.retry_in, max_retries=None) from None
    except building.TRANSIENT as exc:
        raise self.retry(exc=exc, countdown=10 * 2 ** self.request.retries) from exc


@shared_task(name="reports.requeue_stalled_reports")
def requeue_stalled_reports():
    """Every few minutes: hand again to the workers the reports whose message was never sent
    (the queue was down when they were requested) or whose worker vanished. A report handed
    over twice is still built once (building.claim)."""
    from .services import enqueue

    sent = [pk for pk in building.stalled().values_list("pk", flat=True)
            if enqueue(pk, quiet=True)]
    return {"requeued": len(sent)}


def _period(kind, today):
    """The period a periodic report covers: the last month, or the last quarter for the
    batch summary."""
    first_of_month = today.replace(day=1)
    if kind == ReportKind.BATCH_SUMMARY:
        quarter_start_month = 3 * ((first_of_month.month - 1) // 3) + 1
        end = first_of_month.replace(month=quarter_start_month) - datetime.timedelta(days=1)
        start = end.replace(day=1, month=3 * ((end.month - 1) // 3) + 1)
        return start, end
    end = first_of_month - datetime.timedelta(days=1)
    return end.replace(day=1), end


@shared_task(name="reports.make_periodic_reports")
def make_periodic_reports(kind, format=ReportFormat.XLSX, today=None):
    """Beat's monthly and quarterly reports: one per active program and period, made once
    (a constraint), built by the workers, read by the program's department."""
    from .kinds import SPECS
    from .models import Report
    from .services import enqueue

    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    start, end = _period(kind, today)
    made = []
    for program in Program.objects.filter(status=ProgramStatus.ACTIVE):
        as_of = end if SPECS[kind].as_of_period_end else None
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    kind=kind, format=format, program=program, period_start=start,
                    period_end=end, as_of=as_of, scheduled=True,
                    parameters={"language": "zh-hans"})
        except IntegrityError:
            continue  # made already for this period
        made.append(report.pk)
    for pk in made:
        enqueue(pk, quiet=True)
    return {"kind": kind, "period": [start.isoformat(), end.isoformat()], "made": made}


@shared_task(name="reports.raise_alerts")
def raise_alerts():
    """Nightly: raise every kind of alert that is due and resolve those whose cause ended."""
    return alerts.raise_all()


@shared_task(name="reports.raise_worklog_reminders")
def raise_worklog_reminders():
    """The diary reminders alone (kept for schedules that still name this task)."""
    return alerts.worklog_reminders()

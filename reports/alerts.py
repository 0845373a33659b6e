"""Reminders raised by the nightly job: once per open cause, resolved when the cause ends, and
shown only to the role and unit (or the person) concerned.

Each rule lists today's causes; `sync` raises the new ones (the open-cause constraint makes a
second raise a no-op) and resolves the open alerts of its kind whose cause is gone.

The diary reminder (基层减负): a cadre on post who has written nothing for the last seven
days — working days in them, not all on leave — gets a private reminder. Nobody else sees
it, and no ranking or public list is made of it.
"""
import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from placements.choices import (
    PUBLISHED_ORDER_STATUSES,
    InspectionStatus,
    OrderStatus,
    PlacementStatus,
)
from placements.models import DemandOrder, Inspection, Leave, Placement, WorkLog
from placements.querysets import away_from_post
from programs.calendar import WorkCalendar
from programs.choices import BatchStatus
from programs.models import AllowancePolicy, Batch

from .choices import AlertKind
from .models import Alert

QUIET_DAYS = 7
TERM_ENDING_DAYS = 30
REVIEW_OVERDUE_DAYS = 5
UNFILLED_DAYS = 14
INSURANCE_DAYS = 30
INSPECTION_DAYS = 7


@dataclass(frozen=True)
class Cause:
    subject: object
    role: str
    unit_id: int | None
    message: str
    recipient_id: int | None = None


def sync(kind, causes, model) -> dict:
    """Raise the causes not yet open and resolve the open alerts of `kind` on `model`'s
    objects whose cause is no longer listed."""
    content_type = ContentType.objects.get_for_model(model)
    open_alerts = Alert.objects.filter(kind=kind, content_type=content_type,
                                       resolved_at__isnull=True)
    before = open_alerts.count()
    Alert.objects.bulk_create([
        Alert(kind=kind, content_type=content_type, object_id=c.subject.pk, role=c.role,
              unit_id=c.unit_id, recipient_id=c.recipient_id, message=c.message)
        for c in causes], ignore_conflicts=True)
    raised = open_alerts.count() - before
    current = {(c.subject.pk, c.role, c.unit_id) for c in causes}
    gone = [pk for pk, object_id, role, unit_id in open_alerts.values_list(
        "pk", "object_id", "role", "unit_id") if (object_id, role, unit_id) not in current]
    resolved = Alert.objects.filter(pk__in=gone).update(resolved_at=timezone.now())
    return {"raised": raised, "resolved": resolved, "open": before + raised - resolved}


def _for_department(subject, program, message):
    return Cause(subject, Role.ORG_STAFF, program.organizer_id, message)


# --- The rules --------------------------------------------------------------------------------

def worklog_reminders(today: datetime.date | None = None) -> dict:
    """Cadres on post whose diary has been silent for a week of working days."""
    today = today or timezone.localdate()
    window = (today - datetime.timedelta(days=QUIET_DAYS), today - datetime.timedelta(days=1))
    quiet = list(
        Placement.objects.filter(status=PlacementStatus.ON_POST, start_date__lte=window[0],
                                 cadre__user__isnull=False)
        .exclude(Exists(WorkLog.objects.filter(placement=OuterRef("pk"), date__range=window)))
        .annotate(last_log=Max("work_logs__date"))
        .select_related("cadre", "home_unit"))
    cal = WorkCalendar(*window)
    leave = {}
    for pid, start, end in Leave.objects.filter(
            away_from_post(), placement__in=quiet,
            start_date__lte=window[1], end_date__gte=window[0]).values_list(
            "placement_id", "start_date", "end_date"):
        leave[pid] = leave.get(pid, 0) + cal.working_days(max(start, window[0]),
                                                           min(end, window[1]))
    due = [p for p in quiet if cal.working_days(*window) - leave.get(p.pk, 0) > 0]
    return sync(AlertKind.WORKLOG_MISSING, [
        Cause(p, Role.CADRE, p.home_unit_id, _diary_message(p, today), p.cadre.user_id)
        for p in due], Placement)


def _diary_message(placement, today):
    if placement.last_log:
        days = (today - placement.last_log).days
        return _("您已%(days)d天未填写挂职纪实（最近一次：%(last)s），可一次补记一周。") % {
            "days": days, "last": placement.last_log}
    return _("您到岗后尚未填写挂职纪实，请及时填写，可一次补记一周。")


def terms_ending(today=None):
    """Placements on post whose term ends within 30 days: the department, the host and the
    home unit prepare the end-of-term appraisal and the return."""
    today = today or timezone.localdate()
    causes = []
    for p in Placement.objects.filter(
            status=PlacementStatus.ON_POST, planned_end_date__gte=today,
            planned_end_date__lte=today + datetime.timedelta(days=TERM_ENDING_DAYS)
    ).select_related("cadre", "batch__program", "host_unit"):
        message = _("%(cadre)s在%(unit)s的挂职将于%(date)s期满，请安排期满考核和返回手续。") % {
            "cadre": p.cadre.name, "unit": p.host_unit.name, "date": p.planned_end_date}
        causes += [_for_department(p, p.batch.program, message),
                   Cause(p, Role.RECEIVING, p.host_unit_id, message),
                   Cause(p, Role.DISPATCHING, p.home_unit_id, message)]
    return sync(AlertKind.TERM_ENDING, causes, Placement)


def orders_awaiting_review(today=None):
    """Orders submitted 5 days ago or more and not yet approved or returned."""
    now = timezone.now() if today is None else timezone.make_aware(
        datetime.datetime.combine(today, datetime.time(23, 59)))
    causes = []
    for order in DemandOrder.objects.filter(
            status=OrderStatus.SUBMITTED,
            submitted_at__lte=now - datetime.timedelta(days=REVIEW_OVERDUE_DAYS),
    ).select_related("batch__program", "receiving_unit"):
        message = _("%(unit)s的订单“%(title)s”已提交%(days)d天，尚未审核。") % {
            "unit": order.receiving_unit.name, "title": order.title,
            "days": (now - order.submitted_at).days}
        causes.append(_for_department(order, order.batch.program, message))
    return sync(AlertKind.ORDER_REVIEW_OVERDUE, causes, DemandOrder)


def batches_unfilled(today=None):
    """Batches still taking orders or matching whose cadres are due on post within 14 days
    (or already overdue) while published orders still have posts unfilled."""
    today = today or timezone.localdate()
    unfilled = DemandOrder.objects.filter(
        batch=OuterRef("pk"), status__in=PUBLISHED_ORDER_STATUSES,
        filled_count__lt=F("headcount")).values("batch").annotate(
        open=Sum(F("headcount") - F("filled_count"))).values("open")
    causes = []
    for batch in Batch.objects.filter(
            status__in=(BatchStatus.OPEN, BatchStatus.MATCHING),
            report_by__lte=today + datetime.timedelta(days=UNFILLED_DAYS),
    ).annotate(open_posts=Coalesce(unfilled, 0)).filter(open_posts__gt=0).select_related(
            "program"):
        message = _("%(program)s%(batch)s尚有%(posts)d个岗位未选派，到岗截止日期为%(date)s。") % {
            "program": batch.program.name, "batch": batch, "posts": batch.open_posts,
            "date": batch.report_by}
        causes.append(_for_department(batch, batch.program, message))
    return sync(AlertKind.BATCH_UNFILLED, causes, Batch)


def insurance_lapsing(today=None):
    """Cadres on post under a policy with accident insurance whose cover is not recorded, or
    ends within 30 days before their term does."""
    today = today or timezone.localdate()
    insured_policy = AllowancePolicy.objects.filter(
        Q(track=OuterRef("track")) | Q(track__isnull=True),
        program=OuterRef("batch__program"), accident_insurance=True)
    causes = []
    for p in Placement.objects.filter(status=PlacementStatus.ON_POST).filter(
            Exists(insured_policy)).filter(
            Q(insured_until__isnull=True)
            | Q(insured_until__lte=today + datetime.timedelta(days=INSURANCE_DAYS),
                insured_until__lt=F("planned_end_date"))
    ).select_related("cadre", "batch__program"):
        if p.insured_until is None:
            message = _("%s在岗，尚未登记人身意外保险的保险期限。") % p.cadre.name
        elif p.insured_until < today:
            message = _("%(cadre)s的人身意外保险已于%(date)s到期，仍在岗，请续保。") % {
                "cadre": p.cadre.name, "date": p.insured_until}
        else:
            message = _("%(cadre)s的人身意外保险将于%(date)s到期，挂职至%(end)s，请续保。") % {
                "cadre": p.cadre.name, "date": p.insured_until, "end": p.planned_end_date}
        causes.append(_for_department(p, p.batch.program, message))
    return sync(AlertKind.INSURANCE_LAPSING, causes, Placement)


def inspections_due(today=None):
    """Scheduled inspections due within 7 days or overdue, not yet recorded."""
    today = today or timezone.localdate()
    causes = []
    for inspection in Inspection.objects.filter(
            status=InspectionStatus.SCHEDULED,
            scheduled_date__lte=today + datetime.timedelta(days=INSPECTION_DAYS),
    ).select_related("placement__cadre", "placement__batch__program"):
        late = (today - inspection.scheduled_date).days
        when = (_("已逾期%d天") % late) if late > 0 else (
            _("计划于%s") % inspection.scheduled_date)
        message = _("%(cadre)s的定期检查%(when)s，请完成并登记结果。") % {
            "cadre": inspection.placement.cadre.name, "when": when}
        causes.append(_for_department(inspection, inspection.placement.batch.program, message))
    return sync(AlertKind.INSPECTION_DUE, causes, Inspection)


RULES = {
    AlertKind.WORKLOG_MISSING: worklog_reminders,
    AlertKind.TERM_ENDING: terms_ending,
    AlertKind.ORDER_REVIEW_OVERDUE: orders_awaiting_review,
    AlertKind.BATCH_UNFILLED: batches_unfilled,
    AlertKind.INSURANCE_LAPSING: insurance_lapsing,
    AlertKind.INSPECTION_DUE: inspections_due,
}


def raise_all(today=None) -> dict:
    return {str(kind): rule(today) for kind, rule in RULES.items()}

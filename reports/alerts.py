"""Reminders raised by the nightly job: once per open cause, resolved when the cause ends, and
shown only to the person concerned.

The diary reminder (基层减负): a cadre on post who has written nothing for the last seven
days — working days in them, not all on leave — gets a private reminder. Nobody else sees
it, and no ranking or public list is made of it.
"""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from placements.choices import APPROVED_LEAVE_STATUSES, PlacementStatus
from placements.models import Leave, Placement, WorkLog
from programs.calendar import WorkCalendar

from .choices import AlertKind
from .models import Alert

QUIET_DAYS = 7


def worklog_reminders(today: datetime.date | None = None) -> dict:
    """Raise the diary reminders that are due and resolve those whose cause has ended."""
    today = today or timezone.localdate()
    window = (today - datetime.timedelta(days=QUIET_DAYS), today - datetime.timedelta(days=1))
    placement_type = ContentType.objects.get_for_model(Placement)
    on_post = Placement.objects.filter(status=PlacementStatus.ON_POST,
                                       start_date__lte=window[0])
    quiet = (on_post.filter(cadre__user__isnull=False)
             .exclude(Exists(WorkLog.objects.filter(placement=OuterRef("pk"),
                                                    date__range=window)))
             .annotate(last_log=Max("work_logs__date"))
             .select_related("cadre", "home_unit"))
    quiet = list(quiet)
    cal = WorkCalendar(*window)
    leave = {}
    for pid, start, end in Leave.objects.filter(
            placement__in=quiet, status__in=APPROVED_LEAVE_STATUSES,
            start_date__lte=window[1], end_date__gte=window[0]).values_list(
            "placement_id", "start_date", "end_date"):
        leave[pid] = leave.get(pid, 0) + cal.working_days(max(start, window[0]),
                                                           min(end, window[1]))
    due = [p for p in quiet if cal.working_days(*window) - leave.get(p.pk, 0) > 0]
    new = [Alert(kind=AlertKind.WORKLOG_MISSING, content_type=placement_type,
                 object_id=p.pk, recipient_id=p.cadre.user_id, role=Role.CADRE,
                 unit=p.home_unit, message=_message(p, today)) for p in due]
    # The open-cause constraint makes a second raise for the same placement a no-op.
    before = Alert.objects.filter(kind=AlertKind.WORKLOG_MISSING,
                                  resolved_at__isnull=True).count()
    Alert.objects.bulk_create(new, ignore_conflicts=True)
    raised = Alert.objects.filter(kind=AlertKind.WORKLOG_MISSING,
                                  resolved_at__isnull=True).count() - before
    resolved = (Alert.objects.filter(kind=AlertKind.WORKLOG_MISSING, resolved_at__isnull=True,
                                     content_type=placement_type)
                .exclude(object_id__in=[p.pk for p in due])
                .update(resolved_at=timezone.now()))
    return {"raised": raised, "resolved": resolved, "open": before + raised - resolved}


def _message(placement, today):
    if placement.last_log:
        days = (today - placement.last_log).days
        return _("您已%(days)d天未填写挂职纪实（最近一次：%(last)s），可一次补记一周。") % {
            "days": days, "last": placement.last_log}
    return _("您到岗后尚未填写挂职纪实，请及时填写，可一次补记一周。")

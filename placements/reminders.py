"""Reviews that waited: a diary entry or a leave request a unit has not answered within 5
working days is sent again to the unit — to its operators who are there, and, for those away,
to whoever stands in for them (accounts.standins), so that nothing waits on an empty desk."""
import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.calendar import WorkCalendar

from .choices import LeaveStatus, WorkLogStatus
from .models import Leave, WorkLog

OVERDUE_WORKING_DAYS = 5


def overdue_cutoff(today) -> datetime.date:
    """The last day a request may have come in to have waited OVERDUE_WORKING_DAYS working
    days by `today`."""
    calendar = WorkCalendar(today - datetime.timedelta(days=40), today)
    day, counted = today, 0
    while counted < OVERDUE_WORKING_DAYS:
        day -= datetime.timedelta(days=1)
        counted += calendar.is_working_day(day)
    return day


def overdue_by_unit(today) -> dict:
    """{unit id: {"diaries": n, "leaves": n}} of what waited too long at each unit."""
    cutoff = overdue_cutoff(today)
    found: dict = {}

    def add(rows, key):
        for unit, n in rows:
            found.setdefault(unit, {"diaries": 0, "leaves": 0})[key] += n
    add(WorkLog.objects.filter(status=WorkLogStatus.SUBMITTED, created_at__date__lte=cutoff)
        .values_list("placement__host_unit").annotate(n=Count("pk")).order_by(), "diaries")
    leaves = Leave.objects.filter(status=LeaveStatus.REQUESTED)
    add(leaves.filter(host_approved_at__isnull=True, created_at__date__lte=cutoff)
        .values_list("placement__host_unit").annotate(n=Count("pk")).order_by(), "leaves")
    add(leaves.filter(host_approved_at__date__lte=cutoff, needs_home_approval=True,
                      home_approved_at__isnull=True)
        .values_list("placement__home_unit").annotate(n=Count("pk")).order_by(), "leaves")
    return found


def remind_overdue_reviews(today=None) -> int:
    """Tell each unit with overdue reviews, at most once in OVERDUE_WORKING_DAYS days; the
    operators away are replaced by their stand-ins. Returns the units told."""
    from accounts.standins import away
    from notices.choices import MessageKind
    from notices.models import Message
    from notices.receivers import operators
    from notices.services import tell

    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=OVERDUE_WORKING_DAYS)
    told = 0
    for unit, counts in overdue_by_unit(today).items():
        staff = list(operators(unit))
        if Message.objects.filter(kind=MessageKind.REVIEW_OVERDUE, recipient__in=staff,
                                  created_at__gte=since).exists():
            continue
        absent = away(unit, today)
        recipients = [u for u in staff if u not in absent] + list(absent.values())
        body = _("已超过%(days)d个工作日未办理：挂职纪实%(d)d篇，请假%(l)d件。") % {
            "days": OVERDUE_WORKING_DAYS, "d": counts["diaries"], "l": counts["leaves"]}
        for operator, stand_in in absent.items():
            body += _("%(op)s不在岗，由%(si)s代为办理。") % {
                "op": operator.get_full_name() or operator.username,
                "si": stand_in.get_full_name() or stand_in.username}
        url = reverse("placements:worklog_list") + "?awaiting=true" if counts["diaries"] \
            else reverse("placements:leave_list") + "?awaiting=true"
        if recipients:
            tell(recipients, MessageKind.REVIEW_OVERDUE, _("有待办事项已等待超过5个工作日"),
                 body, url)
            told += 1
    return told

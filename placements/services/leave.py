"""Leave (请销假): the cadre asks, the host unit approves — and the home unit too when the
leave is longer than the program allows without it — and the cadre reports back (销假)."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, RuleBroken, predicate
from core.roles import acts_as
from core.signals import step_taken

from ..choices import ACTIVE_PLACEMENT_STATUSES, LeaveKind, LeaveStatus
from ..models import Leave
from .allowances import policy_for
from .permissions import is_department_staff, require_side, unit_sides
from .records import fresh_placement, lock_record
from .validation import not_in_future, require_text

# Without a policy, the common rule: leave of more than three days needs the home unit too.
DEFAULT_HOME_APPROVAL_DAYS = 3


def _check_dates(placement, start, end):
    if end < start:
        raise InvalidInput(_("请假结束日期不能早于开始日期"),
                           fields={"end_date": [_("不能早于开始日期")]})
    if start < placement.start_date or end > placement.occupied_until:
        message = _("请假日期须在挂职期间（%(start)s至%(end)s）") % {
            "start": placement.start_date, "end": placement.occupied_until}
        raise InvalidInput(message, code="outside_placement", fields={"start_date": [message]})
    clash = (placement.leaves.exclude(status=LeaveStatus.REJECTED)
             .filter(start_date__lte=end, end_date__gte=start))
    if clash.exists():
        raise RuleBroken(_("该时段已有请假申请"), code="leave_overlap")


def request_leave(actor, placement, start_date, end_date, reason, kind=LeaveKind.PERSONAL):
    with transaction.atomic():
        placement = fresh_placement(placement, lock=True)
        require_side(actor, placement, "cadre", "department",
                     message=_("只有挂职干部本人可以请假"))
        if placement.status not in ACTIVE_PLACEMENT_STATUSES:
            raise RuleBroken(_("挂职已结束，不能请假"), code="illegal_transition")
        reason = require_text(reason, "reason", _("请填写请假事由"))
        _check_dates(placement, start_date, end_date)
        if kind not in LeaveKind.values:
            message = _("请假类别应为：%s") % "、".join(str(k.label) for k in LeaveKind)
            raise InvalidInput(message, fields={"kind": [message]})
        leave = Leave(placement=placement, start_date=start_date, end_date=end_date,
                      reason=reason, kind=kind)
        apply_program_rules(leave, policy_for(placement))
        leave.save()
        return leave


def apply_program_rules(leave, policy):
    """The program's leave settings, read when the leave is asked and kept on it: which
    tiers decide it (the host always; the home unit past a number of days; the department
    past another), and whether its kind counts as days on post."""
    days = (leave.end_date - leave.start_date).days + 1
    home = policy.home_approval_leave_days if policy else DEFAULT_HOME_APPROVAL_DAYS
    department = policy.department_approval_leave_days if policy else None
    on_post = policy.on_post_leave_kinds if policy else [LeaveKind.OFFICIAL]
    leave.needs_home_approval = days > home
    leave.needs_department_approval = department is not None and days > department
    leave.counts_on_post = leave.kind in on_post


def can_decide_leaves(user) -> bool:
    """Whether the user decides leave at all (the list's bulk step): a unit's operator or the
    department's staff; each leave is still checked by decide_leave."""
    return user.is_superuser or user.role == Role.ORG_STAFF or (
        bool(user.unit_id) and acts_as(user, Role.RECEIVING, Role.DISPATCHING))


def check_decide_leave(user, leave):
    """The tiers (host, home, department) whose decision the user gives now; refused for
    anyone else (403), for a leave already decided, and out of turn (409): the host first,
    then the home unit where the leave needs it, then the department where it needs it. The
    program's department staff decide for every tier at once."""
    acting_for = unit_sides(user, leave.placement, message=_("只有接收单位或派出单位可以审批请假"))
    if is_department_staff(user, leave.placement.batch.program):
        acting_for = acting_for | {"department"}
    if leave.status != LeaveStatus.REQUESTED:
        raise RuleBroken(_("该请假申请已审批"), code="illegal_transition")
    pending = {side for side, done in (
        ("host", leave.host_approved_at),
        ("home", leave.home_approved_at or not leave.needs_home_approval),
        ("department", leave.department_approved_at or not leave.needs_department_approval),
    ) if not done}
    if "host" in pending and "host" not in acting_for:
        raise RuleBroken(_("请先由接收单位审批"), code="awaiting_host")
    mine = acting_for & pending
    if not mine and pending == {"department"}:
        raise RuleBroken(_("本单位已审批，请假天数较长，还需组织部审批"),
                         code="awaiting_department")
    if not mine:
        raise RuleBroken(_("本单位已审批，无需重复审批"), code="already_decided")
    return mine, pending


can_decide_leave = predicate(check_decide_leave)


def decide_leave(leave, actor, approve: bool, comment=""):
    """The host unit's (and, where needed, the home unit's) decision. Org staff may decide for
    both sides. A refusal by either side refuses the leave."""
    if not approve:
        require_text(comment, "comment", _("不批准时请说明原因"))
    with transaction.atomic():
        leave = lock_record(leave)
        mine, pending = check_decide_leave(actor, leave)
        if comment:
            leave.review_comment = comment.strip()
        if not approve:
            leave.status = LeaveStatus.REJECTED
        else:
            now = timezone.now()
            if "host" in mine:
                leave.host_approved_by, leave.host_approved_at = actor, now
            if "home" in mine:
                leave.home_approved_by, leave.home_approved_at = actor, now
            if "department" in mine:
                leave.department_approved_by, leave.department_approved_at = actor, now
            if not pending - mine:
                leave.status = LeaveStatus.APPROVED
        leave.save()
        step_taken.send(sender=Leave, step="leave_decided", obj=leave, actor=actor)
        return leave


def check_report_back(user, leave):
    """销假 is the cadre's (or the host's, the department's) once an approved leave has
    begun: a leave not yet started is withdrawn or left to run, never reported back from."""
    require_side(user, leave.placement, "cadre", "host", "department",
                 message=_("只有挂职干部本人或接收单位可以销假"))
    if leave.status != LeaveStatus.APPROVED:
        raise RuleBroken(_("只有已批准的请假可以销假"), code="illegal_transition")
    if timezone.localdate() < leave.start_date:
        raise RuleBroken(_("请假自%s开始，尚未开始不能销假") % leave.start_date.isoformat(),
                         code="leave_not_started")


can_report_back = predicate(check_report_back)


def check_cancel_leave(user, leave):
    require_side(user, leave.placement, "cadre", message=_("只能撤回本人的请假申请"))
    if leave.status != LeaveStatus.REQUESTED:
        raise RuleBroken(_("已审批的请假不能撤回"), code="illegal_transition")


can_cancel_leave = predicate(check_cancel_leave)


def report_back(leave, actor, returned_on: datetime.date | None = None):
    """销假: the cadre is back. Back early, the leave ends the day before the return."""
    with transaction.atomic():
        leave = lock_record(leave)
        check_report_back(actor, leave)
        if returned_on is not None:
            not_in_future(returned_on, "returned_on", _("返岗日期"))
            if not leave.start_date < returned_on <= leave.end_date + datetime.timedelta(days=1):
                message = _("返岗日期须在%(start)s之后、%(end)s之前") % {
                    "start": leave.start_date,
                    "end": leave.end_date + datetime.timedelta(days=1)}
                raise InvalidInput(message, fields={"returned_on": [message]})
            leave.end_date = returned_on - datetime.timedelta(days=1)
        leave.status = LeaveStatus.REPORTED_BACK
        leave.reported_back_at = timezone.now()
        leave.save()
        return leave


def cancel_leave(leave, actor):
    """The cadre withdraws a request not yet decided."""
    with transaction.atomic():
        leave = lock_record(leave)
        check_cancel_leave(actor, leave)
        leave.delete()

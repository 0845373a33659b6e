"""Work diaries (挂职纪实): a few lines a day, written by the cadre, confirmed by the host unit.

Light by design (基层减负): an entry per day or a week at once, no check-in times, no
location; the host unit confirms or asks for more, and an entry is the cadre's to edit until
it is confirmed.
"""
import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, RuleBroken, predicate
from core.roles import acts_as
from core.signals import step_taken
from core.text import LONG
from programs.calendar import WorkCalendar, month_bounds

from ..choices import (
    STARTED_PLACEMENT_STATUSES,
    WorkLogCategory,
    WorkLogStatus,
)
from ..models import Placement, WorkLog
from ..querysets import away_from_post
from .permissions import require_side
from .records import fresh_placement, lock_record
from .validation import full_clean_or_400, require_text, require_within_post

EDITABLE_FIELDS = ("content", "category", "attachment")


def _require_started(placement):
    if placement.status not in STARTED_PLACEMENT_STATUSES:
        raise RuleBroken(_("挂职尚未到岗，不能填写挂职纪实"), code="not_on_post")


def _new_log(placement, day, content, category, attachment=None):
    require_within_post(placement, day)
    content = require_text(content, "content", _("请填写当日工作内容"), LONG)
    log = WorkLog(placement=placement, date=day, content=content,
                  category=category or WorkLogCategory.OTHER)
    if attachment:
        log.attachment = attachment
    full_clean_or_400(log, exclude=["placement"])
    return log


def _save_new(log):
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        # The attachment was stored before the INSERT was refused: it belongs to nothing.
        if log.attachment:
            log.attachment.delete(save=False)
        raise RuleBroken(_("%s已有挂职纪实，每天只能填写一条") % log.date,
                         code="duplicate_log", fields={"date": [_("该日已有挂职纪实")]}) from None
    return log


def write_log(actor, placement, date, content, category=None, attachment=None):
    """The cadre's entry for one day of their placement."""
    with transaction.atomic():
        placement = fresh_placement(placement, lock=True)
        require_side(actor, placement, "cadre", message=_("只有挂职干部本人可以填写挂职纪实"))
        _require_started(placement)
        return _save_new(_new_log(placement, date, content, category, attachment))


def write_logs(actor, placement, entries):
    """Several days at once (补记一周): all entries are written, or none."""
    if not entries:
        raise InvalidInput(_("请至少填写一天的纪实"), fields={"entries": [_("不能为空")]})
    dates = [entry["date"] for entry in entries]
    if len(set(dates)) != len(dates):
        raise InvalidInput(_("同一天只能填写一条纪实"), code="duplicate_log",
                           fields={"entries": [_("日期重复")]})
    with transaction.atomic():
        placement = fresh_placement(placement, lock=True)
        require_side(actor, placement, "cadre", message=_("只有挂职干部本人可以填写挂职纪实"))
        _require_started(placement)
        logs = [_new_log(placement, e["date"], e.get("content"), e.get("category"))
                for e in entries]
        taken = set(WorkLog.objects.filter(placement=placement, date__in=dates)
                    .values_list("date", flat=True))
        if taken:
            first = min(taken)
            raise RuleBroken(_("%s已有挂职纪实，每天只能填写一条") % first,
                             code="duplicate_log", fields={"entries": [str(d) for d in taken]})
        return [_save_new(log) for log in logs]


def edit_log(log, actor, **changes):
    """The cadre edits an entry not yet confirmed; an entry sent back for more is resubmitted."""
    with transaction.atomic():
        log = lock_record(log)
        require_side(actor, log.placement, "cadre", message=_("只能修改本人的挂职纪实"))
        if log.status == WorkLogStatus.ACCEPTED:
            raise RuleBroken(_("该纪实已经接收单位确认，不能再修改"), code="log_reviewed")
        if "date" in changes and changes["date"] != log.date:
            raise InvalidInput(_("纪实日期不能修改，请删除后重新填写"),
                               fields={"date": [_("不能修改")]})
        for name in EDITABLE_FIELDS:
            if name in changes:
                setattr(log, name, changes[name])
        log.content = require_text(log.content, "content", _("请填写当日工作内容"), LONG)
        if log.status == WorkLogStatus.NEEDS_MORE:
            log.status = WorkLogStatus.SUBMITTED
        full_clean_or_400(log, exclude=["placement"])
        log.save()
        return log


def delete_log(log, actor):
    with transaction.atomic():
        log = lock_record(log)
        require_side(actor, log.placement, "cadre", message=_("只能删除本人的挂职纪实"))
        if log.status == WorkLogStatus.ACCEPTED:
            raise RuleBroken(_("该纪实已经接收单位确认，不能删除"), code="log_reviewed")
        log.delete()


def check_review_log(user, log):
    require_side(user, log.placement, "host", message=_("只有接收单位可以审阅本单位挂职干部的纪实"))
    if log.status == WorkLogStatus.ACCEPTED:
        raise RuleBroken(_("该纪实已确认"), code="log_reviewed")


can_review_log = predicate(check_review_log)


def can_review_logs(user) -> bool:
    """Whether the user reviews diary entries at all (the list's bulk step): a host unit's
    operator; each entry is still checked by review_log."""
    return bool(user.unit_id) and acts_as(user, Role.RECEIVING)


def review_log(log, actor, decision, comment=""):
    """The host unit confirms an entry (accepted) or asks the cadre for more (needs_more)."""
    if decision not in (WorkLogStatus.ACCEPTED, WorkLogStatus.NEEDS_MORE):
        raise InvalidInput(_("审阅结论应为“已确认”或“需补充”"),
                           fields={"decision": [_("无效的审阅结论")]})
    if decision == WorkLogStatus.NEEDS_MORE:
        require_text(comment, "comment", _("要求补充时请说明需补充的内容"))
    with transaction.atomic():
        log = lock_record(log)
        check_review_log(actor, log)
        log.status = decision
        log.review_comment = (comment or "").strip()
        log.reviewed_by = actor
        log.reviewed_at = timezone.now()
        log.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at",
                                "updated_at"])
        step_taken.send(sender=WorkLog, obj=log, actor=actor,
                        step="worklog_returned" if decision == WorkLogStatus.NEEDS_MORE
                        else "worklog_accepted")
        return log


@dataclass
class DayRow:
    date: datetime.date
    working_day: bool
    on_post: bool
    on_leave: bool
    past: bool
    log: WorkLog | None = None

    @property
    def state(self) -> str:
        """logged, leave, off, pending (today, not yet written), missing (a past working day
        on post with no entry) or outside the placement."""
        if not self.on_post:
            return "outside"
        if self.log is not None:
            return "logged"
        if self.on_leave:
            return "leave"
        if not self.working_day:
            return "off"
        return "missing" if self.past else "pending"


@dataclass
class MonthView:
    placement: Placement
    month: str
    days: list[DayRow] = field(default_factory=list)

    def count(self, state):
        return sum(1 for day in self.days if day.state == state)

    @property
    def working_days(self):
        return sum(1 for d in self.days if d.on_post and d.working_day and not d.on_leave)


def month_view(placement, month):
    """Each day of `month` for one placement: logged, on leave, missing, off, pending or
    outside. A day is missing only once it is over; days after today are outside."""
    first, last = month_bounds(month)
    cal = WorkCalendar(first, last)
    today = timezone.localdate()
    post_end = min(placement.occupied_until, today)
    logs = {log.date: log for log in placement.work_logs.filter(date__range=(first, last))}
    leaves = list(placement.leaves.filter(away_from_post(),
                                          start_date__lte=last, end_date__gte=first)
                  .values_list("start_date", "end_date"))
    view = MonthView(placement, month)
    day = first
    while day <= last:
        started = placement.status in STARTED_PLACEMENT_STATUSES
        view.days.append(DayRow(
            date=day, working_day=cal.is_working_day(day),
            on_post=started and placement.start_date <= day <= post_end,
            on_leave=any(s <= day <= e for s, e in leaves), past=day < today,
            log=logs.get(day)))
        day += datetime.timedelta(days=1)
    return view


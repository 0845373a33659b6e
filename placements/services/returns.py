"""返回与后续使用: the home unit's return plan (the home post kept; a change of post waits for
the department's consent), the three parties' end-of-term review, the later use of the cadre
after return and the department's follow-up a year on."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate

from ..choices import ACTIVE_PLACEMENT_STATUSES, FINISHED_PLACEMENT_STATUSES
from ..models import LaterUse, ReturnPlan
from ..models.returns import REVIEWERS
from .dates import last_month_from
from .lifecycle import lock_placement
from .permissions import placement_sides, require_department_staff

Status = ReturnPlan.Status
FOLLOW_UP_AFTER = timedelta(days=365)
REVIEWER_LABELS = {"home": _("派出单位"), "host": _("接收单位"), "cadre": _("本人")}


def return_plan_due(placement):
    """The day the return plan is due: a month before the planned end."""
    return last_month_from(placement)


def check_write_return_plan(user, placement):
    if not placement_sides(user, placement) & {"home", "department"}:
        raise NotAllowed(_("返回安排由派出单位填写"))
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("挂职已结束，返回安排不能再修改"), code="illegal_transition")


can_write_return_plan = predicate(check_write_return_plan)


def write_return_plan(placement, actor, home_post, new_post="", change_reason="",
                      meeting_date=None, note=""):
    """The plan for the cadre's return; a new post other than the home post is proposed, and
    waits for the department's consent (a step of its own)."""
    home_post, new_post = (home_post or "").strip(), (new_post or "").strip()
    change_reason = (change_reason or "").strip()
    errors = {}
    if not home_post:
        errors["home_post"] = [_("请填写原单位职务")]
    if new_post and new_post != home_post and not change_reason:
        errors["change_reason"] = [_("岗位变动须说明理由")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    with transaction.atomic():
        placement = lock_placement(placement)
        check_write_return_plan(actor, placement)
        plan = ReturnPlan.objects.filter(placement=placement).first() or ReturnPlan(
            placement=placement)
        changed_post = (new_post if new_post != home_post else "") != (
            plan.new_post if plan.pk and plan.changes_post else "")
        plan.home_post, plan.new_post = home_post, (new_post if new_post != home_post else "")
        plan.change_reason = change_reason if plan.new_post else ""
        plan.meeting_date, plan.note, plan.written_by = meeting_date, (note or "").strip(), actor
        if not plan.changes_post:
            plan.status, plan.consented_at, plan.consented_by = Status.AGREED, None, None
        elif changed_post or plan.status != Status.AGREED:
            plan.status, plan.consented_at, plan.consented_by = (
                Status.AWAITING_CONSENT, None, None)
        plan.save()
        return plan


def check_consent_post_change(user, plan):
    require_department_staff(user, plan.placement.batch.program)
    if plan.status != Status.AWAITING_CONSENT:
        raise RuleBroken(_("该返回安排没有待同意的岗位变动"), code="nothing_to_consent")


can_consent_post_change = predicate(check_consent_post_change)


def consent_post_change(plan, actor):
    with transaction.atomic():
        plan = ReturnPlan.objects.select_for_update(of=("self",)).select_related(
            "placement__batch__program").get(pk=plan.pk)
        check_consent_post_change(actor, plan)
        plan.status, plan.consented_at, plan.consented_by = (
            Status.AGREED, timezone.now(), actor)
        plan.save()
        return plan


def check_review_term(user, placement, today=None) -> str:
    """The home unit, the host unit and the cadre each review the term once, from its last
    month on."""
    sides = [s for s in REVIEWERS if s in placement_sides(user, placement)]
    if not sides:
        raise NotAllowed(_("期满评议由派出单位、接收单位和本人分别填写"))
    today = today or timezone.localdate()
    if placement.status in ACTIVE_PLACEMENT_STATUSES and today < return_plan_due(placement):
        raise RuleBroken(_("期满评议自挂职最后一个月（%s起）填写") % return_plan_due(placement),
                         code="too_early")
    plan = getattr(placement, "return_plan", None) if placement.pk else None
    open_sides = [s for s in sides if plan is None or s in plan.reviews_pending()]
    if not open_sides:
        raise RuleBroken(_("您已填写过期满评议"), code="already_reviewed")
    return open_sides[0]


can_review_term = predicate(check_review_term)


def review_term(placement, actor, text):
    text = (text or "").strip()
    if not text:
        message = _("请填写评议内容")
        raise InvalidInput(message, fields={"text": [message]})
    with transaction.atomic():
        placement = lock_placement(placement)
        ReturnPlan.objects.filter(placement=placement).select_for_update().first()
        side = check_review_term(actor, placement)
        plan = ReturnPlan.objects.filter(placement=placement).first() or ReturnPlan(
            placement=placement, home_post=placement.cadre.position or _("原岗位"),
            written_by=actor)
        setattr(plan, f"review_{side}", text)
        setattr(plan, f"review_{side}_at", timezone.now())
        plan.save()
        return plan


def check_record_later_use(user, placement):
    """The department or the home unit, once the cadre has returned."""
    if not placement_sides(user, placement) & {"department", "home"}:
        raise NotAllowed(_("后续使用由组织部或派出单位登记"))
    if placement.status not in FINISHED_PLACEMENT_STATUSES:
        raise RuleBroken(_("干部尚未返回，不能登记后续使用"), code="not_returned")


can_record_later_use = predicate(check_record_later_use)


def record_later_use(placement, actor, kind, date, note=""):
    if kind not in LaterUse.Kind.values:
        message = _("类别应为：%s") % "、".join(str(label) for label in LaterUse.Kind.labels)
        raise InvalidInput(message, fields={"kind": [message]})
    with transaction.atomic():
        placement = lock_placement(placement)
        check_record_later_use(actor, placement)
        if date < placement.actual_end_date:
            message = _("后续使用的日期不能早于返回日期（%s）") % placement.actual_end_date
            raise InvalidInput(message, code="before_return", fields={"date": [message]})
        if date > timezone.localdate():
            message = _("日期不能晚于今天")
            raise InvalidInput(message, fields={"date": [message]})
        return LaterUse.objects.create(placement=placement, kind=kind, date=date,
                                       note=(note or "").strip(), recorded_by=actor)


def check_follow_up(user, placement, today=None):
    """The department's visit a year after the return, once."""
    require_department_staff(user, placement.batch.program)
    if placement.status not in FINISHED_PLACEMENT_STATUSES:
        raise RuleBroken(_("干部尚未返回"), code="not_returned")
    due = placement.actual_end_date + FOLLOW_UP_AFTER
    if (today or timezone.localdate()) < due:
        raise RuleBroken(_("返回一年后（%s起）回访") % due, code="too_early")
    plan = getattr(placement, "return_plan", None)
    if plan is not None and plan.followed_up_at:
        raise RuleBroken(_("已回访过"), code="already_followed_up")


can_follow_up = predicate(check_follow_up)


def follow_up(placement, actor, note):
    note = (note or "").strip()
    if not note:
        message = _("请填写回访情况")
        raise InvalidInput(message, fields={"note": [message]})
    with transaction.atomic():
        placement = lock_placement(placement)
        check_follow_up(actor, placement)
        plan = ReturnPlan.objects.filter(placement=placement).first() or ReturnPlan(
            placement=placement, home_post=placement.cadre.position or _("原岗位"),
            written_by=actor)
        plan.followed_up_at, plan.followed_up_by, plan.follow_up_note = (
            timezone.now(), actor, note)
        plan.save()
        return plan

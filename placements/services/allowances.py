"""Monthly allowance statements: living allowance for the days on post less approved leave,
paid round trips, accident insurance — under the program's (or the track's) policy.

A month is settled once it is over, by the monthly job or on demand; never twice: a second
run leaves existing statements alone, and a statement is changed only by a correction that
keeps the original.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, RuleBroken, predicate
from programs.calendar import MONTH_RE, month_bounds, overlap_days
from programs.models import AllowancePolicy

from ..choices import STARTED_PLACEMENT_STATUSES
from ..models import AllowanceStatement, Leave, Placement
from ..querysets import away_from_post
from .permissions import require_department_staff
from .records import fresh_placement, lock_record
from .validation import require_text


def _applicable(policies, track_id):
    """The track's policy, else the program-wide one, else None (`policies` by track id)."""
    return policies.get(track_id) or policies.get(None)


def policy_for(placement):
    policies = {p.track_id: p for p in AllowancePolicy.objects.filter(
        Q(track_id=placement.track_id) | Q(track__isnull=True),
        program_id=placement.batch.program_id)}
    return _applicable(policies, placement.track_id)


def check_month(month: str) -> tuple[datetime.date, datetime.date]:
    """A settled month: well formed and already over."""
    if not isinstance(month, str) or not MONTH_RE.match(month):
        raise InvalidInput(_("月份格式应为YYYY-MM，如2017-10"),
                           fields={"month": [_("月份格式应为YYYY-MM")]})
    first, last = month_bounds(month)
    if last >= timezone.localdate():
        raise RuleBroken(_("%s尚未结束，月末之后才能结算") % month, code="month_not_over",
                         fields={"month": [_("月份尚未结束")]})
    return first, last


def _on_post_span(placement, first, last):
    """The part of [first, last] the cadre was on post, or None."""
    if placement.status not in STARTED_PLACEMENT_STATUSES:
        return None
    start, end = max(placement.start_date, first), min(placement.occupied_until, last)
    return (start, end) if start <= end else None


def _build(placement, policy, month, span, leaves, actor):
    days_in = (span[1] - span[0]).days + 1
    leave_days = sum(overlap_days(*span, s, e) for s, e in leaves)
    days = max(0, days_in - leave_days)
    return AllowanceStatement(
        placement=placement, month=month, days_on_post=days, leave_days=leave_days,
        daily_allowance=policy.daily_allowance, amount=policy.daily_allowance * days,
        trips_allowed=policy.round_trips_per_month, insured=policy.accident_insurance,
        insurance_premium=policy.insurance_premium if policy.accident_insurance else Decimal(0),
        created_by=actor,
    )


def _approved_leaves(placements, first, last):
    by_placement: dict[int, list] = {}
    for pid, start, end in Leave.objects.filter(
            away_from_post(), placement__in=placements,
            start_date__lte=last, end_date__gte=first).values_list(
            "placement_id", "start_date", "end_date"):
        by_placement.setdefault(pid, []).append((start, end))
    return by_placement


def _save(statement):
    """Insert unless the month already has a current statement (a concurrent run included)."""
    try:
        with transaction.atomic():
            statement.save()
        return True
    except IntegrityError:
        return False


def generate_statement(actor, placement, month):
    """One placement's statement for a settled month."""
    first, last = check_month(month)
    placement = fresh_placement(placement)
    require_department_staff(actor, placement.batch.program)
    span = _on_post_span(placement, first, last)
    if span is None:
        raise RuleBroken(_("%(cadre)s在%(month)s未在岗，不能生成补助结算单")
                         % {"cadre": placement.cadre.name, "month": month},
                         code="not_on_post", fields={"month": [_("该月未在岗")]})
    policy = policy_for(placement)
    if policy is None:
        raise RuleBroken(_("该挂职所属项目未设置补助政策"), code="no_policy")
    leaves = _approved_leaves([placement], first, last).get(placement.pk, [])
    statement = _build(placement, policy, month, span, leaves, actor)
    if not _save(statement):
        raise RuleBroken(_("该挂职%s的结算单已生成，如有错误请更正") % month,
                         code="already_generated")
    return statement


@dataclass
class GenerateResult:
    month: str
    created: list
    existing: int
    without_policy: int


def check_generate_month(user, program):
    require_department_staff(user, program)


can_generate_month = predicate(check_generate_month)


def generate_month(program, month, actor=None):
    """Every placement of `program` on post during `month` gets its statement, once.
    `actor` None is the scheduled monthly job."""
    first, last = check_month(month)
    if actor is not None:
        check_generate_month(actor, program)
    policies = {p.track_id: p for p in AllowancePolicy.objects.filter(program=program)}
    placements = list(
        Placement.objects.filter(batch__program=program, status__in=STARTED_PLACEMENT_STATUSES)
        .overlapping(first, last)
        .exclude(Exists(AllowanceStatement.objects.filter(
            placement=OuterRef("pk"), month=month, is_current=True)))
        .select_related("batch")
    )
    already = AllowanceStatement.objects.filter(
        placement__batch__program=program, month=month, is_current=True).count()
    leaves = _approved_leaves(placements, first, last)
    created, without_policy = [], 0
    for placement in placements:
        policy = _applicable(policies, placement.track_id)
        if policy is None:
            without_policy += 1
            continue
        span = _on_post_span(placement, first, last)
        statement = _build(placement, policy, month, span, leaves.get(placement.pk, []), actor)
        if _save(statement):
            created.append(statement)
        else:
            already += 1
    return GenerateResult(month, created, already, without_policy)


CORRECTABLE = ("days_on_post", "leave_days", "trips_taken")


def correct_statement(statement, actor, reason, **changes):
    """A corrected statement replaces the current one; the original is kept, marked as
    superseded, and the correction points to it."""
    reason = require_text(reason, "reason", _("更正结算单必须说明原因"))
    with transaction.atomic():
        original = lock_record(statement)
        require_department_staff(actor, original.placement.batch.program)
        if not original.is_current:
            raise RuleBroken(_("该结算单已被更正，请更正最新的结算单"), code="superseded")
        first, last = month_bounds(original.month)
        days_in_month = (last - first).days + 1
        corrected = AllowanceStatement(
            placement=original.placement, month=original.month, corrects=original,
            correction_reason=reason, created_by=actor,
            **{name: getattr(original, name) for name in (
                "days_on_post", "leave_days", "daily_allowance", "trips_allowed",
                "trips_taken", "insured", "insurance_premium")})
        for name in CORRECTABLE:
            if changes.get(name) is not None:
                setattr(corrected, name, changes[name])
        if corrected.days_on_post + corrected.leave_days > days_in_month:
            raise InvalidInput(_("在岗天数与请假天数之和不能超过当月天数（%d天）") % days_in_month,
                               fields={"days_on_post": [_("超过当月天数")]})
        if corrected.trips_taken > corrected.trips_allowed:
            message = _("实际往返次数不能超过可报销次数（%d次）") % corrected.trips_allowed
            raise InvalidInput(message, fields={"trips_taken": [_("超过可报销次数")]})
        corrected.amount = corrected.daily_allowance * corrected.days_on_post
        original.is_current = False
        original.save(update_fields=["is_current"])
        corrected.save()
        return corrected

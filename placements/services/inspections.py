"""Inspections (定期检查): the department schedules visits or diary checks and records what it
found. A scheduled inspection whose date has come is due."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, RuleBroken, predicate

from ..choices import (
    ACTIVE_PLACEMENT_STATUSES,
    STARTED_PLACEMENT_STATUSES,
    InspectionKind,
    InspectionRating,
    InspectionStatus,
)
from ..models import Inspection
from .permissions import require_side
from .records import fresh_placement, lock_record
from .validation import full_clean_or_400, require_text

_ONLY_DEPARTMENT = _("只有组织部可以安排和登记检查")


def check_schedule_inspection(user, placement):
    require_side(user, placement, "department", message=_ONLY_DEPARTMENT)
    if placement.status not in ACTIVE_PLACEMENT_STATUSES:
        raise RuleBroken(_("已结束的挂职不能再安排检查"), code="illegal_transition")


can_schedule_inspection = predicate(check_schedule_inspection)


def schedule_inspection(actor, placement, scheduled_date, kind=InspectionKind.VISIT):
    placement = fresh_placement(placement)
    check_schedule_inspection(actor, placement)
    if scheduled_date < placement.start_date or scheduled_date > placement.occupied_until:
        raise InvalidInput(_("计划日期须在挂职期间"),
                           fields={"scheduled_date": [_("须在挂职期间")]})
    inspection = Inspection(placement=placement, kind=kind, scheduled_date=scheduled_date,
                            status=InspectionStatus.SCHEDULED, inspector=actor)
    full_clean_or_400(inspection, exclude=["placement", "inspector"])
    inspection.save()
    return inspection


def _finish(inspection, actor, date, findings, rating, bears_on_appraisal=False):
    findings = require_text(findings, "findings", _("请填写检查发现"))
    if rating not in InspectionRating.values:
        raise InvalidInput(_("请选择检查评价"), fields={"rating": [_("请选择评价")]})
    if date > timezone.localdate():
        raise InvalidInput(_("检查日期不能晚于今天"), fields={"date": [_("不能晚于今天")]})
    inspection.status = InspectionStatus.DONE
    inspection.date, inspection.findings, inspection.rating = date, findings, rating
    inspection.inspector = actor
    inspection.bears_on_appraisal = bool(bears_on_appraisal)
    full_clean_or_400(inspection, exclude=["placement", "inspector"])
    inspection.save()
    return inspection


def check_record_inspection(user, placement):
    require_side(user, placement, "department", message=_ONLY_DEPARTMENT)
    if placement.status not in STARTED_PLACEMENT_STATUSES:
        raise RuleBroken(_("挂职尚未到岗，不能登记检查"), code="not_on_post")


can_record_inspection = predicate(check_record_inspection)


def record_inspection(actor, placement, date, findings, rating, kind=InspectionKind.VISIT,
                      bears_on_appraisal=False):
    """An inspection made without being scheduled first."""
    placement = fresh_placement(placement)
    check_record_inspection(actor, placement)
    return _finish(Inspection(placement=placement, kind=kind), actor, date, findings, rating,
                   bears_on_appraisal)


def check_complete_inspection(user, inspection):
    require_side(user, inspection.placement, "department", message=_ONLY_DEPARTMENT)
    if inspection.status == InspectionStatus.DONE:
        raise RuleBroken(_("该检查已完成"), code="illegal_transition")


can_complete_inspection = predicate(check_complete_inspection)


def complete_inspection(inspection, actor, date, findings, rating, bears_on_appraisal=False):
    with transaction.atomic():
        inspection = lock_record(inspection)
        check_complete_inspection(actor, inspection)
        return _finish(inspection, actor, date, findings, rating, bears_on_appraisal)

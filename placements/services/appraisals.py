"""Appraisals (考核): annual and end-of-term, each by the host unit and by the home unit.
The host unit's end-of-term appraisal is what lets a placement be completed."""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, RuleBroken, predicate

from ..choices import STARTED_PLACEMENT_STATUSES, AppraisalKind, AppraisalSide, Grade
from ..models import Appraisal
from .permissions import require_side, unit_sides
from .records import fresh_placement, lock_record


def has_end_of_term_appraisal(placement) -> bool:
    return placement.appraisals.filter(kind=AppraisalKind.END_OF_TERM,
                                       side=AppraisalSide.HOST).exists()


def check_record_appraisal(user, placement):
    """The sides (host, home) the user appraises for."""
    own = unit_sides(user, placement, message=_("只有接收单位、派出单位或组织部可以登记考核"))
    if placement.status not in STARTED_PLACEMENT_STATUSES:
        raise RuleBroken(_("挂职尚未到岗，不能考核"), code="not_on_post")
    return own


can_record_appraisal = predicate(check_record_appraisal)


def record_appraisal(actor, placement, kind, grade, comments="", side=None, year=None):
    """The unit's appraisal of its side; org staff say which side they record for."""
    placement = fresh_placement(placement)
    own = check_record_appraisal(actor, placement)
    if side is None:
        if len(own) != 1:
            raise InvalidInput(_("请选择考核单位（接收单位或派出单位）"),
                               fields={"side": [_("请选择")]})
        side = own.pop()
    elif side not in own:
        raise InvalidInput(_("只能登记本单位一方的考核"), fields={"side": [_("不是本单位一方")]})
    if kind not in AppraisalKind.values:
        raise InvalidInput(_("考核类型无效"), fields={"kind": [_("无效的类型")]})
    if grade not in Grade.values:
        raise InvalidInput(_("考核等次应为优秀、称职、基本称职或不称职"),
                           fields={"grade": [_("无效的等次")]})
    if year is None:
        year = (placement.occupied_until.year if kind == AppraisalKind.END_OF_TERM
                else timezone.localdate().year)
    if not placement.start_date.year <= year <= placement.occupied_until.year:
        raise InvalidInput(_("考核年度须在挂职期间"), fields={"year": [_("须在挂职期间")]})
    if kind == AppraisalKind.END_OF_TERM and placement.appraisals.filter(
            kind=kind, side=side).exists():
        raise RuleBroken(_("该挂职已有本单位的期满考核"), code="duplicate_appraisal")
    appraisal = Appraisal(placement=placement, kind=kind, side=side, year=year, grade=grade,
                          comments=(comments or "").strip(), recorded_by=actor)
    try:
        with transaction.atomic():
            appraisal.save()
    except IntegrityError:
        raise RuleBroken(_("该挂职%d年度已有本单位的同类考核") % year,
                         code="duplicate_appraisal") from None
    return appraisal


def edit_appraisal(appraisal, actor, grade=None, comments=None):
    """The side that recorded an appraisal corrects its grade or comments."""
    with transaction.atomic():
        appraisal = lock_record(appraisal)
        sides = require_side(actor, appraisal.placement, "host", "home", "department",
                             message=_("只能修改本单位的考核"))
        if "department" not in sides and appraisal.side not in sides:
            raise InvalidInput(_("只能修改本单位一方的考核"),
                               fields={"side": [_("不是本单位一方")]})
        if grade is not None:
            if grade not in Grade.values:
                raise InvalidInput(_("考核等次应为优秀、称职、基本称职或不称职"),
                                   fields={"grade": [_("无效的等次")]})
            appraisal.grade = grade
        if comments is not None:
            appraisal.comments = comments.strip()
        appraisal.save()
        return appraisal

"""资格条件: a cadre checked against the program's eligibility rules when nominated, on every
lane (the page, the API and imports all nominate through services.nominations.nominate). A
refusal names each rule broken (409 `not_eligible`); a nomination keeps what was checked and
what the dispatching unit confirmed (`Nomination.eligibility`)."""
import datetime

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.choices import Education
from core.exceptions import RuleBroken

from ..choices import EligibilityKind, Grade, PlacementStatus
from ..models import Appraisal, EligibilityRule, Placement

EDUCATION_ORDER = {code: len(Education.values) - i for i, code in enumerate(Education.values)}
GRADE_ORDER = {code: len(Grade.values) - i for i, code in enumerate(Grade.values)}


def full_years(start, end) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def full_months(start, end) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def reference_day(batch) -> datetime.date:
    """Ages and years are counted to the batch's report date (到岗), else today."""
    return batch.report_by or timezone.localdate()


def assess(cadre, batch, declared=()) -> tuple[list[dict], list[tuple[int, str]]]:
    """(the rules met, each {"rule", "text", "how"}; the rules broken, each (id, why))."""
    on = reference_day(batch)
    declared = {int(d) for d in declared}
    met, broken = [], []
    for rule in EligibilityRule.objects.filter(program_id=batch.program_id):
        why, how = _judge(rule, cadre, on, declared)
        if why:
            broken.append((rule.pk, why))
        elif how:
            met.append({"rule": rule.pk, "text": rule.describe(), "how": how})
    return met, broken


def require_eligible(cadre, batch, declared=()) -> list[dict]:
    """The rules met, or a 409 naming every rule broken."""
    met, broken = assess(cadre, batch, declared)
    if broken:
        reasons = [why for _pk, why in broken]
        raise RuleBroken(_("%(name)s 不符合本项目的资格条件：%(why)s")
                         % {"name": cadre.name, "why": "；".join(reasons)},
                         code="not_eligible",
                         fields={"eligibility": reasons, "rules": [pk for pk, _w in broken]})
    return met


def _judge(rule, cadre, on, declared) -> tuple[str | None, str | None]:
    """(why the rule is broken or None, how it was met: "checked", "confirmed", or None when
    it does not apply)."""
    kind, n = rule.kind, rule.number
    if kind == EligibilityKind.AGE_CAP:
        if rule.rank and cadre.rank != rule.rank:
            return None, None
        age = full_years(cadre.birth_date, on)
        return (_("%(rule)s（%(on)s时%(age)d周岁）") % {"rule": rule.describe(), "on": on,
                                                      "age": age} if age > n else None,
                "checked")
    if kind == EligibilityKind.MIN_EDUCATION:
        have = EDUCATION_ORDER.get(cadre.education, 0)
        if have >= EDUCATION_ORDER[rule.education]:
            return None, "checked"
        label = Education(cadre.education).label if cadre.education else _("未填学历")
        return _("%(rule)s（现为%(have)s）") % {"rule": rule.describe(), "have": label}, None
    if kind == EligibilityKind.MIN_GRADE:
        return _grade(rule, cadre, declared)
    if kind in (EligibilityKind.YEARS_IN_POST, EligibilityKind.YEARS_IN_RANK):
        since = (cadre.current_post_date if kind == EligibilityKind.YEARS_IN_POST
                 else cadre.current_rank_date)
        if since is None:
            return _("%s（未填任职时间）") % rule.describe(), None
        years = full_years(since, on)
        return (_("%(rule)s（现为%(n)d年）") % {"rule": rule.describe(), "n": years}
                if years < n else None, "checked")
    if kind == EligibilityKind.MONTHS_SINCE_PLACEMENT:
        last = (Placement.objects.filter(cadre=cadre, status__in=(
            PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY))
            .aggregate(end=Max(Coalesce("actual_end_date", "planned_end_date")))["end"])
        if last is None or full_months(last, on) >= n:
            return None, "checked"
        return _("%(rule)s（上次挂职%(end)s结束）") % {"rule": rule.describe(), "end": last}, None
    if kind == EligibilityKind.RESERVE_ONLY:
        return (None, "checked") if cadre.is_reserve else (rule.describe(), None)
    # A declaration: the dispatching unit confirms it for this nomination.
    if rule.pk in declared:
        return None, "confirmed"
    return _("须由派出单位确认：%s") % rule.text, None


def _grade(rule, cadre, declared):
    last = (Appraisal.objects.filter(placement__cadre=cadre)
            .order_by("-year", "-created_at").values_list("grade", flat=True).first())
    if last is not None:
        if GRADE_ORDER[last] >= GRADE_ORDER[rule.grade]:
            return None, "checked"
        return _("%(rule)s（近一次为%(grade)s）") % {"rule": rule.describe(),
                                                 "grade": Grade(last).label}, None
    # No appraisal on record here (a unit's own annual appraisal): the unit confirms it.
    if rule.pk in declared:
        return None, "confirmed"
    return _("%s（系统中无考核记录，须由派出单位确认）") % rule.describe(), None


# The rules a dispatching unit may confirm itself (a grade with no appraisal on record here).
CONFIRMED_BY_UNIT = (EligibilityKind.DECLARATION, EligibilityKind.MIN_GRADE)


def rules_to_confirm_for(batches) -> list:
    """The rules the dispatching unit confirms when nominating to `batches` (the form's
    boxes, the import's column)."""
    return list(EligibilityRule.objects.filter(
        program__in=batches.values("program"), kind__in=CONFIRMED_BY_UNIT)
        .select_related("program").order_by("program", "pk"))

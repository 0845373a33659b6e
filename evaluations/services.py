"""述职 and 个别谈话 as steps: the cadre writes (or uploads) an annual or an end-of-term report,
the host and home units read it; the department and the appraising units record talks."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate
from placements.services.permissions import placement_sides

from .choices import ReportKind
from .models import ReportOfDuty, Talk


def check_write_report(user, placement):
    if "cadre" not in placement_sides(user, placement):
        raise NotAllowed(_("述职报告由挂职干部本人填写"))


can_write_report = predicate(check_write_report)


def write_report(placement, actor, kind, year, text, attachment=None):
    """The cadre's report of a kind and year; written again, it replaces the earlier text."""
    text = (text or "").strip()
    errors = {}
    if kind not in ReportKind.values:
        errors["kind"] = [_("类型应为年度述职或期满述职")]
    if not text and not attachment:
        errors["text"] = [_("请填写述职报告或上传附件")]
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not placement.start_date.year <= year <= this_year:
        errors["year"] = [_("年度应在挂职开始年份至今年之间")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    with transaction.atomic():
        check_write_report(actor, placement)
        report, _created = ReportOfDuty.objects.select_for_update().get_or_create(
            placement=placement, kind=kind, year=year, defaults={"text": text})
        report.text = text
        if attachment is not None:
            report.attachment = attachment
        try:
            report.full_clean(exclude=["placement"])  # the attachment's type and size
        except ValidationError as exc:
            raise InvalidInput(exc.messages[0], fields=exc.message_dict) from None
        report.save()
        return report


def check_record_talk(user, placement):
    """The department and the appraising units (host, home)."""
    if not placement_sides(user, placement) & {"department", "host", "home"}:
        raise NotAllowed(_("个别谈话由组织部或挂职双方单位记录"))


can_record_talk = predicate(check_record_talk)


def record_talk(placement, actor, held_on, interviewee, summary):
    interviewee, summary = (interviewee or "").strip(), (summary or "").strip()
    errors = {}
    if not interviewee:
        errors["interviewee"] = [_("请填写谈话对象")]
    if not summary:
        errors["summary"] = [_("请填写谈话要点")]
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = [_("谈话日期不能晚于今天")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    check_record_talk(actor, placement)
    if held_on < placement.start_date:
        raise RuleBroken(_("谈话日期早于挂职开始"), code="before_start")
    return Talk.objects.create(placement=placement, held_on=held_on, interviewee=interviewee,
                               summary=summary, held_by=actor)

"""What each document says: the values of its placeholders, built once for the Word file and
the PDF alike, masked for the reader as every other output is (cadres.masking)."""
import datetime
from decimal import Decimal

import cn2an
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.masking import reads_unmasked

from .choices import DocumentKind
from .models import IssuedDocument, Letterhead

# Every placeholder a template may use, by kind, with what it holds (the template page lists
# them; an upload using any other name is refused).
COMMON = {
    "issuer": "发文机关（如：中共浙江省委组织部）",
    "date": "成文日期（如：2026年12月6日）",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "address": "地址",
}
PLACEMENT = {
    "cadre_name": "姓名", "gender": "性别", "birth": "出生年月（脱敏读者只见年份）",
    "ethnicity": "民族", "native_place": "籍贯", "political_status": "政治面貌",
    "education": "学历", "work_start": "参加工作时间", "rank": "职级",
    "home_unit": "派出单位", "position": "现任职务", "host_unit": "接收单位",
    "post_title": "挂任职务", "post": "挂任职务（去掉“挂职”二字，用于“挂职××”）",
    "start_date": "挂职开始日期", "end_date": "挂职结束日期",
    "term": "挂职期限（起止）", "program": "项目", "batch": "批次",
    "duties": "工作职责（任务书）", "supervisor": "日常管理负责人（任务书）",
}
PLACEHOLDERS = {
    DocumentKind.INTRODUCTION_LETTER: {**COMMON, **PLACEMENT,
                                       "reference": "发文字号（如：浙组干介〔2026〕1号）"},
    DocumentKind.APPROVAL_FORM: {**COMMON, **PLACEMENT},
    DocumentKind.APPRAISAL_FORM: {
        **COMMON, **PLACEMENT,
        "review_cadre": "本人期满小结", "review_host": "接收单位评议",
        "review_home": "派出单位评议", "grade_host": "接收单位期满考核等次",
        "grade_home": "派出单位期满考核等次", "annual_grades": "年度考核等次（逐年）",
        "achievements": "主要履职成果"},
    DocumentKind.ALLOWANCE_SHEET: {
        **COMMON, "program": "项目", "month": "月份（如：2026年10月）",
        "rows": "明细行（每行：no 序号、name 姓名、home_unit 派出单位、host_unit 接收单位、"
                "days 在岗天数、rate 日标准、amount 金额）",
        "count": "人数", "total": "合计金额（元）", "total_in_words": "合计金额大写",
        "prepared_by": "制表人", "reviewed_by": "审核人"},
}


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def amount_in_words(amount: Decimal) -> str:
    """大写金额 as financial forms write it: 壹仟贰佰元整, 壹佰贰拾叁元肆角伍分."""
    return cn2an.an2cn(f"{Decimal(amount):.2f}", "rmb")


def _letterhead(organizer) -> dict:
    head = Letterhead.objects.filter(organizer=organizer).first()
    return {"issuer": head.issuer if head else organizer.name,
            "contact_person": head.contact_person if head else "",
            "contact_phone": head.contact_phone if head else "",
            "address": head.address if head else "",
            "date": chinese_date(timezone.localdate())}


def _birth(user, cadre) -> str:
    if not cadre.birth_date:
        return ""
    if reads_unmasked(user, cadre):
        return f"{cadre.birth_date.year}年{cadre.birth_date.month}月"
    return f"{cadre.birth_date.year}年"


def placement_values(user, placement) -> dict:
    cadre = placement.cadre
    unmasked = reads_unmasked(user, cadre)
    agreement = placement.agreements.filter(is_current=True).first()
    end = placement.actual_end_date or placement.planned_end_date
    return {
        "cadre_name": cadre.name, "gender": cadre.get_gender_display(),
        "birth": _birth(user, cadre),
        # The record's personal entries go to those who read them whole (as on screen).
        "ethnicity": cadre.get_ethnicity_display() if unmasked and cadre.ethnicity else "",
        "native_place": str(cadre.native_place or ""),
        "political_status": cadre.get_political_status_display(),
        "education": cadre.get_education_display(),
        "work_start": (f"{cadre.work_start_date.year}年{cadre.work_start_date.month}月"
                       if unmasked and cadre.work_start_date else ""),
        "rank": cadre.get_rank_display(),
        "home_unit": placement.home_unit.name, "position": cadre.position,
        "host_unit": placement.host_unit.name, "post_title": placement.post_title,
        "post": placement.post_title.removeprefix("挂职") or placement.post_title,
        "start_date": chinese_date(placement.start_date), "end_date": chinese_date(end),
        "term": _("%(start)s至%(end)s") % {"start": chinese_date(placement.start_date),
                                            "end": chinese_date(end)},
        "program": placement.batch.program.name,
        "batch": placement.batch.name or _("第%d批") % placement.batch.number,
        "duties": agreement.duties if agreement else (
            placement.order.description if placement.order else ""),
        "supervisor": agreement.supervisor if agreement else "",
    }


def reference_number(actor, placement, kind) -> str:
    """The letter's 文号, given on its first printing and kept: 机关代字〔年〕序号号."""
    organizer = placement.batch.program.organizer
    with transaction.atomic():
        issued = IssuedDocument.objects.filter(kind=kind, placement=placement).first()
        if issued is None:
            # One numbering per department, kind and year: its letterhead row is the lock.
            Letterhead.objects.select_for_update().filter(organizer=organizer).first()
            year = timezone.localdate().year
            last = IssuedDocument.objects.filter(organizer=organizer, kind=kind,
                                                 year=year).aggregate(n=Max("number"))["n"]
            issued = IssuedDocument.objects.create(
                organizer=organizer, kind=kind, placement=placement, year=year,
                number=(last or 0) + 1, issued_by=actor)
    head = Letterhead.objects.filter(organizer=organizer).first()
    prefix = head.reference_prefix if head and head.reference_prefix else ""
    return f"{prefix}〔{issued.year}〕{issued.number}号"


def introduction_letter(user, placement) -> dict:
    return {**_letterhead(placement.batch.program.organizer),
            **placement_values(user, placement),
            "reference": reference_number(user, placement,
                                          DocumentKind.INTRODUCTION_LETTER)}


def approval_form(user, placement) -> dict:
    return {**_letterhead(placement.batch.program.organizer),
            **placement_values(user, placement)}


def appraisal_form(user, placement) -> dict:
    from placements.choices import AppraisalKind, AppraisalSide
    from placements.models import ReturnPlan

    plan = ReturnPlan.objects.filter(placement=placement).first()
    appraisals = list(placement.appraisals.order_by("year", "side"))

    def end_of_term(side):
        found = [a for a in appraisals if a.kind == AppraisalKind.END_OF_TERM and a.side == side]
        return found[-1].get_grade_display() if found else ""

    annual = "；".join(f"{a.year}年 {a.get_side_display()} {a.get_grade_display()}"
                      for a in appraisals if a.kind != AppraisalKind.END_OF_TERM)
    achievements = "；".join(
        a.title for a in placement.achievements.filter(verified=True).order_by("date")[:10])
    from evaluations.ballots import latest_suggestion
    from evaluations.models import ReportOfDuty, Talk

    findings = "；".join(
        f"{i.date:%Y-%m-%d} {i.findings}" for i in placement.inspections.filter(
            bears_on_appraisal=True).order_by("date"))
    return {**_letterhead(placement.batch.program.organizer),
            **placement_values(user, placement),
            "ballot": latest_suggestion(placement), "findings": findings,
            "report_of_duty": _end_of_term_report(placement, ReportOfDuty),
            "talks": "、".join(Talk.objects.filter(placement=placement).order_by(
                "held_on").values_list("interviewee", flat=True)),
            "review_cadre": plan.review_cadre if plan else "",
            "review_host": plan.review_host if plan else "",
            "review_home": plan.review_home if plan else "",
            "grade_host": end_of_term(AppraisalSide.HOST),
            "grade_home": end_of_term(AppraisalSide.HOME),
            "annual_grades": annual, "achievements": achievements}


def _end_of_term_report(placement, model) -> str:
    report = model.objects.filter(placement=placement, kind="end_of_term").order_by(
        "-year").first()
    if report is None:
        return ""
    return report.text[:1000] + ("……" if len(report.text) > 1000 else "")


def allowance_sheet(user, program, month, reviewed_by="") -> dict:
    """补助发放表 of a program's month: the current statements the user can see."""
    from placements.models import AllowanceStatement

    statements = (AllowanceStatement.objects.visible_to(user)
                  .filter(placement__batch__program=program, month=month, is_current=True)
                  .select_related("placement__cadre", "placement__home_unit",
                                  "placement__host_unit")
                  .order_by("placement__home_unit__name", "placement__cadre__name", "pk"))
    rows, total = [], Decimal("0")
    for number, s in enumerate(statements, start=1):
        total += s.amount
        rows.append({"no": number, "name": s.placement.cadre.name,
                     "home_unit": s.placement.home_unit.name,
                     "host_unit": s.placement.host_unit.name, "days": s.days_on_post,
                     "rate": f"{s.daily_allowance:,.2f}", "amount": f"{s.amount:,.2f}"})
    year, mon = month.split("-")
    return {**_letterhead(program.organizer), "program": program.name,
            "month": f"{int(year)}年{int(mon)}月", "rows": rows, "count": len(rows),
            "total": f"{total:,.2f}", "total_in_words": amount_in_words(total),
            "prepared_by": user.get_full_name() or user.username,
            "reviewed_by": reviewed_by}


PLACEMENT_BUILDERS = {
    DocumentKind.INTRODUCTION_LETTER: introduction_letter,
    DocumentKind.APPROVAL_FORM: approval_form,
    DocumentKind.APPRAISAL_FORM: appraisal_form,
}

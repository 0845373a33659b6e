"""What each kind of report contains: its columns and rows, built from the aggregates (the
dashboards' figures) or, for the listings, from the same scoped querysets and filters.

A report is built for the person who asked (their scope), or for the program's department
when the periodic job made it. ID numbers and phones are masked in every report, whoever
reads it: a file leaves the system's access control once downloaded.
"""
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from accounts.models import User
from cadres.masking import mask_id_number
from placements.choices import AchievementCategory, AppraisalKind, AppraisalSide, Grade
from placements.models import Appraisal, Placement

from . import aggregates
from .choices import ReportKind


@dataclass(frozen=True)
class Col:
    """A column: its key in the rows, its header, how its values are written (text, int,
    money in yuan, rate as a share, date) and its width in characters."""

    key: str
    header: str
    kind: str = "text"
    width: int = 10


@dataclass
class Sheet:
    title: str
    lines: list[str]
    columns: list[Col]
    rows: Iterable[dict]
    totals: dict | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Spec:
    build: Callable
    needs_program: bool = False
    supports_as_of: bool = True
    # The period when none is given: the last month, or none (as it stands, or as of).
    monthly: bool = False
    # Read by effective dates, so a period that is over is reported as of its last day.
    # Not so the kinds whose records are dated by their entry (statements are made after
    # their month, appraisals after their year).
    as_of_period_end: bool = True


def _previous_month_bounds(today):
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last


def department_reader(report):
    """Whom a report is built for: the person who asked, else (the periodic job) an org staff
    member of the program's department — unsaved, it only carries the scope."""
    if report.requested_by_id:
        return report.requested_by
    return User(role=Role.ORG_STAFF, unit=report.program.organizer, username="")


def params_of(report) -> dict:
    params = {}
    if report.program_id:
        params["program"] = report.program_id
    if report.batch_id:
        params["batch"] = report.batch_id
    if report.period_start:
        params["date_from"] = report.period_start
    if report.period_end:
        params["date_to"] = report.period_end
    if report.as_of:
        params["as_of"] = report.as_of
    return params


def _sum(rows, *keys):
    return {key: sum((row.get(key) or 0) for row in rows) for key in keys}


# --- The kinds -------------------------------------------------------------------------------

_COUNTS = [
    Col("placements", gettext_lazy("挂职人数"), "int", 9),
    Col("on_post", gettext_lazy("在岗"), "int", 7),
    Col("direction_down", gettext_lazy("下派"), "int", 7),
    Col("direction_up", gettext_lazy("上挂"), "int", 7),
    Col("direction_mutual", gettext_lazy("互派"), "int", 7),
    Col("direction_out", gettext_lazy("外派"), "int", 7),
]
_DIARY = [
    Col("required", gettext_lazy("应填天数"), "int", 9),
    Col("logged", gettext_lazy("已填天数"), "int", 9),
    Col("rate", gettext_lazy("纪实填报率"), "rate", 10),
]
_ACHIEVED = [
    Col("achievements", gettext_lazy("成果项数"), "int", 9),
    Col("achievement_amount", gettext_lazy("成果金额（元）"), "money", 16),
]
_SUMMED = ["placements", "on_post", "direction_down", "direction_up", "direction_mutual",
           "direction_out", "started", "ended", "required", "logged", "achievements",
           "achievement_amount"]


def monthly_overview(report, user):
    figures = aggregates.monthly_overview(user, params_of(report))
    rows = figures["rows"]
    for row in rows:
        row["batch"] = row["batch__name"] or _("第%d批") % row["batch__number"]
        row["program"] = row["batch__program__name"]
    totals = _sum(rows, *_SUMMED)
    totals.update(rate=figures["compliance"]["rate"], program=_("合计"))
    columns = [
        Col("program", _("项目"), width=24), Col("batch", _("批次"), width=14), *_COUNTS[:2],
        Col("started", _("本期到岗"), "int", 9), Col("ended", _("本期结束"), "int", 9),
        *_COUNTS[2:], *_DIARY, *_ACHIEVED,
    ]
    return rows, totals, columns, [_("在岗人数为统计期末（数据截至日）的状态。")]


def batch_summary(report, user):
    rows = aggregates.batch_summary(user, params_of(report))["rows"]
    totals = _sum(rows, "planned_size", "orders", "headcount", "filled", "nominated",
                  "self_matched", "selected", "placed", "on_post", "completed", "ended_early")
    totals.update(program=_("合计"), fill_rate=aggregates.share(totals["filled"],
                                                              totals["headcount"]))
    columns = [
        Col("program", _("项目"), width=24), Col("batch", _("批次"), width=14),
        Col("status", _("状态"), width=8), Col("report_by", _("到岗截止"), "date", 11),
        Col("planned_size", _("计划人数"), "int", 9), Col("orders", _("订单数"), "int", 8),
        Col("headcount", _("需求人数"), "int", 9), Col("filled", _("已选派"), "int", 8),
        Col("fill_rate", _("需求满足率"), "rate", 10),
        Col("nominated", _("推荐人数"), "int", 9), Col("self_matched", _("自主对接"), "int", 9),
        Col("selected", _("已选中"), "int", 8), Col("placed", _("挂职人数"), "int", 9),
        Col("on_post", _("在岗"), "int", 7), Col("completed", _("期满"), "int", 7),
        Col("ended_early", _("提前结束"), "int", 9),
    ]
    return rows, totals, columns, _why_not_notes(rows) + _first_choice_notes(rows)


def _first_choice_notes(rows) -> list[str]:
    """Each batch's first-choice rate among placed nominees who stated choices."""
    from placements.balance import first_choices
    from programs.models import Batch

    notes = []
    for batch in Batch.objects.filter(pk__in=[r["key"] for r in rows]).select_related(
            "program").order_by("program__name", "number"):
        wishes = first_choices(batch)
        if wishes["with_choices"]:
            notes.append(_("%(batch)s：填报志愿并已选派%(n)d人，第一志愿%(f)d人（%(rate)s），"
                           "第二志愿%(s)d人，第三志愿%(t)d人，志愿外%(o)d人")
                         % {"batch": batch, "n": wishes["with_choices"], "f": wishes["first"],
                            "rate": f"{wishes['first_rate']:.0%}", "s": wishes["second"],
                            "t": wishes["third"], "o": wishes["other"]})
    return notes


def _why_not_notes(rows) -> list[str]:
    """For each batch still matching: who has no proposal and which posts stay open, counted
    by the reason the matching gives (placements.explain; the board lists each by name)."""
    from placements.explain import tally
    from placements.services import explain_batch
    from programs.choices import BatchStatus
    from programs.models import Batch

    notes = []
    for batch in Batch.objects.filter(pk__in=[r["key"] for r in rows], status__in=(
            BatchStatus.OPEN, BatchStatus.MATCHING)).select_related("program"):
        unplaced, unfilled = explain_batch(batch)
        if unplaced or unfilled:
            notes.append(_("%(batch)s：未获方案%(n)d人（%(why)s）；仍有空缺订单%(m)d个（%(gaps)s）")
                         % {"batch": batch, "n": len(unplaced), "why": tally(unplaced) or "—",
                            "m": len(unfilled), "gaps": tally(unfilled) or "—"})
    return notes


def unit_breakdown(report, user):
    side = report.parameters.get("side", "host")
    figures = aggregates.unit_breakdown(user, params_of(report), side=side)
    rows = figures["rows"]
    totals = _sum(rows, *_SUMMED)
    totals.update(rate=figures["compliance"]["rate"], name=_("合计"))
    unit = _("接收单位") if side == "host" else _("派出单位")
    columns = [Col("name", unit, width=26), Col("region", _("所在地区"), width=12),
               *_COUNTS, *_DIARY, *_ACHIEVED]
    return rows, totals, columns, []


COMPLIANCE_GROUPS = {"placement": gettext_lazy("姓名"), "host_unit": gettext_lazy("接收单位"),
                     "home_unit": gettext_lazy("派出单位"), "batch": gettext_lazy("批次"),
                     "program": gettext_lazy("项目")}


def worklog_compliance(report, user):
    group_by = report.parameters.get("group_by", "placement")
    figures = aggregates.worklog_compliance(user, params_of(report), group_by)
    columns = [Col("name", str(COMPLIANCE_GROUPS[group_by]), width=16 if group_by ==
                   "placement" else 26)]
    if group_by == "placement":
        columns.append(Col("host_unit", _("接收单位"), width=26))
    else:
        columns.append(Col("placements", _("挂职人数"), "int", 9))
    columns += [Col("required", _("应填天数"), "int", 9), Col("logged", _("已填天数"), "int", 9),
                Col("accepted", _("已认可"), "int", 8), Col("missing", _("未填天数"), "int", 9),
                Col("rate", _("纪实填报率"), "rate", 10)]
    totals = {**figures["totals"], "name": _("合计")}
    notes = [_("应填天数为在岗工作日（除周末、法定节假日和已批准的请假），统计至%s。")
             % figures["as_of"].isoformat()]
    return figures["groups"], totals, columns, notes


def achievements(report, user):
    group_by = report.parameters.get("group_by", "program")
    figures = aggregates.achievements(user, params_of(report), group_by)
    categories = dict(AchievementCategory.choices)
    rows = [{**row, "category": categories.get(row["category"], row["category"]),
             "amount": Decimal(row["amount"]), "verified_amount": Decimal(row["verified_amount"])}
            for row in figures["groups"]]
    totals = {**figures["totals"], "name": _("合计"),
              "amount": Decimal(figures["totals"]["amount"]),
              "verified_amount": Decimal(figures["totals"]["verified_amount"])}
    columns = [Col("name", str(COMPLIANCE_GROUPS[group_by]), width=24),
               Col("category", _("成果类别"), width=14), Col("records", _("项数"), "int", 7),
               Col("verified", _("已核实"), "int", 8), Col("amount", _("金额（元）"), "money", 16),
               Col("verified_amount", _("已核实金额（元）"), "money", 16),
               Col("count", _("数量"), "int", 8)]
    return rows, totals, columns, []


def appraisals(report, user):
    params = params_of(report)
    placements = aggregates.filter_placements(Placement.objects.visible_to(user),
                                              {k: v for k, v in params.items() if k != "as_of"})
    qs = aggregates.entered_by(Appraisal.objects.filter(placement__in=placements), params)
    kinds, sides, grades = (dict(AppraisalKind.choices), dict(AppraisalSide.choices),
                            dict(Grade.choices))

    def rows():
        for values in qs.order_by("placement__cadre__name", "year", "kind", "side", "id").values(
                "placement__cadre__name", "placement__home_unit__name",
                "placement__host_unit__name", "year", "kind", "side", "grade").iterator(
                chunk_size=2000):
            yield {"cadre": values["placement__cadre__name"],
                   "home_unit": values["placement__home_unit__name"],
                   "host_unit": values["placement__host_unit__name"], "year": values["year"],
                   "kind": kinds.get(values["kind"]), "side": sides.get(values["side"]),
                   "grade": grades.get(values["grade"])}

    summary = aggregates.appraisals(user, params)
    by_grade = "；".join(f"{label}{summary['by_grade'].get(code, 0)}"
                        for code, label in Grade.choices)
    columns = [Col("cadre", _("姓名"), width=10), Col("home_unit", _("派出单位"), width=24),
               Col("host_unit", _("接收单位"), width=24), Col("year", _("年度"), "int", 7),
               Col("kind", _("考核类型"), width=10), Col("side", _("评价方"), width=10),
               Col("grade", _("等次"), width=10)]
    totals = {"cadre": _("合计"), "grade": str(summary["total"])}
    notes = [_("等次分布：%s。") % by_grade,
             _("60天内期满尚缺接收单位期满考核：%d人。") % summary["end_of_term_due"]]
    return rows(), totals, columns, notes


_STATEMENT_SUMS = ["days_on_post", "leave_days", "amount", "trips_allowed", "trips_taken",
                   "insurance_premium"]


def allowance_statements(report, user):
    params = params_of(report)
    scope = {k: v for k, v in params.items() if k in ("program", "batch", "as_of")}
    if report.period_start:
        scope["month_from"] = report.period_start.strftime("%Y-%m")
    if report.period_end:
        scope["month_to"] = report.period_end.strftime("%Y-%m")
    qs = aggregates.statements(user, scope)

    def rows():
        for values in qs.order_by("month", "placement__cadre__name", "id").values(
                "placement__cadre__name", "placement__cadre__id_number",
                "placement__home_unit__name", "placement__host_unit__name", "month",
                *_STATEMENT_SUMS, "daily_allowance", "insured").iterator(chunk_size=2000):
            yield {"cadre": values.pop("placement__cadre__name"),
                   "id_number": mask_id_number(values.pop("placement__cadre__id_number")),
                   "home_unit": values.pop("placement__home_unit__name"),
                   "host_unit": values.pop("placement__host_unit__name"),
                   **values, "insured": _("是") if values["insured"] else _("否")}

    totals = qs.aggregate(**{key: aggregates.Sum(key) for key in _STATEMENT_SUMS})
    totals = {key: value or 0 for key, value in totals.items()}
    totals["cadre"] = _("合计")
    columns = [Col("cadre", _("姓名"), width=10), Col("id_number", _("身份证号"), width=20),
               Col("home_unit", _("派出单位"), width=24), Col("host_unit", _("接收单位"), width=24),
               Col("month", _("月份"), width=9), Col("days_on_post", _("在岗天数"), "int", 9),
               Col("leave_days", _("请假天数"), "int", 9),
               Col("daily_allowance", _("日补助标准（元）"), "money", 14),
               Col("amount", _("补助金额（元）"), "money", 14),
               Col("trips_allowed", _("可报销往返"), "int", 10),
               Col("trips_taken", _("实际往返"), "int", 9), Col("insured", _("意外险"), width=8),
               Col("insurance_premium", _("保费（元）"), "money", 11)]
    return rows(), totals, columns, [_("身份证号已遮蔽。")]


TARGET_KINDS = {"program": gettext_lazy("项目总目标"), "track": gettext_lazy("子项目"),
                "target": gettext_lazy("年度目标")}


LATER_USE_GROUPS = {"program": gettext_lazy("项目"), "batch": gettext_lazy("批次"),
                    "home_unit": gettext_lazy("派出单位")}


def later_use(report, user):
    from placements.models import LaterUse

    group_by = report.parameters.get("group_by")
    group_by = group_by if group_by in LATER_USE_GROUPS else "program"  # not per person
    figures = aggregates.later_use(user, params_of(report), group_by)
    columns = [Col("name", str(LATER_USE_GROUPS[group_by]), width=26),
               Col("returned", _("返回人数"), "int", 9), Col("used", _("后续使用人数"), "int", 12),
               Col("rate", _("使用比例"), "rate", 10),
               *[Col(kind, str(label), "int", 9) for kind, label in LaterUse.Kind.choices]]
    totals = {**figures["totals"], "name": _("合计")}
    notes = [_("返回人数为已期满返回或提前结束的挂职；"
               "一人有多项后续使用的，在“后续使用人数”中计一次。")]
    return figures["groups"], totals, columns, notes


def target_progress(report, user):
    rows = [{**row, "kind": str(TARGET_KINDS[row["kind"]]),
             "rate": aggregates.share(row["achieved"] or 0, row["target"] or 0)}
            for row in aggregates.targets(user, report.program_id, report.as_of)]
    columns = [Col("name", _("目标"), width=30), Col("kind", _("类型"), width=12),
               Col("target", _("目标数"), "int", 9), Col("achieved", _("完成数"), "int", 9),
               Col("rate", _("完成率"), "rate", 9)]
    return rows, None, columns, []


SPECS = {
    ReportKind.MONTHLY_OVERVIEW: Spec(monthly_overview, monthly=True),
    ReportKind.BATCH_SUMMARY: Spec(batch_summary, supports_as_of=False,
                                   as_of_period_end=False),
    ReportKind.UNIT_BREAKDOWN: Spec(unit_breakdown),
    ReportKind.WORKLOG_COMPLIANCE: Spec(worklog_compliance, monthly=True),
    ReportKind.ACHIEVEMENTS: Spec(achievements),
    ReportKind.APPRAISALS: Spec(appraisals, as_of_period_end=False),
    ReportKind.ALLOWANCE_STATEMENTS: Spec(allowance_statements, monthly=True,
                                          as_of_period_end=False),
    ReportKind.TARGET_PROGRESS: Spec(target_progress, needs_program=True),
    ReportKind.LATER_USE: Spec(later_use),
}

PARAMETER_CHOICES = {
    "side": ("host", "home"),
    "group_by": tuple(COMPLIANCE_GROUPS),
}


def default_period(kind, today=None):
    """The last month for the monthly kinds, else no period."""
    if SPECS[kind].monthly:
        return _previous_month_bounds(today or timezone.localdate())
    return None, None


def build(report) -> Sheet:
    """The report's sheet: title, scope lines, columns, rows (possibly a generator, for the
    listings), totals and notes."""
    user = department_reader(report)
    rows, totals, columns, notes = SPECS[report.kind].build(report, user)
    lines = [scope_line(report)]
    return Sheet(title=report.get_kind_display(), lines=lines, columns=columns, rows=rows,
                 totals=totals, notes=notes)


def scope_line(report):
    parts = [str(report.program) if report.program_id else _("全部项目")]
    if report.batch_id:
        parts.append(str(report.batch))
    if report.period_start or report.period_end:
        parts.append(_("统计期间%(start)s至%(end)s") % {
            "start": report.period_start or "…", "end": report.period_end or "…"})
    parts.append(_("数据截至%s") % (report.as_of or timezone.localdate()))
    return " · ".join(parts)


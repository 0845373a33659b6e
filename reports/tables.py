"""Columns of the reports app's lists, declared once."""
from django.utils.translation import gettext_lazy as _

from core.pages import Column, attr


def subject_url(alert):
    subject = alert.subject
    return subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else None


ALERT_COLUMNS = [
    Column(_("类型"), attr("kind"), order_by="kind"),
    Column(_("内容"), attr("message"), link=subject_url),
    Column(_("首次提醒时间"), attr("raised_at"), order_by="raised_at"),
    Column(_("解除时间"), attr("resolved_at", _("未解除")), order_by="resolved_at"),
]


def report_scope(report):
    if report.batch_id:
        return f"{report.program.name} · {report.batch}" if report.program_id else str(
            report.batch)
    return report.program.name if report.program_id else _("全部项目")


def report_period(report):
    if report.period_start or report.period_end:
        return f"{report.period_start or '…'} — {report.period_end or '…'}"
    return "—"


REPORT_COLUMNS = [
    Column(_("报表"), attr("kind"), link=lambda r: r.get_absolute_url(), order_by="kind"),
    Column(_("格式"), attr("format")),
    Column(_("范围"), report_scope),
    Column(_("统计期间"), report_period),
    Column(_("数据截至"), attr("as_of")),
    Column(_("状态"), attr("status"), order_by="status"),
    Column(_("行数"), attr("row_count", 0), num=True),
    Column(_("申请人"), lambda r: r.requested_by or _("定时生成")),
    Column(_("申请时间"), attr("created_at"), order_by="created_at"),
]

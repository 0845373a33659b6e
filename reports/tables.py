"""Columns of the reports app's lists, declared once."""
from django.utils.translation import gettext_lazy as _

from secondment.pages import Column, attr


def subject_url(alert):
    subject = alert.subject
    return subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else None


ALERT_COLUMNS = [
    Column(_("类型"), attr("kind"), order_by="kind"),
    Column(_("内容"), attr("message"), link=subject_url),
    Column(_("首次提醒时间"), attr("raised_at"), order_by="raised_at"),
    Column(_("解除时间"), attr("resolved_at", _("未解除")), order_by="resolved_at"),
]

"""The security log's page (org staff): the same scope and filters as `security-events/`."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.pages import Column, ObjectListView, attr

from .choices import Role
from .filtersets import SecurityEventFilterSet
from .models import SecurityEvent


def _detail(event):
    return "；".join(f"{k}={v}" for k, v in sorted(event.detail.items())) or "—"


def _count(event):
    """A refusal repeated within its minute: how often, until when."""
    if event.count == 1:
        return "1"
    return _("%(count)d次（至%(last)s）") % {
        "count": event.count, "last": timezone.localtime(event.last_at).strftime("%H:%M:%S")}


class SecurityEventListView(ObjectListView):
    roles = (Role.ORG_STAFF,)
    model = SecurityEvent
    filterset_class = SecurityEventFilterSet
    page_filters = ("kind", "username", "date_from", "date_to")
    select_related = ("user",)
    default_ordering = ("-created_at", "-id")
    title = _("安全事件")
    empty_message = _("没有符合条件的安全事件。记录保留180天。")
    columns = [
        Column(_("时间"), attr("created_at"), order_by="created_at"),
        Column(_("类型"), attr("kind"), order_by="kind"),
        Column(_("次数"), _count),
        Column(_("用户名"), attr("username")),
        Column(_("来源地址"), attr("ip_address")),
        Column(_("路径"), attr("path")),
        Column(_("详情"), _detail),
    ]

"""Pages of 通知公告 (the department publishes, units read: receipts per unit) and of the
user's messages, listed beside the alerts."""
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.pages import (
    Column,
    ObjectDetailView,
    ObjectListView,
    RoleRequiredMixin,
    ServiceFormView,
    attr,
    url_of,
)
from core.roles import UNIT_ROLES, Role

from . import filtersets, services
from .forms import NoticeForm
from .models import Message, Notice
from .receipts import receipts

NOTICE_READERS = (Role.ORG_STAFF, Role.MANAGER, *UNIT_ROLES)
EVERYONE = tuple(Role.values)


def _read_state(notice):
    if getattr(notice, "read_by_me", None) is None:
        return f"{notice.read_by}/{notice.sent_to}"
    return _("已读") if notice.read_by_me else _("未读")


class NoticeListView(ObjectListView):
    model = Notice
    roles = NOTICE_READERS
    filterset_class = filtersets.NoticeFilterSet
    page_filters = ("unread",)
    select_related = ("program",)
    default_ordering = ("-published_at", "-id")
    title = _("通知公告")
    empty_message = _("暂无通知公告。")
    actions = [(_("发布通知"), "notices:notice_add", services.can_publish_notices)]
    exportable = False

    def get_context_data(self, **kwargs):
        unit_reader = bool(self.request.user.unit_id) and self.request.user.role in UNIT_ROLES
        self.columns = [
            Column(_("标题"), attr("title"), url_of),
            Column(_("项目"), attr("program.name")),
            Column(_("发布时间"), lambda n: n.published_at.strftime("%Y-%m-%d %H:%M")),
            Column(_("本单位") if unit_reader else _("已读单位"), _read_state),
        ]
        return super().get_context_data(**kwargs)

    def base_queryset(self):
        from django.db.models import Exists, OuterRef, Value

        from .models import NoticeRead

        qs = super().base_queryset().with_read_by()
        user = self.request.user
        if user.unit_id and user.role in UNIT_ROLES:
            return qs.annotate(read_by_me=Exists(NoticeRead.objects.filter(
                notice=OuterRef("pk"), unit=user.unit_id)))
        return qs.annotate(read_by_me=Value(None))


class NoticeDetailView(ObjectDetailView):
    """A notice; opening it is the unit's receipt. The department sees every unit's."""

    model = Notice
    roles = NOTICE_READERS
    select_related = ("program", "published_by")
    template_name = "notices/notice_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        notice, user = self.object, self.request.user
        services.read_notice(notice, user)
        ctx.update({
            "title": notice.title,
            "breadcrumbs": [(_("通知公告"), reverse("notices:notice_list")),
                            (notice.title, None)],
            "receipts": receipts(notice) if services.can_publish_notice(user, notice.program)
            else None,
        })
        return ctx


class NoticeFormView(ServiceFormView):
    roles = (Role.ORG_STAFF,)
    form_class = NoticeForm
    title = _("发布通知")
    submit_label = _("发布")
    success_message = _("通知已发布，接收单位的阅读情况见通知页面。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        return services.publish_notice(self.request.user, data["program"], data["title"],
                                       data["body"], data["units"])

    def get_cancel_url(self):
        return reverse("notices:notice_list")

    def get_breadcrumbs(self):
        return [(_("通知公告"), reverse("notices:notice_list")), (self.title, None)]


class MessageListView(ObjectListView):
    model = Message
    roles = EVERYONE
    filterset_class = filtersets.MessageFilterSet
    page_filters = ("unread", "kind")
    default_ordering = ("-created_at", "-id")
    title = _("我的消息")
    empty_message = _("暂无消息。订单审核、批次开放、推荐结果、纪实审阅和请假审批"
                      "有结果时会通知您。")
    exportable = False
    columns = [
        Column(_("时间"), lambda m: m.created_at.strftime("%Y-%m-%d %H:%M")),
        Column(_("类型"), attr("kind")),
        Column(_("标题"), attr("title"), url_of),
        Column(_("内容"), attr("body")),
        Column(_("状态"), lambda m: _("已读") if m.read_at else _("未读")),
    ]

    template_name = "notices/message_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["unread_count"] = Message.objects.visible_to(self.request.user).unread().count()
        return ctx


class MessageOpenView(RoleRequiredMixin, View):
    """Opening a message reads it and goes where it points."""

    roles = EVERYONE

    def get(self, request, pk):
        message = get_object_or_404(Message.objects.visible_to(request.user), pk=pk)
        services.read_message(message, request.user)
        target = message.url
        if not target or not url_has_allowed_host_and_scheme(target, None):
            target = reverse("notices:message_list")
        return redirect(target)


class MessageReadAllView(RoleRequiredMixin, View):
    roles = EVERYONE

    def post(self, request):
        from django.contrib import messages

        n = services.read_all(request.user)
        messages.success(request, _("已将%d条消息标为已读。") % n)
        return redirect("notices:message_list")

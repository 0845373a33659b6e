"""The security log's page (org staff): the same scope and filters as `security-events/`."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.exceptions import NotAllowed, ServiceError
from core.pages import Column, ObjectListView, RoleRequiredMixin, StyledForm, attr, show_refusal
from core.roles import UNIT_ROLES

from . import standins
from .choices import Role
from .filtersets import SecurityEventFilterSet
from .models import SecurityEvent, StandIn, StandInStep, User


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


class StandInForm(StyledForm):
    stand_in = forms.ModelChoiceField(label=_("代理人"), queryset=User.objects.none())
    starts_on = forms.DateField(label=_("开始日期"))
    ends_on = forms.DateField(label=_("结束日期"))
    reason = forms.CharField(label=_("事由"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The unit's other operators: a handful, not a directory.
        self.fields["stand_in"].queryset = User.objects.filter(
            unit=user.unit_id, role__in=UNIT_ROLES, is_active=True).exclude(pk=user.pk)
        self.fields["stand_in"].label_from_instance = lambda u: u.get_full_name() or u.username


class StandInsView(RoleRequiredMixin, View):
    """代理人: the unit's stand-ins, naming one for one's own absence, withdrawing it, and
    what each stand-in did on the operator's behalf."""

    roles = UNIT_ROLES
    template_name = "accounts/stand_ins.html"

    def page(self, form=None, status=200):
        user = self.request.user
        rows = list(StandIn.objects.visible_to(user).select_related("operator", "stand_in"))
        for row in rows:
            row.steps = StandInStep.objects.filter(
                stand_in=row.stand_in, operator=row.operator,
                created_at__date__range=(row.starts_on, row.ends_on))[:20]
        return render(self.request, self.template_name, {
            "title": _("代理人"), "breadcrumbs": [(_("代理人"), None)], "rows": rows,
            "form": form or StandInForm(user=user)}, status=status)

    def get(self, request):
        return self.page()

    def post(self, request):
        if request.POST.get("withdraw"):
            row = get_object_or_404(StandIn.objects.visible_to(request.user),
                                    pk=request.POST["withdraw"])
            try:
                standins.withdraw_stand_in(row, request.user)
            except NotAllowed:
                raise PermissionDenied from None
            messages.success(request, _("已撤销代理。"))
            return redirect("stand_ins")
        form = StandInForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data
        try:
            standins.name_stand_in(request.user, data["stand_in"], data["starts_on"],
                                   data["ends_on"], data["reason"])
        except NotAllowed:
            raise PermissionDenied from None
        except ServiceError as exc:
            show_refusal(form, exc)
            return self.page(form, status=exc.status)
        messages.success(request, _("已设置代理人：代理期间的办理将记为代您办理。"))
        return redirect("stand_ins")

"""Leave on pages: the cadre asks and reports back (/my/leave/); the host unit, and for long
leave the home unit, decide on the placement's page."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.exceptions import RuleBroken
from core.pages import ConfirmForm, ServiceFormView

from .. import services
from ..choices import LeaveKind
from ..forms import LeaveDecisionForm, LeaveForm, ReportBackForm
from ..models import Leave
from .browse import offering
from .diary import current_placement
from .lifecycle import PlacementRecordStepView


class MyLeaveView(ServiceFormView):
    roles = (Role.CADRE,)
    form_class = LeaveForm
    template_name = "placements/my_leave.html"
    title = _("请销假")
    submit_label = _("提交请假申请")
    success_message = _("请假申请已提交，等待接收单位审批。")

    def perform(self, form):
        data = form.cleaned_data
        placement = current_placement(self.request.user)
        if placement is None:
            raise RuleBroken(_("暂无挂职安排，不能请假"), code="no_placement")
        return services.request_leave(self.request.user, placement, data["start_date"],
                                      data["end_date"], data["reason"],
                                      data["kind"] or LeaveKind.PERSONAL)

    def get_success_url(self, result=None):
        return reverse("placements:my_leave")

    def get_cancel_url(self):
        return reverse("placements:my")

    def get_breadcrumbs(self):
        return [(_("我的挂职"), reverse("placements:my")), (self.title, None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        placement = current_placement(self.request.user)
        ctx["placement"] = placement
        # Each leave's buttons as the steps' predicates answer (services.can_<step>).
        ctx["leaves"] = offering(placement.leaves.order_by("-start_date"), placement,
                                 self.request.user, can_cancel=services.can_cancel_leave,
                                 can_report_back=services.can_report_back
                                 ) if placement else []
        return ctx


class LeaveStepView(PlacementRecordStepView):
    model = Leave
    select_related = ("placement__cadre", "placement__host_unit", "placement__home_unit")
    template_name = "placements/leave_step.html"

    def get_success_url(self, result=None):
        if self.request.user.role == Role.CADRE:
            return reverse("placements:my_leave")
        return super().get_success_url(result)


class LeaveDecideView(LeaveStepView):
    roles = (Role.RECEIVING, Role.DISPATCHING, Role.ORG_STAFF)
    form_class = LeaveDecisionForm
    title = _("审批请假")
    submit_label = _("提交审批")
    success_message = _("审批意见已保存。")

    def perform(self, form):
        data = form.cleaned_data
        return services.decide_leave(self.object, self.request.user,
                                     data["decision"] == "approve", comment=data["comment"])


class ReportBackView(LeaveStepView):
    roles = (Role.CADRE, Role.RECEIVING, Role.ORG_STAFF)
    form_class = ReportBackForm
    title = _("销假")
    submit_label = _("销假")
    success_message = _("已销假。")

    def perform(self, form):
        return services.report_back(self.object, self.request.user,
                                    form.cleaned_data["returned_on"])


class LeaveCancelView(LeaveStepView):
    roles = (Role.CADRE,)
    form_class = ConfirmForm
    title = _("撤回请假申请")
    submit_label = _("撤回")
    success_message = _("请假申请已撤回。")
    irreversible = True

    def perform(self, form):
        return services.cancel_leave(self.object, self.request.user)

"""Order pages: a receiving unit drafts, edits and submits; org staff approve or return."""
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ConfirmForm, ServiceFormView

from .. import services
from ..forms import OrderForm, RatingForm, RequiredReasonForm
from ..models import DemandOrder


class OrderCreateView(ServiceFormView):
    roles = (Role.RECEIVING,)
    form_class = OrderForm
    title = _("新建需求订单")
    submit_label = _("保存草稿")
    success_message = _("需求订单已保存为草稿。确认无误后请提交审核。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        user = self.request.user
        return services.create_order(user, form.cleaned_data["batch"], user.unit,
                                     **form.step_fields())


class OrderEditView(ServiceFormView):
    roles = (Role.RECEIVING, Role.ORG_STAFF)
    model = DemandOrder
    select_related = ("batch__program", "receiving_unit")
    form_class = OrderForm
    title = _("修改需求订单")
    success_message = _("需求订单已修改。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user,
                "instance": self.object}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.POST:
            form.initial["expertise"] = list(self.object.expertise.values_list("pk", flat=True))
        return form

    def perform(self, form):
        # The form never writes its instance (OrderForm._post_clean): the service edits
        # the locked row.
        return services.update_order(self.object, self.request.user, **form.step_fields())


class OrderStepView(ServiceFormView):
    model = DemandOrder
    select_related = ("batch__program", "receiving_unit")
    form_class = ConfirmForm
    template_name = "placements/order_step.html"


class OrderSubmitView(OrderStepView):
    roles = (Role.RECEIVING, Role.ORG_STAFF)
    title = _("提交审核")
    submit_label = _("提交审核")
    success_message = _("需求订单已提交，等待组织部审核。")

    def perform(self, form):
        return services.submit_order(self.object, self.request.user)


class OrderApproveView(OrderStepView):
    roles = (Role.ORG_STAFF,)
    title = _("审核通过并发布")
    submit_label = _("审核通过")
    success_message = _("需求订单已审核通过并发布。")
    irreversible = True

    def perform(self, form):
        return services.approve_order(self.object, self.request.user)


class OrderReturnView(OrderStepView):
    roles = (Role.ORG_STAFF,)
    form_class = RequiredReasonForm
    title = _("退回需求订单")
    submit_label = _("退回")
    success_message = _("需求订单已退回接收单位修改。")

    def perform(self, form):
        return services.return_order(self.object, self.request.user,
                                     form.cleaned_data["reason"])


class OrderRateView(OrderStepView):
    roles = (Role.RECEIVING,)
    form_class = RatingForm
    title = _("评价需求满足情况")
    submit_label = _("提交评价")
    success_message = _("评价已提交。")

    def perform(self, form):
        data = form.cleaned_data
        return services.rate_fulfilment(self.object, self.request.user, data["rating"],
                                        comment=data["comment"])

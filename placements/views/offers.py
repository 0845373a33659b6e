"""The second round on pages: the department opens a round from the batch's page; the
dispatching unit answers each offer before its deadline."""
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import Column, ObjectListView, ServiceFormView, StyledForm, attr
from programs.models import Batch

from .. import filtersets, services
from ..models import Offer


def _answer_column(user):
    def label(offer):
        return _("答复") if services.can_answer_offer(user, offer) else ""
    return Column(_("操作"), label, link=lambda o: reverse("placements:offer_answer", args=[o.pk])
                  if services.can_answer_offer(user, o) else None)


class OfferListView(ObjectListView):
    model = Offer
    roles = (Role.ORG_STAFF, Role.MANAGER, Role.DISPATCHING, Role.RECEIVING, Role.CADRE)
    filterset_class = filtersets.OfferFilterSet
    page_filters = ("awaiting", "status")
    select_related = ("nomination__cadre", "order__receiving_unit", "batch__program",
                      "nomination__dispatching_unit")
    default_ordering = ("-created_at", "pk")
    title = _("补充匹配邀请")
    empty_message = _("暂无补充匹配邀请。")
    exportable = False

    def get_context_data(self, **kwargs):
        self.columns = [
            Column(_("干部"), attr("nomination.cadre.name")),
            Column(_("派出单位"), attr("nomination.dispatching_unit.name")),
            Column(_("需求订单"), attr("order.title")),
            Column(_("接收单位"), attr("order.receiving_unit.name")),
            Column(_("轮次"), attr("round"), num=True),
            Column(_("答复截止"), lambda o: timezone.localtime(o.expires_at)
                   .strftime("%Y-%m-%d %H:%M"), order_by="expires_at"),
            Column(_("状态"), attr("status")),
            _answer_column(self.request.user),
        ]
        return super().get_context_data(**kwargs)


class AnswerForm(StyledForm):
    answer = forms.ChoiceField(label=_("答复"), widget=forms.RadioSelect, choices=[
        ("accept", _("接受（即生成挂职安排，不可撤回）")),
        ("decline", _("谢绝（岗位留给下一轮）"))])


class OfferAnswerView(ServiceFormView):
    roles = (Role.DISPATCHING, Role.ORG_STAFF)
    model = Offer
    select_related = ("nomination__cadre", "order__receiving_unit", "batch__program")
    form_class = AnswerForm
    title = _("答复补充匹配邀请")
    submit_label = _("提交答复")
    success_message = _("已答复。")

    def perform(self, form):
        if form.cleaned_data["answer"] == "accept":
            return services.accept_offer(self.object, self.request.user)
        return services.decline_offer(self.object, self.request.user)

    def get_success_url(self, result=None):
        return reverse("placements:offer_list")

    def get_cancel_url(self):
        return reverse("placements:offer_list")

    def get_breadcrumbs(self):
        return [(_("补充匹配邀请"), reverse("placements:offer_list")), (self.title, None)]


class SecondRoundForm(StyledForm):
    days = forms.IntegerField(label=_("答复期限（天）"), min_value=1, max_value=30, initial=3,
                              help_text=_("派出单位须在期限内答复；逾期视为放弃，岗位留给下一轮"))


class SecondRoundView(ServiceFormView):
    roles = (Role.ORG_STAFF,)
    model = Batch
    select_related = ("program",)
    form_class = SecondRoundForm
    title = _("补充匹配")
    submit_label = _("发出邀请")
    success_message = _("已发出补充匹配邀请，派出单位和本人已收到消息。")

    def perform(self, form):
        services.open_second_round(self.object, self.request.user, form.cleaned_data["days"])
        return self.object

    def get_success_url(self, result=None):
        return reverse("placements:offer_list") + f"?batch={self.object.pk}"


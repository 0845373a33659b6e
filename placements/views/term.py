"""The term's commitments on pages: an extension asked by the host and agreed by the home
unit and the cadre, the host's readiness checklist, the handover between cadres at a post,
the return plan, the three parties' review, later use and the follow-up. Each page is one
service step; the placement's page offers it where the step's predicate says yes."""
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ConfirmForm, ServiceFormView, StyledForm

from .. import services
from ..models import (
    Extension,
    Handover,
    LaterUse,
    Placement,
    ReadinessItem,
    Recall,
    ReturnPlan,
)
from ..models.handovers import LISTS
from .lifecycle import PlacementRecordStepView, PlacementStepView

PARTIES = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING, Role.CADRE)
TEXT = {"widget": forms.Textarea(attrs={"rows": 3})}


class ToCadreOrPlacement:
    """A cadre goes back to /my/, everyone else to the placement's page."""

    def get_success_url(self, result=None):
        if self.request.user.role == Role.CADRE:
            return reverse("placements:my")
        return super().get_success_url(result)


# --- 延期 ---------------------------------------------------------------------------------------

class ExtensionRequestForm(StyledForm):
    planned_end_date = forms.DateField(label=_("延期至"))
    reason = forms.CharField(label=_("延期理由（工作需要）"), max_length=500, **TEXT)


class ExtensionRequestView(PlacementStepView):
    roles = (Role.RECEIVING,)
    form_class = ExtensionRequestForm
    title = _("申请延期")
    submit_label = _("提交申请")
    success_message = _("已提出延期申请，待派出单位和本人同意后由组织部办理。")

    def perform(self, form):
        data = form.cleaned_data
        services.request_extension(self.object, self.request.user, data["planned_end_date"],
                                   data["reason"])
        return self.object


class ExtensionAgreeView(ToCadreOrPlacement, PlacementRecordStepView):
    roles = (Role.DISPATCHING, Role.CADRE)
    model = Extension
    select_related = ("placement__cadre", "placement__batch__program")
    form_class = ConfirmForm
    template_name = "placements/extension_step.html"
    title = _("同意延期")
    submit_label = _("同意")
    success_message = _("已同意延期。")

    def perform(self, form):
        services.agree_extension(self.object, self.request.user)
        return self.object.placement


class ExtensionRefuseForm(StyledForm):
    reason = forms.CharField(label=_("不同意的理由"), max_length=500, **TEXT)


class ExtensionRefuseView(ExtensionAgreeView):
    form_class = ExtensionRefuseForm
    title = _("不同意延期")
    submit_label = _("不同意")
    success_message = _("已答复不同意延期。")

    def perform(self, form):
        services.refuse_extension(self.object, self.request.user, form.cleaned_data["reason"])
        return self.object.placement


# --- 接收准备 ------------------------------------------------------------------------------------

class TickForm(StyledForm):
    note = forms.CharField(label=_("说明"), required=False, max_length=500,
                           help_text=_("如住房地址、分工文件文号、体检日期"))


class ReadinessTickView(PlacementRecordStepView):
    roles = (Role.ORG_STAFF, Role.RECEIVING)
    model = ReadinessItem
    select_related = ("placement__cadre", "placement__batch__program")
    form_class = TickForm
    submit_label = _("已准备好")
    success_message = _("已确认。")

    @property
    def title(self):
        return _("接收准备：%s") % self.object.label

    def get_initial(self):
        return {"note": self.object.note}

    def perform(self, form):
        services.tick_readiness(self.object, self.request.user, form.cleaned_data["note"])
        return self.object.placement


class ReadinessUntickView(ReadinessTickView):
    form_class = ConfirmForm
    submit_label = _("撤销确认")
    success_message = _("已撤销。")

    def perform(self, form):
        services.untick_readiness(self.object, self.request.user)
        return self.object.placement


# --- 工作交接 ------------------------------------------------------------------------------------

class HandoverOpenForm(StyledForm):
    outgoing = forms.ModelChoiceField(label=_("交出方（前任挂职干部）"),
                                      queryset=Placement.objects.none())
    overlap_from = forms.DateField(label=_("交接开始"), required=False)
    overlap_to = forms.DateField(label=_("交接结束"), required=False)

    def __init__(self, *args, incoming=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The host unit's earlier placements only: a handful per unit, not a directory.
        self.fields["outgoing"].queryset = services.handover_candidates(incoming)
        self.fields["outgoing"].label_from_instance = lambda p: (
            f"{p.cadre.name} · {p.post_title} · {p.start_date:%Y-%m-%d}")


class HandoverOpenView(PlacementStepView):
    roles = (Role.ORG_STAFF, Role.RECEIVING)
    form_class = HandoverOpenForm
    title = _("发起工作交接")
    submit_label = _("发起")
    success_message = _("已发起工作交接，请交出方填写交接清单。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "incoming": self.object}

    def perform(self, form):
        data = form.cleaned_data
        services.open_handover(self.request.user, data["outgoing"], self.object,
                               data["overlap_from"], data["overlap_to"])
        return self.object


class HandoverWriteForm(StyledForm):
    overlap_from = forms.DateField(label=_("交接开始"), required=False)
    overlap_to = forms.DateField(label=_("交接结束"), required=False)
    work_plans = forms.CharField(label=_("工作计划清单"), required=False, max_length=5000,
                                 **TEXT)
    projects_funds = forms.CharField(label=_("项目和资金清单"), required=False,
                                     max_length=5000, **TEXT)
    assets = forms.CharField(label=_("资产和重点工作清单"), required=False, max_length=5000,
                             **TEXT)
    contacts = forms.CharField(label=_("主要联系人"), required=False, max_length=5000, **TEXT)


class HandoverStepView(ServiceFormView):
    model = Handover
    select_related = ("placement__cadre", "incoming__cadre", "placement__batch__program")
    template_name = "placements/handover_step.html"

    def get_success_url(self, result=None):
        if self.request.user.role == Role.CADRE:
            return reverse("placements:my")
        return self.object.incoming.get_absolute_url()


class HandoverWriteView(HandoverStepView):
    roles = (Role.ORG_STAFF, Role.CADRE)
    form_class = HandoverWriteForm
    title = _("填写交接清单")
    submit_label = _("保存")
    success_message = _("交接清单已保存，待接任方和接收单位确认。")

    def get_initial(self):
        h = self.object
        return {name: getattr(h, name) for name in (*LISTS, "overlap_from", "overlap_to")}

    def perform(self, form):
        services.write_handover(self.object, self.request.user, **form.cleaned_data)
        return self.object


class HandoverConfirmView(HandoverStepView):
    roles = (Role.RECEIVING, Role.CADRE)
    form_class = ConfirmForm
    title = _("确认工作交接")
    submit_label = _("确认")
    success_message = _("已确认交接。")

    def perform(self, form):
        services.confirm_handover(self.object, self.request.user)
        return self.object


# --- 返回安排、期满评议、后续使用 -----------------------------------------------------------------

class ReturnPlanForm(StyledForm):
    home_post = forms.CharField(label=_("原单位职务"), max_length=100)
    new_post = forms.CharField(label=_("返回后拟任职务"), required=False, max_length=100,
                               help_text=_("留空表示回原岗位；岗位变动须经组织部同意"))
    change_reason = forms.CharField(label=_("岗位变动理由"), required=False, max_length=500,
                                    **TEXT)
    meeting_date = forms.DateField(label=_("返回座谈日期"), required=False)
    note = forms.CharField(label=_("返回安排"), required=False, max_length=5000, **TEXT)


class ReturnPlanView(PlacementStepView):
    roles = (Role.ORG_STAFF, Role.DISPATCHING)
    form_class = ReturnPlanForm
    title = _("返回安排")
    submit_label = _("保存")
    success_message = _("返回安排已保存。")

    def get_initial(self):
        plan = ReturnPlan.objects.filter(placement=self.object).first()
        if plan is None:
            return {"home_post": self.object.cadre.position}
        return {name: getattr(plan, name) for name in (
            "home_post", "new_post", "change_reason", "meeting_date", "note")}

    def perform(self, form):
        plan = services.write_return_plan(self.object, self.request.user, **form.cleaned_data)
        if plan.status == ReturnPlan.Status.AWAITING_CONSENT:
            self.success_message = _("返回安排已保存；岗位变动待组织部同意。")
        return self.object


class ReturnConsentView(PlacementRecordStepView):
    roles = (Role.ORG_STAFF,)
    model = ReturnPlan
    select_related = ("placement__cadre", "placement__batch__program")
    form_class = ConfirmForm
    template_name = "placements/return_step.html"
    title = _("同意返回后岗位变动")
    submit_label = _("同意")
    success_message = _("已同意岗位变动。")

    def perform(self, form):
        services.consent_post_change(self.object, self.request.user)
        return self.object.placement


class ReviewForm(StyledForm):
    text = forms.CharField(label=_("期满评议"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("任务完成情况、主要成效、存在不足和建议"))


class ReviewView(ToCadreOrPlacement, PlacementStepView):
    roles = PARTIES
    form_class = ReviewForm
    title = _("期满评议")
    submit_label = _("提交")
    success_message = _("期满评议已提交。")

    def perform(self, form):
        services.review_term(self.object, self.request.user, form.cleaned_data["text"])
        return self.object


class LaterUseForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=LaterUse.Kind.choices)
    date = forms.DateField(label=_("日期"))
    note = forms.CharField(label=_("说明"), required=False, max_length=500,
                           help_text=_("如新任职务、表彰名称"))


class LaterUseView(PlacementStepView):
    roles = (Role.ORG_STAFF, Role.DISPATCHING)
    form_class = LaterUseForm
    title = _("登记后续使用")
    submit_label = _("登记")
    success_message = _("已登记。")

    def perform(self, form):
        data = form.cleaned_data
        services.record_later_use(self.object, self.request.user, data["kind"], data["date"],
                                  data["note"])
        return self.object


class FollowUpForm(StyledForm):
    note = forms.CharField(label=_("回访情况"), max_length=5000, **TEXT)


class FollowUpView(PlacementStepView):
    roles = (Role.ORG_STAFF,)
    form_class = FollowUpForm
    title = _("返回一年回访")
    submit_label = _("保存")
    success_message = _("回访已记录。")

    def perform(self, form):
        services.follow_up(self.object, self.request.user, form.cleaned_data["note"])
        return self.object


# --- 召回 ---------------------------------------------------------------------------------------

class RecallProposeForm(StyledForm):
    reason = forms.CharField(label=_("召回理由"), max_length=500, **TEXT)


class RecallProposeView(PlacementStepView):
    roles = (Role.RECEIVING, Role.DISPATCHING)
    form_class = RecallProposeForm
    title = _("提出召回")
    submit_label = _("提出")
    success_message = _("已提出召回，由组织部决定。")
    irreversible = True

    def perform(self, form):
        services.propose_recall(self.object, self.request.user, form.cleaned_data["reason"])
        return self.object


class RecallDecideForm(StyledForm):
    decision = forms.ChoiceField(label=_("决定"), widget=forms.RadioSelect, choices=[
        ("approve", _("召回（挂职提前结束）")), ("reject", _("不予召回"))])
    end_date = forms.DateField(label=_("结束日期"), required=False,
                               help_text=_("召回时填写，不填为今天"))
    note = forms.CharField(label=_("决定意见"), required=False, max_length=500, **TEXT)


class RecallDecideView(PlacementRecordStepView):
    roles = (Role.ORG_STAFF,)
    model = Recall
    select_related = ("placement__cadre", "placement__batch__program")
    form_class = RecallDecideForm
    title = _("决定召回")
    submit_label = _("决定")
    success_message = _("已决定。")
    irreversible = True

    def perform(self, form):
        data = form.cleaned_data
        services.decide_recall(self.object, self.request.user, data["decision"] == "approve",
                               data["note"], data["end_date"])
        return self.object.placement

"""挂职任务书 on pages: drafted by the department or a unit, confirmed by each of the three
parties (the cadre on a phone too), changed as a new version all three confirm again."""
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ConfirmForm, ServiceFormView, StyledForm

from .. import services
from ..models import Agreement, Placement

PARTIES_ROLES = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING, Role.CADRE)


class AgreementForm(StyledForm):
    duties = forms.CharField(label=_("工作职责"), widget=forms.Textarea(attrs={"rows": 4}))
    goals = forms.CharField(label=_("工作目标"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    development_plan = forms.CharField(label=_("培养计划"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    supervisor = forms.CharField(label=_("日常管理负责人"), required=False, max_length=100)
    appraiser = forms.CharField(label=_("考核负责人"), required=False, max_length=100)
    cost_sharing = forms.CharField(label=_("费用分担"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class AmendForm(AgreementForm):
    post_title = forms.CharField(label=_("挂任职务"), max_length=100)
    start_date = forms.DateField(label=_("开始日期"))
    end_date = forms.DateField(label=_("结束日期"))
    reason = forms.CharField(label=_("变更原因"), widget=forms.Textarea(attrs={"rows": 2}))


class AgreementDraftView(ServiceFormView):
    roles = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)
    model = Placement
    select_related = ("cadre", "order", "batch__program")
    form_class = AgreementForm
    title = _("起草挂职任务书")
    submit_label = _("保存")
    success_message = _("任务书已起草，请派出单位、接收单位和本人分别确认。")

    def get_initial(self):
        return {"goals": self.object.order.goals if self.object.order else ""}

    def perform(self, form):
        services.draft_agreement(self.request.user, self.object, **form.cleaned_data)
        return self.object


class AgreementConfirmView(ServiceFormView):
    roles = PARTIES_ROLES
    model = Agreement
    select_related = ("placement__cadre", "placement__batch__program")
    form_class = ConfirmForm
    template_name = "placements/agreement_step.html"
    title = _("确认挂职任务书")
    submit_label = _("确认")
    success_message = _("已确认。")

    def perform(self, form):
        services.confirm_agreement(self.object, self.request.user)
        return self.object.placement

    def get_success_url(self, result=None):
        if self.request.user.role == Role.CADRE:
            return reverse("placements:my")
        return self.object.placement.get_absolute_url()

    def get_cancel_url(self):
        return self.object.placement.get_absolute_url()


class AgreementAmendView(ServiceFormView):
    roles = PARTIES_ROLES
    model = Agreement
    select_related = ("placement__cadre", "placement__batch__program")
    form_class = AmendForm
    template_name = "placements/agreement_step.html"
    title = _("变更挂职任务书")
    submit_label = _("提交变更")
    success_message = _("已生成新版本，请三方重新确认。")

    def get_initial(self):
        a = self.object
        return {name: getattr(a, name) for name in (
            "duties", "goals", "development_plan", "supervisor", "appraiser", "cost_sharing",
            "post_title", "start_date", "end_date")}

    def perform(self, form):
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        services.amend_agreement(self.object, self.request.user, reason, **data)
        return self.object.placement

    def get_success_url(self, result=None):
        return self.object.placement.get_absolute_url()

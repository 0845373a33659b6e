"""What is recorded on a placement's page: achievements (and their verification), appraisals
and inspections, each through its service."""
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ConfirmForm

from .. import services
from ..forms import (
    AchievementForm,
    AppraisalForm,
    CompleteInspectionForm,
    InspectionForm,
    ScheduleInspectionForm,
)
from ..models import Achievement, Inspection
from .lifecycle import PlacementRecordStepView, PlacementStepView


class AchievementAddView(PlacementStepView):
    roles = (Role.CADRE, Role.RECEIVING, Role.ORG_STAFF)
    form_class = AchievementForm
    title = _("登记履职成果")
    success_message = _("履职成果已登记，待接收单位核实。")

    def perform(self, form):
        # Blank optional fields keep the model's defaults (no amount, no file).
        fields = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        services.record_achievement(self.request.user, self.object, **fields)
        return self.object


class AchievementVerifyView(PlacementRecordStepView):
    roles = (Role.RECEIVING, Role.ORG_STAFF)
    model = Achievement
    select_related = ("placement__cadre",)
    form_class = ConfirmForm
    template_name = "placements/achievement_verify.html"
    title = _("核实履职成果")
    submit_label = _("核实")
    success_message = _("履职成果已核实。")
    irreversible = True

    def perform(self, form):
        services.verify_achievement(self.object, self.request.user)
        return self.object.placement



class AppraisalAddView(PlacementStepView):
    roles = (Role.RECEIVING, Role.DISPATCHING, Role.ORG_STAFF)
    form_class = AppraisalForm
    title = _("登记考核")
    success_message = _("考核已登记。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        services.record_appraisal(self.request.user, self.object, data["kind"], data["grade"],
                                  comments=data["comments"], side=data.get("side") or None,
                                  year=data["year"])
        return self.object


class InspectionAddView(PlacementStepView):
    roles = (Role.ORG_STAFF,)
    form_class = InspectionForm
    title = _("登记检查")
    success_message = _("检查已登记。")

    def perform(self, form):
        data = form.cleaned_data
        services.record_inspection(self.request.user, self.object, data["date"],
                                   data["findings"], data["rating"], kind=data["kind"],
                                   bears_on_appraisal=data["bears_on_appraisal"])
        return self.object


class InspectionScheduleView(PlacementStepView):
    roles = (Role.ORG_STAFF,)
    form_class = ScheduleInspectionForm
    title = _("安排检查")
    success_message = _("检查已安排。")

    def perform(self, form):
        data = form.cleaned_data
        services.schedule_inspection(self.request.user, self.object, data["scheduled_date"],
                                     kind=data["kind"])
        return self.object


class InspectionCompleteView(PlacementRecordStepView):
    roles = (Role.ORG_STAFF,)
    model = Inspection
    select_related = ("placement__cadre",)
    form_class = CompleteInspectionForm
    title = _("登记检查结果")
    success_message = _("检查结果已登记。")

    def perform(self, form):
        data = form.cleaned_data
        services.complete_inspection(self.object, self.request.user, data["date"],
                                     data["findings"], data["rating"],
                                     data["bears_on_appraisal"])
        return self.object.placement


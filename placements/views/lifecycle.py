"""A placement's steps on its page: training, start and end confirmed by each side,
extension. Each is the API's step, through the same service."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import Role
from core.pages import ConfirmForm, ServiceFormView

from .. import services
from ..choices import PlacementStatus
from ..forms import EndForm, ExtendForm, PairForm, ReplaceForm, StartForm
from ..models import Placement

JOINT = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)


class PlacementStepView(ServiceFormView):
    model = Placement
    select_related = ("cadre", "host_unit", "home_unit", "batch__program")
    template_name = "placements/placement_step.html"


class PlacementRecordStepView(ServiceFormView):
    """A step on one of a placement's records (a diary entry, an achievement, an inspection,
    a leave): it returns to the placement's page."""

    def get_success_url(self, result=None):
        return self.object.placement.get_absolute_url()

    def get_breadcrumbs(self):
        placement = self.object.placement
        return [(str(placement.cadre), placement.get_absolute_url()), (self.title, None)]


class TrainingView(PlacementStepView):
    roles = (Role.ORG_STAFF,)
    form_class = ConfirmForm
    title = _("开始岗前培训")
    submit_label = _("开始岗前培训")
    success_message = _("已开始岗前培训。")

    def perform(self, form):
        return services.begin_training(self.object, self.request.user)


class StartView(PlacementStepView):
    roles = JOINT
    form_class = StartForm
    title = pgettext_lazy("step", "确认到岗")
    submit_label = pgettext_lazy("step", "确认到岗")
    irreversible = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        missing = services.missing_items(self.object)
        if missing:
            # Say which items are missing where the reason is asked for.
            form.fields["reason"].help_text = _("尚未完成：%s。请说明原因。") % "、".join(missing)
            form.fields["reason"].required = True
        else:
            del form.fields["reason"]
        return form

    def perform(self, form):
        placement = services.confirm_start(self.object, self.request.user,
                                           start_date=form.cleaned_data["start_date"],
                                           reason=form.cleaned_data.get("reason", ""))
        # Say what happened: started, or whose confirmation is still awaited.
        if placement.status == PlacementStatus.ON_POST:
            self.success_message = _("双方均已确认，挂职自%(start)s开始，计划至%(end)s结束。") % {
                "start": placement.start_date.isoformat(),
                "end": placement.planned_end_date.isoformat()}
        else:
            waiting = (_("接收单位") if not placement.host_confirmed_start_at else _("派出单位"))
            self.success_message = _("已确认到岗，尚待%s确认；双方确认后挂职开始。") % waiting
        return placement


class EndView(PlacementStepView):
    roles = JOINT
    form_class = EndForm
    title = pgettext_lazy("step", "确认结束")
    submit_label = pgettext_lazy("step", "确认结束")
    success_message = _("已确认结束。双方都确认后，挂职结束，干部回原单位。")
    irreversible = True

    def perform(self, form):
        data = form.cleaned_data
        return services.confirm_end(self.object, self.request.user, data["actual_end_date"],
                                    reason=data["reason"])


class ExtendView(PlacementStepView):
    roles = (Role.ORG_STAFF,)
    form_class = ExtendForm
    title = pgettext_lazy("step", "延期")
    submit_label = pgettext_lazy("step", "延期")
    success_message = _("挂职已延期。")

    def get_initial(self):
        agreed = self.object.extensions.filter(status="agreed").first()
        return {"planned_end_date": agreed.planned_end_date} if agreed else {}

    def perform(self, form):
        data = form.cleaned_data
        return services.extend_placement(self.object, self.request.user,
                                         data["planned_end_date"], reason=data["reason"])


class PairView(PlacementStepView):
    roles = (Role.ORG_STAFF,)
    form_class = PairForm
    title = _("结成互派")
    submit_label = _("结成互派")
    success_message = _("已结成互派：到岗、延期和结束将同时作用于两个挂职。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "placement": self.object,
                "user": self.request.user}

    def perform(self, form):
        services.link_mutual_pair(self.object, form.cleaned_data["partner"],
                                  self.request.user)
        return self.object


class ReplaceView(PlacementStepView):
    roles = (Role.ORG_STAFF,)
    form_class = ReplaceForm
    title = _("轮换补派")
    submit_label = _("轮换补派")
    success_message = _("已轮换补派：原挂职提前结束，新挂职已建立。")
    irreversible = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        return services.replace_cadre(self.object, self.request.user, data["cadre"],
                                      data["start_date"], data["reason"])

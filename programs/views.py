"""Pages of the program list, the unit directory and the batch's steps (the dashboards are
the reports app's)."""
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ConfirmForm, ObjectListView, ReasonForm, ServiceFormView

from . import batches, filtersets, tables
from .models import Batch, Program, Unit

DEPARTMENT = (Role.ORG_STAFF, Role.MANAGER)


class ProgramListView(ObjectListView):
    model = Program
    roles = DEPARTMENT
    filterset_class = filtersets.ProgramFilterSet
    page_filters = ("q", "status", "start_after", "start_before")
    columns = tables.PROGRAM_COLUMNS
    select_related = ("organizer",)
    default_ordering = ("-start_date", "id")
    title = _("项目")
    empty_message = _("暂无项目。项目由组织部在管理后台或通过接口建立。")

    def base_queryset(self):
        return super().base_queryset().annotate(placement_count=Count("batches__placements"))


class UnitListView(ObjectListView):
    export_kind = "units"
    model = Unit
    roles = DEPARTMENT
    filterset_class = filtersets.UnitFilterSet
    page_filters = ("q", "scope", "kind", "level")
    columns = tables.UNIT_COLUMNS
    select_related = ("region",)
    default_ordering = ("pinyin", "name")
    title = _("单位")


class BatchStepView(ServiceFormView):
    roles = (Role.ORG_STAFF,)
    model = Batch
    select_related = ("program",)


class OpenNominationsView(BatchStepView):
    form_class = ConfirmForm
    title = _("开放征集需求与推荐")
    submit_label = _("开放征集")
    success_message = _("已开放征集，项目各参与单位已收到消息。")

    def perform(self, form):
        return batches.open_nominations(self.object, self.request.user)


class CloseNominationsView(BatchStepView):
    form_class = ConfirmForm
    title = _("截止推荐并开始对接")
    submit_label = _("截止推荐")
    success_message = _("已截止推荐，批次进入对接。需要时可重新开放推荐（须说明原因）。")

    def perform(self, form):
        return batches.close_nominations(self.object, self.request.user)


class ReopenNominationsView(BatchStepView):
    form_class = ReasonForm
    title = _("重新开放推荐")
    submit_label = _("重新开放")
    success_message = _("已重新开放推荐，接收单位和派出单位可继续提出需求、推荐干部。")

    def perform(self, form):
        return batches.reopen_nominations(self.object, self.request.user,
                                          form.cleaned_data["reason"])


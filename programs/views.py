"""Pages of the program list and the unit directory (the dashboards are the reports app's)."""
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ObjectListView

from . import filtersets, tables
from .models import Program, Unit

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

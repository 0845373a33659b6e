"""One filterset per model of the reports app, shared by the API and the pages."""
import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import IdFilter, ScopedFilterSet

from .models import Alert, Report


class AlertFilterSet(ScopedFilterSet):
    unit = IdFilter(field_name="unit", label=_("相关单位"))
    open = filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull",
                                 label=_("未解除"))

    class Meta:
        model = Alert
        fields = ["kind", "unit", "role", "open"]


class ReportFilterSet(ScopedFilterSet):
    program = IdFilter(field_name="program", label=_("项目"))
    batch = IdFilter(field_name="batch", label=_("批次"))

    class Meta:
        model = Report
        fields = ["kind", "format", "status", "program", "batch", "scheduled"]

"""The filters of the imports list (page and API)."""
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from core.filtersets import ScopedFilterSet

from .kinds import KIND_CHOICES
from .models import ImportJob, ImportStatus


class ImportJobFilterSet(ScopedFilterSet):
    kind = filters.ChoiceFilter(label=_("导入内容"), choices=KIND_CHOICES)
    status = filters.ChoiceFilter(label=_("状态"), choices=ImportStatus.choices)

    class Meta:
        model = ImportJob
        fields = ["kind", "status"]

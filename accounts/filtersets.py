"""The security log's filters, shared by `security-events/` and its page."""
import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import IdFilter, ScopedFilterSet

from .models import SecurityEvent


class SecurityEventFilterSet(ScopedFilterSet):
    user = IdFilter(field_name="user", label=_("用户"))
    username = filters.CharFilter(field_name="username", label=_("用户名"))
    date_from = filters.DateFilter(field_name="created_at", lookup_expr="date__gte",
                                   label=_("起始日期"))
    date_to = filters.DateFilter(field_name="created_at", lookup_expr="date__lte",
                                 label=_("截止日期"))

    class Meta:
        model = SecurityEvent
        fields = ["kind", "user", "username", "date_from", "date_to"]

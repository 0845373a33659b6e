"""One filterset per model, shared by the API and the HTML list pages."""
import django_filters as filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filtersets import IdFilter, ScopedFilterSet

from .models import Message, Notice, NoticeRead


class NoticeFilterSet(ScopedFilterSet):
    program = IdFilter(field_name="program")
    unread = filters.BooleanFilter(method="_unread", label=_("本单位未读"))

    class Meta:
        model = Notice
        fields = ["program", "unread"]

    def _unread(self, queryset, name, value):
        user = self.request.user
        read = Exists(NoticeRead.objects.filter(notice=OuterRef("pk"), unit=user.unit_id))
        return queryset.exclude(read) if value else queryset.filter(read)


class MessageFilterSet(ScopedFilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull",
                                   label=_("未读"))
    kind = filters.ChoiceFilter(choices=Message._meta.get_field("kind").choices,
                                label=_("类型"))

    class Meta:
        model = Message
        fields = ["unread", "kind"]

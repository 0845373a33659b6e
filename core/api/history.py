"""`…/history/` of every audited resource: the shape of an entry, and the action a viewset
gains with `HistoryMixin` (the object within the user's scope, else 404)."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.audit import audit_trail


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    actor = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    data = serializers.DictField(help_text="工作流步骤的数据；修改记录为 ip_address 与 changes"
                                           "（field、label、before、after）")


class HistoryMixin:
    def history_entries(self, obj):
        return audit_trail(obj)

    @extend_schema(request=None, responses=HistoryEntrySerializer(many=True))
    # The whole timeline, unpaginated (and so documented as a plain list).
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """修改记录（创建、修改、删除：操作人、时间、来源地址、修改前后的字段）"""
        return Response(HistoryEntrySerializer(self.history_entries(self.get_object()),
                                               many=True).data)

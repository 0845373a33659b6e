"""Steps taken on several rows at once (`…/bulk-approve/` and the like): `{"ids": [...], …}` →
`{"results": [{"id", "ok", "error"}]}` (core.bulk.run_each)."""
from rest_framework import serializers

from core.bulk import run_each

__all__ = ["BulkResponseSerializer", "BulkSerializer", "run_each"]

MAX_IDS = 200


class BulkSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
                                min_length=1, max_length=MAX_IDS,
                                help_text=f"至多{MAX_IDS}个编号")


class BulkResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ok = serializers.BooleanField()
    error = serializers.DictField(allow_null=True, help_text="{code, message}；成功时为 null")


class BulkResponseSerializer(serializers.Serializer):
    results = BulkResultSerializer(many=True)

"""Steps taken on several rows at once (`…/bulk-approve/` and the like): `{"ids": [...], …}` →
`{"results": [{"id", "ok", "error"}]}`. Each row goes through its own service step in its own
transaction, so one refusal never undoes the others; a row out of the user's scope is "not
found", never a sign that it exists; the same id twice is answered once."""
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.exceptions import ServiceError

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


def run_each(queryset, ids, step) -> dict:
    """`step(obj)` for each of `ids` found in `queryset` (the user's scope), in the order
    given; every refusal answered on its row."""
    found = {obj.pk: obj for obj in queryset.filter(pk__in=set(ids))}
    results, seen = [], set()
    for pk in ids:
        if pk in seen:
            results.append(_refused(pk, "duplicate", _("重复的编号，已按第一次处理")))
            continue
        seen.add(pk)
        obj = found.get(pk)
        if obj is None:
            results.append(_refused(pk, "not_found", _("记录不存在或无权查看")))
            continue
        try:
            with transaction.atomic():
                step(obj)
        except ServiceError as exc:
            results.append(_refused(pk, exc.code, exc.message))
        else:
            results.append({"id": pk, "ok": True, "error": None})
    return {"results": results}


def _refused(pk, code, message):
    return {"id": pk, "ok": False, "error": {"code": code, "message": str(message)}}

"""Steps taken on several rows at once, for the API (`…/bulk-approve/`, core.api.bulk) and the
pages (core.pages.BulkStepView) alike: each row goes through its own service step in its own
transaction, so one refusal never undoes the others; a row out of the user's scope is "not
found", never a sign that it exists; the same id twice is answered once."""
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ServiceError


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

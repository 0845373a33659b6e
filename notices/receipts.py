"""A notice's read receipts, unit by unit (the API and the notice's page)."""
from programs.models import Unit

from .models import NoticeRead


def receipts(notice) -> list[dict]:
    """Every unit it went to, in pinyin order: when it was read and by whom (or not yet)."""
    read = {r.unit_id: r for r in NoticeRead.objects.filter(notice=notice).select_related(
        "reader")}
    return [{"unit": unit.pk, "unit_name": unit.name,
             "read_at": read[unit.pk].read_at if unit.pk in read else None,
             "reader": str(read[unit.pk].reader or "") if unit.pk in read else ""}
            for unit in Unit.objects.filter(notices=notice).order_by("pinyin", "name")]

"""A placement's achievements in sum (`AchievementTotal`: records and yuan), kept with the
writes that change them, so that the fulfilment figure reads a row per placement instead of
every achievement (200,000 nationally: 0.2 s of joins on every request).

Counted again from the raw achievements in the writer's transaction by the receivers in
placements.signals (an achievement recorded, corrected or removed), through
core.rollups.recount (lock the row, then count). `manage.py refresh_rollups --check`
compares every row with the achievements."""
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Sum

from core.rollups import differing, recount, replace_all


def _model(name, registry=None):
    # `registry`: a migration's historical models (the backfill); the app's otherwise.
    return (registry or apps).get_model("placements", name)


def expected(placement_ids=None, registry=None) -> dict[int, tuple[int, Decimal]]:
    """Placement id → (records, yuan) from the achievements; placements without any left out."""
    rows = _model("Achievement", registry).objects.order_by()
    if placement_ids is not None:
        rows = rows.filter(placement__in=placement_ids)
    return {pid: (n, amount or Decimal("0")) for pid, n, amount in rows.values(
        "placement").annotate(n=Count("id"), total=Sum("amount")).values_list(
        "placement", "n", "total")}


def refresh(placement_ids):
    """Count these placements' rows again, in the caller's transaction."""
    def figures(chunk):
        return {(pid,): {"records": n, "amount": amount}
                for pid, (n, amount) in expected([pid for (pid,) in chunk]).items()}

    recount(_model("AchievementTotal"), ["placement"],
            [(int(pid),) for pid in placement_ids if pid is not None], figures,
            ["records", "amount"])


def differences() -> tuple[int, list[int]]:
    """(rows compared, the placements whose row differs from their achievements)."""
    want = expected()
    have = {pid: (n, amount) for pid, n, amount in _model("AchievementTotal").objects.exclude(
        records=0).values_list("placement", "records", "amount")}
    return differing(want, have)


def rebuild(registry=None):
    """Every row again from the achievements (the migration's backfill and the repair)."""
    AchievementTotal = _model("AchievementTotal", registry)
    replace_all(AchievementTotal, (
        AchievementTotal(placement_id=pid, records=n, amount=amount)
        for pid, (n, amount) in expected(registry=registry).items()))

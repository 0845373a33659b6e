"""Each placement's achievements in sum (placements.achievement_totals): recorded, corrected
and removed through the services, the sum follows in the same transaction; the fulfilment
figure reads it and equals the raw sum; the check command finds a row that differs."""
import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from placements import achievement_totals, services
from placements.models import AchievementTotal
from reports import aggregates

D = datetime.date


@pytest.fixture
def on_post(world, make):
    w = world
    w.order = make.order(w.batch, w.host, title="农业产业顾问")
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 9, 1),
                                 end=D(2027, 8, 31), status="on_post", order=w.order)
    w.order.status = "filled"
    w.order.save()
    return w


def total(placement):
    row = AchievementTotal.objects.filter(placement=placement).first()
    return (row.records, row.amount) if row else (0, Decimal("0"))


def record(w, amount, title="争取项目资金"):
    return services.record_achievement(w.cadre_user, w.placement, category="funds_secured",
                                       title=title, amount=Decimal(amount),
                                       date=D(2026, 10, 12))


def test_recording_correcting_and_removing_keep_the_sum(on_post):
    w = on_post
    first = record(w, "500000")
    second = record(w, "120000.50", "引进企业")
    assert total(w.placement) == (2, Decimal("620000.50"))
    services.edit_achievement(second, w.cadre_user, amount=Decimal("20000.50"))
    assert total(w.placement) == (2, Decimal("520000.50"))
    services.delete_achievement(first, w.cadre_user)
    assert total(w.placement) == (1, Decimal("20000.50"))
    assert achievement_totals.differences()[1] == []


def test_the_fulfilment_figure_reads_the_sums_and_equals_the_raw_achievements(on_post):
    w = on_post
    record(w, "300000")
    record(w, "45000")
    row = next(g for g in aggregates.fulfilment(w.staff, {}, "order")["groups"]
               if g["key"] == w.order.pk)
    assert row["achievements"] == 2 and row["achievement_amount"] == aggregates._yuan(
        Decimal("345000"))
    # What it reads: a row made wrong shows in the figure.
    AchievementTotal.objects.filter(placement=w.placement).update(records=9)
    row = next(g for g in aggregates.fulfilment(w.staff, {}, "order")["groups"]
               if g["key"] == w.order.pk)
    assert row["achievements"] == 9


def test_the_check_command_finds_a_sum_that_differs_and_the_repair_counts_it_again(on_post):
    w = on_post
    record(w, "300000")
    AchievementTotal.objects.filter(placement=w.placement).update(amount=Decimal("1"))
    with pytest.raises(CommandError, match=f"成果汇总：1行与原始记录不一致（{w.placement.pk}）"):
        call_command("refresh_rollups", "--check")
    assert total(w.placement) == (1, Decimal("1"))  # the check changed nothing
    call_command("refresh_rollups")
    assert total(w.placement) == (1, Decimal("300000"))
    call_command("refresh_rollups", "--check")

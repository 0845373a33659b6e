"""Every kind of alert the nightly job raises: raised once per open cause, private to the role
and unit concerned, resolved when the cause goes."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from placements.models import DemandOrder, Inspection, Placement
from programs.models import AllowancePolicy, Batch
from reports.alerts import (
    batches_unfilled,
    inspections_due,
    insurance_lapsing,
    orders_awaiting_review,
    raise_all,
    terms_ending,
)
from reports.models import Alert

D = datetime.date
TODAY = D(2026, 11, 20)


def visible(user, kind):
    return list(Alert.objects.visible_to(user).open().filter(kind=kind)
                .values_list("message", flat=True))


@pytest.fixture
def on_post(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2025, 1, 1),
                                 end=D(2026, 12, 10), status="on_post")
    return w


def test_a_term_ending_within_30_days_concerns_department_host_and_home(on_post):
    w = on_post
    assert terms_ending(TODAY) == {"raised": 3, "resolved": 0, "open": 3}
    assert terms_ending(TODAY)["raised"] == 0  # never twice for one open cause
    message = "张树旗在开化县人民政府的挂职将于2026-12-10期满，请安排期满考核和返回手续。"
    for user in (w.staff, w.receiving, w.dispatching):
        assert visible(user, "term_ending") == [message]
    for user in (w.other_staff, w.cadre_user, w.manager):
        assert visible(user, "term_ending") == []
    # Extended: the cause is gone.
    Placement.objects.filter(pk=w.placement.pk).update(planned_end_date=D(2027, 6, 30))
    assert terms_ending(TODAY) == {"raised": 0, "resolved": 3, "open": 0}


def test_an_order_waiting_for_review_five_days(world, make):
    w = world
    order = make.order(w.batch, w.host, status="submitted", title="乡村振兴规划")
    DemandOrder.objects.filter(pk=order.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2026, 11, 16, 9)))
    assert orders_awaiting_review(TODAY)["raised"] == 0  # four days
    DemandOrder.objects.filter(pk=order.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2026, 11, 14, 9)))
    assert orders_awaiting_review(TODAY)["raised"] == 1
    assert visible(w.staff, "order_review_overdue") == [
        "开化县人民政府的订单“乡村振兴规划”已提交6天，尚未审核。"]
    assert visible(w.receiving, "order_review_overdue") == []
    DemandOrder.objects.filter(pk=order.pk).update(status="approved")
    assert orders_awaiting_review(TODAY)["resolved"] == 1


def test_a_batch_unfilled_14_days_before_report_by(world, make):
    w = world
    Batch.objects.filter(pk=w.batch.pk).update(report_by=D(2026, 12, 10))
    order = make.order(w.batch, w.host, headcount=3)
    assert batches_unfilled(TODAY)["raised"] == 0  # 20 days ahead
    Batch.objects.filter(pk=w.batch.pk).update(report_by=D(2026, 12, 1))
    assert batches_unfilled(TODAY)["raised"] == 1
    [message] = visible(w.staff, "batch_unfilled")
    assert "尚有3个岗位未选派" in message and "2026-12-01" in message
    DemandOrder.objects.filter(pk=order.pk).update(filled_count=3, status="filled")
    assert batches_unfilled(TODAY)["resolved"] == 1


def test_insurance_lapsing_for_a_cadre_still_on_post(on_post):
    w = on_post
    assert insurance_lapsing(TODAY)["raised"] == 0  # no policy with insurance
    AllowancePolicy.objects.create(program=w.program, daily_allowance=Decimal(100),
                                   accident_insurance=True, insurance_premium=Decimal(20))
    assert insurance_lapsing(TODAY)["raised"] == 1
    assert visible(w.staff, "insurance_lapsing") == [
        "张树旗在岗，尚未登记人身意外保险的保险期限。"]
    # Cover recorded to a date before the term ends, within 30 days: a new cause? No — the
    # same placement stays one open alert; its cover running to the term's end resolves it.
    Placement.objects.filter(pk=w.placement.pk).update(insured_until=D(2026, 12, 1))
    assert insurance_lapsing(TODAY) == {"raised": 0, "resolved": 0, "open": 1}
    Placement.objects.filter(pk=w.placement.pk).update(insured_until=D(2026, 12, 31))
    assert insurance_lapsing(TODAY) == {"raised": 0, "resolved": 1, "open": 0}
    assert visible(w.receiving, "insurance_lapsing") == []


def test_an_inspection_due_within_a_week_or_overdue(on_post):
    w = on_post
    inspection = Inspection.objects.create(placement=w.placement, scheduled_date=D(2026, 12, 1))
    assert inspections_due(TODAY)["raised"] == 0
    Inspection.objects.filter(pk=inspection.pk).update(scheduled_date=D(2026, 11, 18))
    assert inspections_due(TODAY)["raised"] == 1
    assert visible(w.staff, "inspection_due") == ["张树旗的定期检查已逾期2天，请完成并登记结果。"]
    Inspection.objects.filter(pk=inspection.pk).update(status="done", date=D(2026, 11, 20))
    assert inspections_due(TODAY)["resolved"] == 1


def test_the_nightly_task_runs_every_rule(on_post):
    from reports.tasks import raise_alerts

    summary = raise_alerts.apply().get()
    assert set(summary) == {"worklog_missing", "term_ending", "order_review_overdue",
                            "batch_unfilled", "insurance_lapsing", "inspection_due"}
    assert raise_all(TODAY)["term_ending"]["open"] == 3

"""Steps on several rows at once (DESIGN Turn-3: orders/bulk-approve, orders/bulk-return,
work-logs/bulk-review, leaves/bulk-decide): each row through its own service step, one
refusal in the middle never undoing the others, every refusal answered on its row by code."""
import datetime

import pytest
from rest_framework.test import APIClient

from placements.models import DemandOrder, Leave, WorkLog

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def outcome(response):
    assert response.status_code == 200, response.content.decode()
    return [(r["id"], r["ok"], r["error"] and r["error"]["code"])
            for r in response.json()["results"]]


def test_orders_approved_in_one_pass_with_a_refusal_in_the_middle(world, make):
    w = world
    first = make.order(w.batch, w.host, status="submitted")
    draft = make.order(w.batch, w.host, status="draft")  # not submitted: refused
    last = make.order(w.batch, w.other_host, status="submitted")
    hubei = make.order(w.other_batch, make.unit(w.other_province), status="submitted")
    ids = [first.pk, draft.pk, last.pk, hubei.pk, first.pk]
    result = outcome(api(w.staff).post("/api/v1/orders/bulk-approve/", {"ids": ids},
                                       format="json"))
    assert result == [(first.pk, True, None), (draft.pk, False, "illegal_transition"),
                      (last.pk, True, None), (hubei.pk, False, "not_found"),
                      (first.pk, False, "duplicate")]
    statuses = dict(DemandOrder.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[draft.pk], statuses[last.pk], statuses[hubei.pk]) == (
        "approved", "draft", "approved", "submitted")


def test_a_bulk_return_needs_its_reason_and_changes_nothing_without_it(world, make):
    w = world
    order = make.order(w.batch, w.host, status="submitted")
    client = api(w.staff)
    response = client.post("/api/v1/orders/bulk-return/", {"ids": [order.pk]}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    assert DemandOrder.objects.get(pk=order.pk).status == "submitted"
    assert outcome(client.post("/api/v1/orders/bulk-return/",
                               {"ids": [order.pk], "reason": "岗位职责不清"}, format="json")) == [
        (order.pk, True, None)]
    assert DemandOrder.objects.get(pk=order.pk).status == "returned"


@pytest.mark.parametrize("body", [{}, {"ids": []}, {"ids": "1,2"}, {"ids": [0]},
                                  {"ids": list(range(1, 202))}])
def test_a_bad_list_of_ids_is_a_400(world, body):
    response = api(world.staff).post("/api/v1/orders/bulk-approve/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_the_host_reviews_diary_entries_in_one_pass(world, make):
    w = world
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post")
    other = make.placement(make.cadre(w.sender), w.batch, w.other_host, status="on_post")
    logs = [WorkLog.objects.create(placement=placement, date=D(2026, 3, d), content="走访")
            for d in (2, 3)]
    done = WorkLog.objects.create(placement=placement, date=D(2026, 3, 4), content="调研",
                                  status="accepted")
    elsewhere = WorkLog.objects.create(placement=other, date=D(2026, 3, 2), content="调研")
    ids = [logs[0].pk, done.pk, elsewhere.pk, logs[1].pk]
    result = outcome(api(w.receiving).post("/api/v1/work-logs/bulk-review/", {
        "ids": ids, "decision": "accepted", "comment": "属实"}, format="json"))
    assert [(pk, ok) for pk, ok, _code in result] == [
        (logs[0].pk, True), (done.pk, False), (elsewhere.pk, False), (logs[1].pk, True)]
    assert result[2][2] == "not_found"  # another unit's cadre: out of scope
    statuses = dict(WorkLog.objects.values_list("pk", "status"))
    assert [statuses[pk] for pk in ids] == ["accepted", "accepted", "submitted", "accepted"]


def test_leave_decided_in_one_pass_and_a_refusal_needs_its_reason(world, make):
    w = world
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post")
    leaves = [Leave.objects.create(placement=placement, start_date=D(2026, 12, d),
                                   end_date=D(2026, 12, d + 1), reason="事假") for d in (1, 10)]
    client = api(w.receiving)
    refused = outcome(client.post("/api/v1/leaves/bulk-decide/", {
        "ids": [leave.pk for leave in leaves], "decision": "reject"}, format="json"))
    assert [ok for _pk, ok, _code in refused] == [False, False]
    assert set(Leave.objects.values_list("status", flat=True)) == {"requested"}
    approved = outcome(client.post("/api/v1/leaves/bulk-decide/", {
        "ids": [leave.pk for leave in leaves], "decision": "approve"}, format="json"))
    assert [ok for _pk, ok, _code in approved] == [True, True]
    assert set(Leave.objects.values_list("status", flat=True)) == {"approved"}


def test_the_orders_page_reviews_checked_orders_in_one_pass(world, make):
    from django.test import Client

    w = world
    first = make.order(w.batch, w.host, status="submitted")
    draft = make.order(w.batch, w.host, status="draft")
    last = make.order(w.batch, w.other_host, status="submitted")
    page = Client()
    page.force_login(w.staff)
    listing = page.get("/orders/?status=submitted").content.decode()
    assert 'action="/orders/bulk-review/"' in listing and 'name="ids"' in listing
    ids = [first.pk, draft.pk, last.pk]
    # A return without its reason: the form says so, and nothing moves.
    refused = page.post("/orders/bulk-review/", {"ids": ids, "decision": "return"},
                        follow=True).content.decode()
    assert "退回订单必须说明原因" in refused
    assert set(DemandOrder.objects.values_list("status", flat=True)) == {"submitted", "draft"}
    done = page.post("/orders/bulk-review/", {"ids": ids, "decision": "approve",
                                              "next": "/orders/?status=submitted"}, follow=True)
    text = done.content.decode()
    assert "已办理2项" in text and f"编号{draft.pk}未办理" in text
    assert dict(DemandOrder.objects.values_list("pk", "status")) == {
        first.pk: "approved", draft.pk: "draft", last.pk: "approved"}
    # Only the department's staff are offered the step, and others are refused it.
    host = Client()
    host.force_login(w.receiving)
    assert 'action="/orders/bulk-review/"' not in host.get("/orders/").content.decode()
    assert host.post("/orders/bulk-review/", {"ids": [draft.pk], "decision": "approve"}
                     ).status_code == 403

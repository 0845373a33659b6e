"""The admin changes workflow state only through the steps: statuses, counts, partners,
confirmations and the event record are not editable there."""
import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from placements.models import DemandOrder, OrderEvent, Placement, PlacementEvent

D = datetime.date


@pytest.fixture
def admin(world, make):
    w = world
    w.staff.is_staff = True
    w.staff.save()
    w.staff.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=["placements", "programs"]))
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post")
    w.event = PlacementEvent.objects.create(placement=w.placement, kind="created")
    w.http = Client()
    w.http.force_login(w.staff)
    return w


def test_an_orders_status_cannot_be_set_in_the_admin(admin, make):
    w = admin
    order = make.order(w.batch, w.host, status="draft")
    response = w.http.post(f"/admin/placements/demandorder/{order.pk}/change/", {
        "status": "filled", "filled_count": 1, "title": order.title})
    assert response.status_code == 403
    order.refresh_from_db()
    assert (order.status, order.filled_count) == ("draft", 0)
    assert not OrderEvent.objects.exists()


def test_reviewing_an_order_in_the_admin_is_the_approval_step(admin, make):
    w = admin
    order = make.order(w.batch, w.host, status="submitted")
    w.http.post("/admin/placements/demandorder/", {
        "action": "approve", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == "approved" and order.reviewed_at
    assert OrderEvent.objects.get().to_status == "approved"


def test_a_placements_status_partner_and_confirmations_are_read_only(admin, make):
    w = admin
    other = make.placement(make.cadre(w.host), w.batch, w.sender, direction="up")
    before = Placement.objects.values().get(pk=w.placement.pk)
    response = w.http.post(f"/admin/placements/placement/{w.placement.pk}/change/", {
        "post_title": "挂职副县长（分管农业）", "track": "", "status": "completed",
        "actual_end_date": "2026-06-30", "partner": other.pk,
        "host_confirmed_end_at_0": "2026-06-30", "host_confirmed_end_at_1": "10:00",
        "events-TOTAL_FORMS": 1, "events-INITIAL_FORMS": 1, "events-0-id": w.event.pk,
        "events-0-placement": w.placement.pk})
    assert response.status_code == 302
    after = Placement.objects.values().get(pk=w.placement.pk)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"post_title", "updated_at"}
    assert after["status"] == "on_post" and after["partner_id"] is None
    assert w.placement.events.filter(kind="edited").count() == 1


def test_placements_cannot_be_added_and_events_not_deleted_in_the_admin(admin):
    w = admin
    assert w.http.get("/admin/placements/placement/add/").status_code == 403
    assert w.http.post(f"/admin/placements/placementevent/{w.event.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert w.http.post(f"/admin/placements/placementevent/{w.event.pk}/change/",
                       {"kind": "completed"}).status_code == 403
    assert PlacementEvent.objects.get().kind == "created"
    assert DemandOrder.objects.count() == 0

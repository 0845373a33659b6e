"""The admin of life on post runs the same workflow steps as the API."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from placements.models import Achievement, AllowanceStatement, Inspection, Leave, WorkLog

D = datetime.date


@pytest.fixture
def admin_client(world, make):
    w = world
    w.staff.is_staff = True
    w.staff.save()
    w.staff.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=["placements", "programs"]))
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1),
                                 end=D(2027, 12, 31), status="on_post")
    client = Client()
    client.force_login(w.staff)
    w.http = client
    return w


def test_an_inspection_recorded_in_the_admin_goes_through_the_service(admin_client):
    w = admin_client
    response = w.http.post("/admin/placements/inspection/add/", {
        "placement": w.placement.pk, "kind": "visit", "scheduled_date": "",
        "date": "2026-03-05", "findings": "纪实完整，群众评价好", "rating": "good"})
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.status == "done" and inspection.inspector == w.staff

    refused = w.http.post("/admin/placements/inspection/add/", {
        "placement": w.placement.pk, "kind": "visit", "scheduled_date": "2025-01-01",
        "date": "", "findings": "", "rating": ""}, follow=True)
    assert "计划日期须在挂职期间" in refused.content.decode()
    assert Inspection.objects.count() == 1


def test_achievements_are_verified_and_leave_approved_by_admin_actions(admin_client):
    w = admin_client
    achievement = Achievement.objects.create(placement=w.placement, category="funds_secured",
                                             title="争取资金", amount=100, date=D(2026, 3, 1))
    leave = Leave.objects.create(placement=w.placement, start_date=D(2026, 4, 1),
                                 end_date=D(2026, 4, 2), reason="事假")
    w.http.post("/admin/placements/achievement/", {
        "action": "verify", "_selected_action": [achievement.pk]})
    achievement.refresh_from_db()
    assert achievement.verified and achievement.verified_by == w.staff
    w.http.post("/admin/placements/leave/", {"action": "approve",
                                             "_selected_action": [leave.pk]})
    leave.refresh_from_db()
    assert leave.status == "approved"
    # Once verified, an edit is refused with the service's message and nothing changes.
    page = w.http.post(f"/admin/placements/achievement/{achievement.pk}/change/", {
        "placement": w.placement.pk, "category": "funds_secured", "title": "改名",
        "amount": "200", "count": "0", "date": "2026-03-01", "evidence": ""}, follow=True)
    assert "已核实" in page.content.decode()
    achievement.refresh_from_db()
    assert achievement.title == "争取资金"


def test_saving_a_statement_in_the_admin_makes_a_correction(admin_client):
    w = admin_client
    original = AllowanceStatement.objects.create(
        placement=w.placement, month="2026-02", days_on_post=28, daily_allowance=30,
        amount=840, trips_allowed=1, insured=True)
    w.http.post(f"/admin/placements/allowancestatement/{original.pk}/change/", {
        "days_on_post": "27", "leave_days": "1", "trips_taken": "1",
        "correction_reason": "2月27日请假一天"})
    original.refresh_from_db()
    corrected = AllowanceStatement.objects.get(is_current=True)
    assert not original.is_current and original.amount == Decimal("840.00")
    assert corrected.corrects == original and corrected.amount == Decimal("810.00")


def test_the_diary_is_read_only_in_the_admin(admin_client):
    w = admin_client
    log = WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 2), content="调研")
    assert w.http.get("/admin/placements/worklog/").status_code == 200
    assert w.http.get("/admin/placements/worklog/add/").status_code == 403
    page = w.http.get(f"/admin/placements/worklog/{log.pk}/change/")
    assert page.status_code == 200 and "调研" in page.content.decode()
    assert 'name="content"' not in page.content.decode()

"""Leave types (DESIGN Turn-3 `Leave.kind`): 公出报备 counts as days on post in statements
and diary compliance, the others do not; a leave is reported back from only once it has
begun, and the cadre's page offers each step where its predicate allows it."""
import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from placements import services
from placements.models import Leave
from programs.models import AllowancePolicy

D = datetime.date


@pytest.fixture
def on_post(world, make):
    w = world
    AllowancePolicy.objects.create(program=w.program, daily_allowance=30)
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 3, 1),
                                 status="on_post")
    return w


def approved(w, start, end, kind):
    leave = services.request_leave(w.cadre_user, w.placement, start, end, "外出", kind)
    return services.decide_leave(leave, w.receiving, True)


def test_official_business_counts_as_days_on_post_and_other_leave_does_not(on_post):
    w = on_post
    approved(w, D(2026, 3, 9), D(2026, 3, 13), "official")   # 公出报备: on post
    approved(w, D(2026, 3, 16), D(2026, 3, 17), "personal")  # 事假: off post
    statement = services.generate_statement(w.staff, w.placement, "2026-03")
    assert (statement.leave_days, statement.days_on_post) == (2, 29)
    # The diary's month: the 事假 days are leave, the 公出 days are working days owed.
    days = {row.date: row for row in services.month_view(w.placement, "2026-03").days}
    assert days[D(2026, 3, 16)].state == "leave"
    assert days[D(2026, 3, 10)].state == "missing"


def test_the_kind_is_asked_and_refused_when_unknown(on_post):
    w = on_post
    client = APIClient()
    client.force_authenticate(w.cadre_user)
    body = {"placement": w.placement.pk, "start_date": "2026-12-01", "end_date": "2026-12-02",
            "reason": "参加招商推介会"}
    bad = client.post("/api/v1/leaves/", {**body, "kind": "holiday"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()["error"]["fields"]
    assert not Leave.objects.exists()
    made = client.post("/api/v1/leaves/", {**body, "kind": "official"}, format="json")
    assert made.status_code == 201 and made.json()["kind_display"] == "公出报备"


def test_a_leave_not_yet_begun_is_not_reported_back_from(on_post):
    w = on_post
    leave = approved(w, D(2026, 12, 1), D(2026, 12, 2), "family")  # the clock: 18 Nov 2026
    client = APIClient()
    client.force_authenticate(w.cadre_user)
    response = client.post(f"/api/v1/leaves/{leave.pk}/report-back/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "leave_not_started"
    assert Leave.objects.get(pk=leave.pk).status == "approved"
    page = Client()
    page.force_login(w.cadre_user)
    html = page.get("/my/leave/").content.decode()
    assert "探亲假" in html and f"/leaves/{leave.pk}/report-back/" not in html
    begun = approved(w, D(2026, 11, 17), D(2026, 11, 19), "sick")
    assert f"/leaves/{begun.pk}/report-back/" in page.get("/my/leave/").content.decode()
    assert client.post(f"/api/v1/leaves/{begun.pk}/report-back/", {},
                       format="json").status_code == 200


def test_the_program_says_which_kinds_count_as_on_post_and_a_change_keeps_old_leave(on_post):
    w = on_post
    policy = AllowancePolicy.objects.get(program=w.program)
    # A program that also counts 年休假 on post (its cadres' annual leave is their own).
    client = APIClient()
    client.force_authenticate(w.staff)
    bad = client.patch(f"/api/v1/allowance-policies/{policy.pk}/",
                       {"on_post_leave_kinds": ["official", "holiday"]}, format="json")
    assert bad.status_code == 400 and "on_post_leave_kinds" in bad.json()["error"]["fields"]
    assert AllowancePolicy.objects.get(pk=policy.pk).on_post_leave_kinds == ["official"]
    annual_before = approved(w, D(2026, 3, 2), D(2026, 3, 3), "annual")
    changed = client.patch(f"/api/v1/allowance-policies/{policy.pk}/",
                           {"on_post_leave_kinds": ["official", "annual"]}, format="json")
    assert changed.status_code == 200
    annual_after = approved(w, D(2026, 3, 16), D(2026, 3, 17), "annual")
    assert (annual_before.counts_on_post, annual_after.counts_on_post) == (False, True)
    # The leave asked before the change still counts off post; the one after does not.
    statement = services.generate_statement(w.staff, w.placement, "2026-03")
    assert (statement.leave_days, statement.days_on_post) == (2, 29)


def test_a_long_leave_goes_to_host_then_home_then_the_department(on_post, make):
    from core.exceptions import RuleBroken

    w = on_post
    AllowancePolicy.objects.filter(program=w.program).update(
        home_approval_leave_days=3, department_approval_leave_days=10)
    short = services.request_leave(w.cadre_user, w.placement, D(2026, 12, 1), D(2026, 12, 5),
                                   "探亲", "family")
    assert (short.needs_home_approval, short.needs_department_approval) == (True, False)
    leave = services.request_leave(w.cadre_user, w.placement, D(2026, 12, 7), D(2026, 12, 18),
                                   "探亲", "family")
    assert (leave.needs_home_approval, leave.needs_department_approval) == (True, True)
    services.decide_leave(leave, w.receiving, True)
    services.decide_leave(leave, w.dispatching, True)
    leave.refresh_from_db()
    assert leave.status == "requested" and leave.home_approved_at is not None
    # The units have said yes; it waits for the department, and says so.
    with pytest.raises(RuleBroken) as refused:
        services.decide_leave(leave, w.dispatching, True)
    assert refused.value.code == "awaiting_department"
    assert not services.can_decide_leave(w.receiving, leave)
    assert services.can_decide_leave(w.staff, leave)
    services.decide_leave(leave, w.staff, True)
    leave.refresh_from_db()
    assert leave.status == "approved" and leave.department_approved_by == w.staff
    api = APIClient()
    api.force_authenticate(w.cadre_user)
    shown = api.get(f"/api/v1/leaves/{leave.pk}/").json()
    assert shown["needs_department_approval"] is True and shown["department_approved_at"]

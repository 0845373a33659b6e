"""代理人 (issue 31, item 7; DESIGN Turn-3 `stand-ins/`): a unit's operator names a colleague of
the unit for dated absence; the stand-in's steps are recorded on the operator's behalf; reviews
waiting 5 working days go to whoever is there. Refusals by their exact code, nothing changed."""
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.models import StandIn, StandInStep
from notices.models import Message
from placements.models import WorkLog
from placements.reminders import overdue_cutoff, remind_overdue_reviews

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def unit(world, make):
    w = world
    w.colleague = make.user(Role.RECEIVING, w.host, "colleague")
    w.outsider = make.user(Role.RECEIVING, w.other_host, "outsider")
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                                 start=D(2026, 1, 5))
    return w


def name(user, stand_in, starts="2026-11-16", ends="2026-11-27"):
    return api(user).post("/api/v1/stand-ins/", {
        "stand_in": stand_in.pk, "starts_on": starts, "ends_on": ends, "reason": "外出学习"},
        format="json")


def test_an_operator_names_a_colleague_and_nobody_else(unit):
    w = unit
    made = name(w.receiving, w.colleague)
    assert made.status_code == 201, made.json()
    assert (made.json()["operator"], made.json()["stand_in"]) == (w.receiving.pk,
                                                                  w.colleague.pk)
    for who, status, code in ((w.outsider, 400, "not_same_unit"),
                              (w.receiving, 400, "not_same_unit"),
                              (w.colleague, 409, "stand_in_overlap")):
        answer = name(w.receiving, who)
        assert answer.status_code == status, answer.json()
        assert answer.json()["error"]["code"] == code
    refused = api(w.staff).post("/api/v1/stand-ins/", {
        "stand_in": w.colleague.pk, "starts_on": "2026-12-01", "ends_on": "2026-12-02"},
        format="json")
    assert refused.status_code == 403
    assert StandIn.objects.count() == 1
    # The unit's operators read it; another unit does not.
    assert api(w.colleague).get("/api/v1/stand-ins/").json()["count"] == 1
    assert api(w.outsider).get("/api/v1/stand-ins/").json()["count"] == 0
    # Only the operator withdraws it.
    stand_in = made.json()["id"]
    assert api(w.colleague).delete(f"/api/v1/stand-ins/{stand_in}/").status_code == 403
    assert api(w.receiving).delete(f"/api/v1/stand-ins/{stand_in}/").status_code == 204


def test_a_stand_ins_step_is_recorded_on_the_operators_behalf(unit):
    w = unit
    stand_in = name(w.receiving, w.colleague).json()["id"]
    log = WorkLog.objects.create(placement=w.placement, date=D(2026, 11, 16), content="调研")
    answer = api(w.colleague).post(f"/api/v1/work-logs/{log.pk}/review/",
                                   {"decision": "accepted"}, format="json")
    assert answer.status_code == 200, answer.json()
    step = StandInStep.objects.get()
    assert (step.stand_in, step.operator, step.step) == (w.colleague, w.receiving,
                                                         "worklog_accepted")
    listed = api(w.receiving).get(f"/api/v1/stand-ins/{stand_in}/steps/").json()
    assert [s["subject"] for s in listed] == [str(log)]
    # The operator's own steps are theirs.
    other = WorkLog.objects.create(placement=w.placement, date=D(2026, 11, 17), content="走访")
    api(w.receiving).post(f"/api/v1/work-logs/{other.pk}/review/",
                          {"decision": "accepted"}, format="json")
    assert StandInStep.objects.count() == 1


def test_reviews_waiting_five_working_days_go_to_the_stand_in(unit):
    w = unit
    today = timezone.localdate()  # 18 Nov 2026, a Wednesday
    assert overdue_cutoff(today) == D(2026, 11, 11)
    name(w.receiving, w.colleague)
    log = WorkLog.objects.create(placement=w.placement, date=D(2026, 11, 10), content="调研")
    WorkLog.objects.filter(pk=log.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8))
    WorkLog.objects.create(placement=w.placement, date=D(2026, 11, 17), content="走访")
    assert remind_overdue_reviews(today) == 1
    told = Message.objects.filter(kind="review_overdue")
    assert [m.recipient for m in told] == [w.colleague]
    assert "挂职纪实1篇" in told[0].body and "colleague代为办理" in told[0].body
    assert remind_overdue_reviews(today) == 0  # once in five days


def test_the_operator_names_and_withdraws_a_stand_in_on_the_page(unit):
    from django.test import Client

    w = unit
    page = Client()
    page.force_login(w.receiving)
    html = page.get("/stand-ins/").content.decode()
    assert f'value="{w.colleague.pk}"' in html and f'value="{w.outsider.pk}"' not in html
    saved = page.post("/stand-ins/", {"stand_in": w.colleague.pk, "starts_on": "2026-11-20",
                                      "ends_on": "2026-11-30", "reason": "培训"})
    assert saved.status_code == 302 and StandIn.objects.count() == 1
    clash = page.post("/stand-ins/", {"stand_in": w.colleague.pk, "starts_on": "2026-11-25",
                                      "ends_on": "2026-12-05"})
    assert clash.status_code == 409 and "时间重叠" in clash.content.decode()
    page.post("/stand-ins/", {"withdraw": StandIn.objects.get().pk})
    assert StandIn.objects.count() == 0
    staff = Client()
    staff.force_login(w.staff)
    assert staff.get("/stand-ins/").status_code == 403

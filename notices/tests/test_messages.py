"""Messages on the events people wait for (issue 28, item 7; DESIGN Turn-3 `messages/`): each
step tells whom it concerns inside its own transaction — a refused step tells nobody — and the
optional e-mail/SMS hook sends nothing unless a setting names it."""
import datetime

import pytest
from django.core import mail
from rest_framework.test import APIClient

from core.exceptions import InvalidInput
from notices.models import Message
from placements import services
from placements.models import Leave, Nomination, WorkLog
from programs import batches

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def told(user):
    return list(Message.objects.filter(recipient=user).values_list("kind", "title"))


def test_an_order_returned_or_approved_tells_the_host_units_operators(world, make):
    w = world
    order = make.order(w.batch, w.host, title="乡村振兴顾问", status="submitted")
    with pytest.raises(InvalidInput):  # a return needs its reason
        services.return_order(order, w.staff, "")
    assert Message.objects.count() == 0
    services.return_order(order, w.staff, "岗位职责不清")
    assert told(w.receiving) == [("order_returned", "需求订单“乡村振兴顾问”被退回修改")]
    assert Message.objects.get().body == "退回原因：岗位职责不清"
    other = make.order(w.batch, w.host, title="园区招商", status="submitted")
    services.approve_order(other, w.staff)
    assert ("order_approved", "需求订单“园区招商”已审核通过") in told(w.receiving)
    assert told(w.dispatching) == [] and told(w.staff) == []


def test_opening_a_batch_tells_every_participants_operators(world, make):
    w = world
    planned = make.batch(w.program, status="planning")
    # Moving it by a plain edit is refused: opening is a step.
    refused = api(w.staff).patch(f"/api/v1/batches/{planned.pk}/", {"status": "open"},
                                 format="json")
    assert refused.status_code == 400 and Message.objects.count() == 0
    assert api(w.receiving).post(f"/api/v1/batches/{planned.pk}/open-nominations/"
                                 ).status_code == 403
    opened = api(w.staff).post(f"/api/v1/batches/{planned.pk}/open-nominations/")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert {m.recipient for m in Message.objects.filter(kind="batch_opened")} == {
        w.receiving, w.dispatching}
    # Closed, then reopened with a reason: told again, with the reason.
    batches.close_nominations(planned, w.staff)
    batches.reopen_nominations(planned, w.staff, "开化县补报需求")
    latest = Message.objects.filter(recipient=w.dispatching).first()
    assert "开化县补报需求" in latest.body


def test_a_batch_created_open_tells_the_units_too(world):
    w = world
    response = api(w.staff).post("/api/v1/batches/", {
        "program": w.program.pk, "number": 9, "status": "open", "term_months": 12},
        format="json")
    assert response.status_code == 201
    assert Message.objects.filter(kind="batch_opened").count() == 2


def test_selection_and_its_end_tell_the_sender_and_the_cadre(world, make):
    w = world
    make.order(w.batch, w.host, title="乡村振兴顾问", headcount=1)
    chosen = Nomination.objects.create(cadre=w.cadre, batch=w.batch, dispatching_unit=w.sender)
    left = Nomination.objects.create(cadre=make.cadre(w.sender, "李青"), batch=w.batch,
                                     dispatching_unit=w.sender)
    batches.close_nominations(w.batch, w.staff)
    proposals = services.run_matching(w.batch, w.staff)
    services.confirm_matches(w.batch, w.staff, [{"proposal": proposals[0].pk}])
    assert told(w.cadre_user) == [("nomination_selected", "张树旗 已选派至开化县人民政府")]
    assert ("nomination_selected", "张树旗 已选派至开化县人民政府") in told(w.dispatching)
    # Finishing the matching declines who was not chosen, and tells them.
    assert api(w.receiving).post(f"/api/v1/batches/{w.batch.pk}/finish-matching/"
                                 ).status_code == 403
    finished = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/finish-matching/")
    assert finished.status_code == 200 and finished.json()["status"] == "in_progress"
    assert ("nomination_declined", "李青 本批次未选派") in told(w.dispatching)
    assert Nomination.objects.get(pk=left.pk).status == "declined"
    assert Nomination.objects.get(pk=chosen.pk).status == "selected"
    again = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/finish-matching/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"


@pytest.fixture
def on_post(world, make):
    w = world
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                               start=D(2026, 1, 5))
    return w, placement


def test_a_diary_sent_back_and_a_leave_decided_tell_the_cadre(on_post):
    w, placement = on_post
    log = WorkLog.objects.create(placement=placement, date=D(2026, 3, 2), content="调研")
    services.review_log(log, w.receiving, "accepted")
    assert told(w.cadre_user) == []  # an accepted day waits for nobody
    log2 = WorkLog.objects.create(placement=placement, date=D(2026, 3, 3), content="走访")
    services.review_log(log2, w.receiving, "needs_more", "请写明走访对象")
    assert told(w.cadre_user) == [("worklog_returned", "2026-03-03 的纪实需补充")]
    leave = Leave.objects.create(placement=placement, start_date=D(2026, 4, 1),
                                 end_date=D(2026, 4, 2), reason="家事")
    services.decide_leave(leave, w.staff, False, "当月有巡察")
    titles = [t for k, t in told(w.cadre_user) if k == "leave_decided"]
    assert titles == ["请假未获批准（2026-04-01 至 2026-04-02）"]


def test_the_api_lists_only_ones_own_and_reads_them(on_post, make):
    w, placement = on_post
    order = make.order(w.batch, w.host, status="submitted")
    services.return_order(order, w.staff, "请补充岗位职责")
    mine = api(w.receiving).get("/api/v1/messages/?unread=true").json()["results"]
    assert [m["kind"] for m in mine] == ["order_returned"] and mine[0]["read"] is False
    assert mine[0]["url"] == order.get_absolute_url()
    message_id = mine[0]["id"]
    # Nobody else reads it, or learns that it exists.
    assert api(w.staff).post(f"/api/v1/messages/{message_id}/read/").status_code == 404
    assert api(w.staff).get("/api/v1/messages/").json()["results"] == []
    assert Message.objects.get(pk=message_id).read_at is None
    assert api(w.receiving).post(f"/api/v1/messages/{message_id}/read/").json()["read"]
    services.approve_order(make.order(w.batch, w.host, status="submitted"), w.staff)
    assert api(w.receiving).post("/api/v1/messages/read-all/").json() == {"read": 1}
    assert not Message.objects.filter(read_at__isnull=True).exists()


def test_the_page_lists_messages_and_opening_one_reads_it(on_post, make):
    from django.test import Client

    w, placement = on_post
    order = make.order(w.batch, w.host, status="submitted")
    services.return_order(order, w.staff, "请补充岗位职责")
    page = Client()
    page.force_login(w.receiving)
    listing = page.get("/messages/").content.decode()
    assert "被退回修改" in listing and "全部标为已读" in listing
    message = Message.objects.get()
    opened = page.get(f"/messages/{message.pk}/")
    assert opened.status_code == 302 and opened["Location"] == order.get_absolute_url()
    message.refresh_from_db()
    assert message.read_at is not None
    other = Client()
    other.force_login(w.dispatching)
    assert other.get(f"/messages/{message.pk}/").status_code == 404


def test_nothing_leaves_the_app_unless_a_hook_is_set(world, make, settings,
                                                     django_capture_on_commit_callbacks):
    w = world
    settings.MESSAGE_DELIVERY = []
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.return_order(make.order(w.batch, w.host, status="submitted"), w.staff, "缺附件")
    assert queued == [] and Message.objects.get().delivered_at is None


def test_the_email_hook_sends_through_djangos_mail(world, make, settings):
    from notices.tasks import deliver_messages

    w = world
    settings.MESSAGE_DELIVERY = ["notices.delivery.EmailDelivery",
                                 "notices.delivery.RecordingDelivery"]
    w.receiving.email = "kaihua@example.cn"
    w.receiving.save()
    services.return_order(make.order(w.batch, w.host, status="submitted"), w.staff, "缺附件")
    message = Message.objects.get()
    deliver_messages([message.pk])
    assert [m.to for m in mail.outbox] == [["kaihua@example.cn"]]
    assert mail.outbox[0].subject.endswith("被退回修改")
    message.refresh_from_db()
    assert message.delivered_at is not None
    assert message.delivery_note.startswith("email: kaihua@example.cn；recorded: receiving")
    # Delivered once: a second run sends nothing more.
    deliver_messages([message.pk])
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_hook_runs_on_a_real_worker_after_the_step_commits(world, make, settings, queue):
    from secondment.tests.celery_worker import wait_for, worker

    w = world
    settings.MESSAGE_DELIVERY = ["notices.delivery.RecordingDelivery"]
    with worker(queue, MESSAGE_DELIVERY="notices.delivery.RecordingDelivery"):
        order = make.order(w.batch, w.host, title="园区招商", status="submitted")
        services.return_order(order, w.staff, "缺附件")
        message = wait_for(lambda: Message.objects.filter(delivered_at__isnull=False).first(),
                           what="the delivered message")
    assert message.delivery_note == "recorded: receiving 需求订单“园区招商”被退回修改"

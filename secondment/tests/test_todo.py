"""待办 (issue 28, item 1): what waits for each user, counted from the same querysets as the
lists it opens, in one statement, on the API (`todo/`) and the home page alike."""
import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from placements.models import Leave, Nomination, WorkLog
from reports.todo import todo_for

D = datetime.date


@pytest.fixture
def waiting(world, make):
    w = world
    w.submitted = make.order(w.batch, w.host, status="submitted")
    make.order(w.batch, w.host)  # approved: nothing to review
    w.nomination = Nomination.objects.create(cadre=make.cadre(w.sender), batch=w.batch,
                                             dispatching_unit=w.sender)
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post")
    WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 2), content="走访")
    WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 3), content="调研",
                           status="accepted")
    WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 4), content="座谈",
                           status="needs_more")
    w.leave = Leave.objects.create(placement=w.placement, start_date=D(2026, 12, 1),
                                   end_date=D(2026, 12, 20), reason="探亲",
                                   needs_home_approval=True)
    return w


def api_todo(user):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/todo/")
    assert response.status_code == 200
    return {row["kind"]: row for row in response.json()}


def test_each_role_is_told_what_waits(waiting):
    w = waiting
    staff = api_todo(w.staff)
    assert staff["orders_to_review"]["count"] == 1
    assert staff["nominations_waiting"]["count"] == 1
    assert staff["leaves_to_decide"]["count"] == 1  # the department may decide either side
    host = api_todo(w.receiving)
    assert (host["diaries_to_review"]["count"], host["leaves_to_decide"]["count"]) == (1, 1)
    assert "orders_to_review" not in host and "nominations_waiting" not in host
    assert "leaves_to_decide" not in api_todo(w.dispatching)  # the host decides first
    Leave.objects.filter(pk=w.leave.pk).update(host_approved_at=datetime.datetime(
        2026, 11, 18, 9, tzinfo=datetime.UTC))
    assert api_todo(w.dispatching)["leaves_to_decide"]["count"] == 1
    assert "leaves_to_decide" not in api_todo(w.receiving)
    assert api_todo(w.cadre_user)["entries_sent_back"]["count"] == 1
    assert api_todo(w.other_staff) == {}


def rows_of(html):
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<tr[ >]", body))


@pytest.mark.parametrize("who", ["staff", "receiving"])
def test_each_count_is_the_length_of_the_list_it_opens(waiting, who):
    w = waiting
    user = getattr(w, who)
    client = Client()
    client.force_login(user)
    for row in todo_for(user):
        if row["kind"] in ("alerts", "entries_sent_back"):
            continue
        page = client.get(row["url"])
        assert page.status_code == 200, row
        assert rows_of(page.content.decode()) == row["count"], row


def test_the_counts_are_one_statement(waiting):
    w = waiting
    todo_for(w.receiving)  # the user's sides and scope, read once a request
    with CaptureQueriesContext(connection) as queries:
        todo_for(w.receiving)
    assert len(queries) == 1, [q["sql"][:80] for q in queries]


def test_the_home_shows_the_same_panel(waiting):
    w = waiting
    client = Client()
    client.force_login(w.receiving)
    html = client.get("/").content.decode()
    assert "待办" in html and "待审阅的挂职纪实" in html and 'data-kind="leaves_to_decide"' in html
    client.force_login(w.other_staff)
    assert "暂无待办事项" in client.get("/").content.decode()


def test_the_waiting_diary_is_worked_in_one_pass_on_its_page(waiting, make):
    from django.contrib.messages import get_messages

    w = waiting
    second = WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 5), content="督导")
    elsewhere = make.placement(make.cadre(w.sender), w.batch, w.other_host, status="on_post")
    foreign = WorkLog.objects.create(placement=elsewhere, date=D(2026, 3, 5), content="调研")
    client = Client()
    client.force_login(w.receiving)
    page = client.get("/work-logs/?awaiting=true").content.decode()
    assert 'name="ids"' in page and "办理勾选的记录" in page
    waiting_ids = list(WorkLog.objects.filter(status="submitted", placement=w.placement)
                       .values_list("pk", flat=True))
    response = client.post("/work-logs/bulk-review/", {
        "ids": [*waiting_ids, foreign.pk], "decision": "accepted", "comment": "",
        "next": "/work-logs/?awaiting=true"})
    assert response.status_code == 302 and response["Location"] == "/work-logs/?awaiting=true"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["已办理2项。", f"编号{foreign.pk}未办理：记录不存在或无权查看"]
    assert set(WorkLog.objects.filter(pk__in=waiting_ids).values_list("status", flat=True)) == {
        "accepted"}
    assert WorkLog.objects.get(pk=foreign.pk).status == "submitted"
    assert second.pk in waiting_ids
    assert "diaries_to_review" not in {row["kind"] for row in todo_for(w.receiving)}
    # A unit that reviews nothing is offered no checkboxes, and its post is refused.
    other = Client()
    other.force_login(w.dispatching)
    assert 'name="ids"' not in other.get("/work-logs/").content.decode()
    assert other.post("/work-logs/bulk-review/", {"ids": waiting_ids,
                                                  "decision": "accepted"}).status_code == 403


@pytest.fixture
def more_waiting(waiting, make):
    """Confirmations, a month to settle, feedback, a notice and a message."""
    from notices.services import publish_notice
    from programs.models import AllowancePolicy
    from reports.services import give_feedback

    w = waiting
    # The clock: 18 Nov 2026. A planned start that has come; a term that is over.
    w.arriving = make.placement(make.cadre(w.sender), w.batch, w.host, start=D(2026, 11, 16),
                                end=D(2028, 11, 15))
    w.ending = make.placement(make.cadre(w.sender), w.batch, w.host, status="on_post",
                              start=D(2024, 11, 1), end=D(2026, 10, 31))
    AllowancePolicy.objects.create(program=w.program, daily_allowance=30)
    give_feedback(w.receiving, "纪实模板能否增加照片？")
    publish_notice(w.staff, w.program, "岗前培训安排", "下周一报到。")
    return w


def test_confirmations_statements_feedback_notices_and_messages_wait_too(more_waiting):
    from notices.models import NoticeRead
    from placements import services

    w = more_waiting
    host, home, staff = api_todo(w.receiving), api_todo(w.dispatching), api_todo(w.staff)
    assert host["starts_to_confirm"]["count"] == home["starts_to_confirm"]["count"] == 1
    assert host["ends_to_confirm"]["count"] == home["ends_to_confirm"]["count"] == 1
    # w.ending's term is over: each unit owes its end-of-term appraisal.
    assert host["appraisals_due"]["count"] == home["appraisals_due"]["count"] == 1
    services.record_appraisal(w.receiving, w.ending, "end_of_term", "excellent", year=2026)
    assert "appraisals_due" not in api_todo(w.receiving)
    assert api_todo(w.dispatching)["appraisals_due"]["count"] == 1
    # On post in October without a statement: w.placement and w.ending.
    assert staff["statements_to_settle"]["count"] == 2
    assert staff["feedback_to_answer"]["count"] == 1
    assert host["unread_notices"]["count"] == home["unread_notices"]["count"] == 1
    services.confirm_start(w.arriving, w.receiving)
    services.generate_month(w.program, "2026-10", w.staff)
    NoticeRead.objects.create(notice=w.program.notices.get(), unit=w.host)
    host, staff = api_todo(w.receiving), api_todo(w.staff)
    assert "starts_to_confirm" not in host and "unread_notices" not in host
    assert api_todo(w.dispatching)["starts_to_confirm"]["count"] == 1  # home still to confirm
    assert "statements_to_settle" not in staff
    services.return_order(w.submitted, w.staff, "请补充岗位职责")
    assert api_todo(w.receiving)["unread_messages"]["count"] == 1


@pytest.mark.parametrize("who", ["staff", "receiving", "dispatching"])
def test_each_new_count_is_the_length_of_the_list_it_opens(more_waiting, who):
    from placements import services

    w = more_waiting
    services.return_order(w.submitted, w.staff, "请补充岗位职责")
    user = getattr(w, who)
    client = Client()
    client.force_login(user)
    rows = {row["kind"]: row for row in todo_for(user)}
    assert rows, who
    for kind, row in rows.items():
        if kind in ("alerts", "entries_sent_back"):
            continue
        html = client.get(row["url"]).content.decode()
        if kind == "feedback_to_answer":  # cards, each with its 答复 link
            assert html.count("/answer/\"") == row["count"], row
        else:
            assert rows_of(html) == row["count"], row

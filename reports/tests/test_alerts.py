"""The diary reminder: private to the cadre, once per open cause, gone once they write."""
import datetime

import pytest
from rest_framework.test import APIClient

from placements.models import Leave, WorkLog
from programs.models import Holiday
from reports.alerts import worklog_reminders
from reports.models import Alert

D = datetime.date
TODAY = D(2026, 11, 20)  # a Friday; the window is Fri 13 – Thu 19 November


@pytest.fixture
def quiet(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 9, 1),
                                 end=D(2027, 8, 31), status="on_post")
    WorkLog.objects.create(placement=w.placement, date=D(2026, 11, 12), content="调研")
    return w


def alerts_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/v1/alerts/").json()["results"]


def test_a_silent_week_raises_one_private_reminder(quiet):
    assert worklog_reminders(TODAY) == {"raised": 1, "resolved": 0, "open": 1}
    mine = alerts_of(quiet.cadre_user)
    assert len(mine) == 1 and mine[0]["kind"] == "worklog_missing"
    assert "8天未填写" in mine[0]["message"] and "2026-11-12" in mine[0]["message"]
    for other in (quiet.receiving, quiet.dispatching, quiet.staff, quiet.manager):
        assert alerts_of(other) == []
    # The nightly job again: no second reminder for the same open cause.
    assert worklog_reminders(TODAY)["raised"] == 0
    assert Alert.objects.count() == 1


def test_writing_resolves_the_reminder(quiet):
    worklog_reminders(TODAY)
    WorkLog.objects.create(placement=quiet.placement, date=D(2026, 11, 19), content="补记")
    assert worklog_reminders(TODAY)["resolved"] == 1
    assert Alert.objects.get().resolved_at is not None
    assert alerts_of(quiet.cadre_user)[0]["resolved_at"] is not None


def test_no_reminder_for_a_week_of_leave_or_of_holidays(quiet):
    Leave.objects.create(placement=quiet.placement, start_date=D(2026, 11, 13),
                         end_date=D(2026, 11, 19), reason="探亲", status="approved")
    assert worklog_reminders(TODAY)["raised"] == 0
    # National Day week 2026: 1–7 October off, nothing due.
    for day in range(1, 8):
        Holiday.objects.create(date=D(2026, 10, day), name="国庆节")
    WorkLog.objects.filter(placement=quiet.placement).update(date=D(2026, 9, 30))
    assert worklog_reminders(D(2026, 10, 8))["raised"] == 0


def test_the_reminder_is_on_the_cadres_home_and_alerts_page_only(quiet):
    from django.test import Client

    worklog_reminders(TODAY)
    cadre = Client()
    cadre.force_login(quiet.cadre_user)
    home = cadre.get("/").content.decode()
    assert "待办提醒" in home and "8天未填写" in home
    assert f'href="/placements/{quiet.placement.pk}/"' in home
    assert 'text-bg-warning">1<' in home  # the menu's count of open alerts
    page = cadre.get("/alerts/", {"open": "true"})
    assert [a.kind for a in page.context["object_list"]] == ["worklog_missing"]
    for other in (quiet.receiving, quiet.staff):
        c = Client()
        c.force_login(other)
        assert "8天未填写" not in c.get("/").content.decode()
        assert list(c.get("/alerts/").context["object_list"]) == []
    # Resolved, it leaves the home and the badge but stays listed as resolved.
    WorkLog.objects.create(placement=quiet.placement, date=D(2026, 11, 19), content="补记")
    worklog_reminders(TODAY)
    home = cadre.get("/").content.decode()
    assert "待办提醒" not in home and "text-bg-warning" not in home
    assert cadre.get("/alerts/", {"open": "false"}).context["object_list"][0].resolved_at


def test_feedback_reaches_the_departments_staff_only_and_is_answered(world):
    from django.test import Client

    from reports.models import Feedback

    w = world
    cadre = Client()
    cadre.force_login(w.cadre_user)
    assert 'href="/feedback/?from=/"' in cadre.get("/").content.decode()
    blank = cadre.post("/feedback/", {"content": " \u200b ", "page": "/my/"})
    assert blank.status_code == 400 and not Feedback.objects.exists()
    cadre.post("/feedback/", {"content": "纪实能否支持语音输入？", "page": "/my/"})
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.page) == (w.cadre_user, "/my/")
    staff, other = Client(), Client()
    staff.force_login(w.staff)
    other.force_login(w.other_staff)
    assert "纪实能否支持语音输入" in staff.get("/feedback/").content.decode()
    assert "纪实能否支持语音输入" not in other.get("/feedback/").content.decode()
    assert other.post(f"/feedback/{feedback.pk}/answer/", {"reply": "好"}).status_code == 404
    receiving = Client()
    receiving.force_login(w.receiving)
    assert "纪实能否支持语音输入" not in receiving.get("/feedback/").content.decode()
    assert receiving.post(f"/feedback/{feedback.pk}/answer/",
                          {"reply": "好"}).status_code == 403
    staff.post(f"/feedback/{feedback.pk}/answer/", {"reply": "已列入下一版本"})
    feedback.refresh_from_db()
    assert (feedback.reply, feedback.handled_by) == ("已列入下一版本", w.staff)
    assert "已列入下一版本" in cadre.get("/feedback/").content.decode()
    again = staff.post(f"/feedback/{feedback.pk}/answer/", {"reply": "再答复"})
    assert again.status_code == 409
    feedback.refresh_from_db()
    assert feedback.reply == "已列入下一版本"

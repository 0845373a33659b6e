"""Life on post through the services: work logs, leave, inspections, achievements,
appraisals and the order's fulfilment rating."""
import datetime

import pytest

from accounts.choices import Role
from core.exceptions import InvalidInput, NotAllowed, RuleBroken
from placements import services
from placements.models import Achievement, Leave, WorkLog
from programs.models import AllowancePolicy

D = datetime.date


@pytest.fixture
def on_post(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1),
                                 end=D(2027, 12, 31), status="on_post")
    w.other_receiving = make.user(Role.RECEIVING, w.other_host)
    w.other_dispatching = make.user(Role.DISPATCHING, w.other_sender)
    return w


# --- Work logs ---------------------------------------------------------------------------------

def test_a_cadre_writes_one_log_a_day_and_a_second_is_refused(on_post):
    w = on_post
    log = services.write_log(w.cadre_user, w.placement, D(2026, 3, 2), "走访三家企业", "research")
    assert log.status == "submitted"
    with pytest.raises(RuleBroken) as exc:
        services.write_log(w.cadre_user, w.placement, D(2026, 3, 2), "再写一条")
    assert "每天只能填写一条" in exc.value.message
    assert WorkLog.objects.filter(placement=w.placement).count() == 1


@pytest.mark.parametrize("day", [D(2025, 12, 31), D(2028, 1, 1)])
def test_a_log_outside_the_placement_or_in_the_future_is_refused(on_post, day):
    with pytest.raises(InvalidInput) as exc:
        services.write_log(on_post.cadre_user, on_post.placement, day, "内容")
    assert "挂职期间" in exc.value.message and exc.value.code == "outside_placement"
    assert not WorkLog.objects.exists()


def test_only_the_cadre_writes_and_only_after_going_on_post(on_post, make):
    w = on_post
    for user in (w.receiving, w.staff, w.dispatching):
        with pytest.raises(NotAllowed):
            services.write_log(user, w.placement, D(2026, 3, 2), "代写")
    w.placement.status = "planned"
    w.placement.save()
    with pytest.raises(RuleBroken, match="尚未到岗"):
        services.write_log(w.cadre_user, w.placement, D(2026, 3, 2), "内容")


def test_a_week_at_once_is_written_whole_or_not_at_all(on_post):
    w = on_post
    services.write_log(w.cadre_user, w.placement, D(2026, 3, 4), "已写")
    week = [{"date": D(2026, 3, d), "content": f"第{d}天"} for d in range(2, 7)]
    with pytest.raises(RuleBroken, match="2026-03-04"):
        services.write_logs(w.cadre_user, w.placement, week)
    assert WorkLog.objects.count() == 1
    del week[2]
    assert len(services.write_logs(w.cadre_user, w.placement, week)) == 4
    assert WorkLog.objects.count() == 5


def test_logs_are_edited_until_confirmed_and_reviewed_by_the_host_only(on_post):
    w = on_post
    log = services.write_log(w.cadre_user, w.placement, D(2026, 3, 2), "调研")
    with pytest.raises(NotAllowed):
        services.review_log(log, w.other_receiving, "accepted")
    with pytest.raises(InvalidInput, match="说明"):
        services.review_log(log, w.receiving, "needs_more")
    log = services.review_log(log, w.receiving, "needs_more", "请写明走访了哪些企业")
    assert log.status == "needs_more"
    log = services.edit_log(log, w.cadre_user, content="调研：走访甲、乙两家企业")
    assert log.status == "submitted"
    log = services.review_log(log, w.receiving, "accepted")
    assert log.status == "accepted" and log.reviewed_by == w.receiving
    with pytest.raises(RuleBroken, match="不能再修改"):
        services.edit_log(log, w.cadre_user, content="改")
    with pytest.raises(RuleBroken, match="不能删除"):
        services.delete_log(log, w.cadre_user)
    log.refresh_from_db()
    assert log.content == "调研：走访甲、乙两家企业"


def test_the_month_view_shows_logged_missing_leave_and_days_off(on_post, make):
    from programs.models import Holiday

    w = on_post
    Holiday.objects.create(date=D(2026, 6, 19), name="端午节")
    for day in (1, 2, 3):
        services.write_log(w.cadre_user, w.placement, D(2026, 6, day), "工作")
    Leave.objects.create(placement=w.placement, start_date=D(2026, 6, 8),
                         end_date=D(2026, 6, 9), reason="事假", status="approved")
    view = services.month_view(w.placement, "2026-06")
    states = {row.date.day: row.state for row in view.days}
    assert states[1] == "logged" and states[6] == "off" and states[8] == "leave"
    assert states[19] == "off"  # a public holiday
    assert states[4] == "missing"
    # June 2026: 22 weekdays, less the Dragon Boat Festival, less two days of leave.
    assert view.working_days == 19
    assert (view.count("logged"), view.count("leave"), view.count("missing")) == (3, 2, 16)


# --- Leave -------------------------------------------------------------------------------------

def test_short_leave_needs_the_host_only_long_leave_the_home_unit_too(on_post):
    w = on_post
    AllowancePolicy.objects.create(program=w.program, home_approval_leave_days=3)
    short = services.request_leave(w.cadre_user, w.placement, D(2026, 4, 1), D(2026, 4, 3),
                                   "家中有事")
    assert short.days == 3 and not short.needs_home_approval
    assert services.decide_leave(short, w.receiving, True).status == "approved"

    long = services.request_leave(w.cadre_user, w.placement, D(2026, 5, 11), D(2026, 5, 15),
                                  "探亲")
    assert long.needs_home_approval
    with pytest.raises(RuleBroken, match="接收单位"):
        services.decide_leave(long, w.dispatching, True)
    with pytest.raises(NotAllowed):
        services.decide_leave(long, w.other_receiving, True)
    long = services.decide_leave(long, w.receiving, True)
    assert long.status == "requested" and long.host_approved_at
    with pytest.raises(RuleBroken, match="无需重复"):
        services.decide_leave(long, w.receiving, True)
    with pytest.raises(NotAllowed):
        services.decide_leave(long, w.other_dispatching, True)
    long = services.decide_leave(long, w.dispatching, True)
    assert long.status == "approved"


def test_leave_is_refused_with_a_reason_and_reported_back(on_post):
    w = on_post
    leave = services.request_leave(w.cadre_user, w.placement, D(2026, 4, 1), D(2026, 4, 5),
                                   "事假")
    with pytest.raises(RuleBroken, match="已有请假"):
        services.request_leave(w.cadre_user, w.placement, D(2026, 4, 5), D(2026, 4, 6), "又一次")
    with pytest.raises(InvalidInput, match="原因"):
        services.decide_leave(leave, w.receiving, False)
    with pytest.raises(RuleBroken, match="已批准"):
        services.report_back(leave, w.cadre_user)
    leave = services.decide_leave(leave, w.staff, True)  # org staff decide for both sides
    leave = services.report_back(leave, w.cadre_user, returned_on=D(2026, 4, 4))
    assert leave.status == "reported_back" and leave.end_date == D(2026, 4, 3)
    assert leave.days == 3


def test_leave_outside_the_placement_is_refused(on_post):
    with pytest.raises(InvalidInput, match="挂职期间"):
        services.request_leave(on_post.cadre_user, on_post.placement, D(2025, 12, 30),
                               D(2026, 1, 2), "事假")
    assert not Leave.objects.exists()


# --- Inspections, achievements, appraisals ----------------------------------------------------

def test_an_inspection_is_scheduled_falls_due_and_is_recorded(on_post):
    from placements.api.serializers import InspectionSerializer

    w = on_post
    with pytest.raises(NotAllowed):
        services.schedule_inspection(w.receiving, w.placement, D(2026, 3, 1))
    inspection = services.schedule_inspection(w.staff, w.placement, D(2026, 3, 1),
                                              "diary_check")
    assert InspectionSerializer(inspection).data["is_due"] is True
    with pytest.raises(InvalidInput, match="评价"):
        services.complete_inspection(inspection, w.staff, D(2026, 3, 2), "纪实完整", "")
    inspection = services.complete_inspection(inspection, w.staff, D(2026, 3, 2), "纪实完整",
                                              "good")
    assert inspection.status == "done"
    assert InspectionSerializer(inspection).data["is_due"] is False


def test_an_achievement_with_a_negative_amount_is_refused(on_post):
    with pytest.raises(InvalidInput, match="负数"):
        services.record_achievement(on_post.cadre_user, on_post.placement,
                                    category="funds_secured", title="争取资金",
                                    amount=-1, date=D(2026, 3, 1))
    assert not Achievement.objects.exists()


def test_achievements_are_verified_by_the_host_and_then_frozen(on_post):
    w = on_post
    achievement = services.record_achievement(
        w.cadre_user, w.placement, category="funds_secured", title="争取省级专项资金",
        amount=2_000_000, date=D(2026, 5, 1), evidence="批复文件")
    with pytest.raises(NotAllowed):
        services.verify_achievement(achievement, w.cadre_user)
    with pytest.raises(NotAllowed):
        services.verify_achievement(achievement, w.other_receiving)
    achievement = services.verify_achievement(achievement, w.receiving)
    assert achievement.verified and achievement.verified_by == w.receiving
    with pytest.raises(RuleBroken, match="已核实"):
        services.edit_achievement(achievement, w.cadre_user, amount=3_000_000)


def test_completion_needs_the_hosts_end_of_term_appraisal(on_post, make):
    w = on_post
    w.placement = make.term_ended(w.placement, D(2026, 6, 30))
    with pytest.raises(RuleBroken, match="期满考核"):
        services.confirm_end(w.placement, w.staff, D(2026, 6, 30))
    with pytest.raises(InvalidInput, match="等次"):
        services.record_appraisal(w.receiving, w.placement, "end_of_term", "great")
    home = services.record_appraisal(w.dispatching, w.placement, "end_of_term", "excellent")
    assert home.side == "home" and home.year == 2026
    with pytest.raises(RuleBroken, match="期满考核"):
        services.confirm_end(w.placement, w.staff, D(2026, 6, 30))
    services.record_appraisal(w.receiving, w.placement, "end_of_term", "excellent", "实绩突出")
    with pytest.raises(RuleBroken, match="已有"):
        services.record_appraisal(w.receiving, w.placement, "end_of_term", "competent")
    assert services.confirm_end(w.placement, w.staff, D(2026, 6, 30)).status == "completed"


def test_the_receiving_unit_rates_its_order_once_the_term_is_over(on_post, make):
    w = on_post
    order = make.order(w.batch, w.host, goals="引进农业项目2个")
    w.placement.order = order
    w.placement.save()
    w.placement = make.term_ended(w.placement)
    with pytest.raises(RuleBroken, match="尚未全部结束"):
        services.rate_fulfilment(order, w.receiving, 5)
    services.record_appraisal(w.receiving, w.placement, "end_of_term", "excellent")
    services.confirm_end(w.placement, w.staff, D(2026, 6, 30))
    with pytest.raises(NotAllowed):
        services.rate_fulfilment(order, w.dispatching, 5)
    with pytest.raises(InvalidInput, match="1—5"):
        services.rate_fulfilment(order, w.receiving, 6)
    order = services.rate_fulfilment(order, w.receiving, 4, "基本达到预期")
    assert order.fulfilment_rating == 4 and order.rated_at


def test_inspections_due_are_listed_by_the_due_filter(on_post):
    from rest_framework.test import APIClient

    w = on_post
    past = services.schedule_inspection(w.staff, w.placement, D(2026, 3, 1))
    services.schedule_inspection(w.staff, w.placement, D(2027, 6, 1))  # not yet due
    done = services.record_inspection(w.staff, w.placement, D(2026, 2, 1), "良好", "good")
    client = APIClient()
    client.force_authenticate(w.staff)
    due = client.get("/api/v1/inspections/", {"due": "true"}).json()["results"]
    assert [row["id"] for row in due] == [past.pk]
    not_due = {row["id"] for row in client.get("/api/v1/inspections/",
                                                {"due": "false"}).json()["results"]}
    assert past.pk not in not_due and done.pk in not_due

"""The term's commitments in a browser's forms (issue 30): each party finds its step on the
placement's page or on /my/ where the step's predicate offers it, takes it through a form that
calls the service, and the to-do panel counts exactly the rows its list then shows."""
import datetime
import re

import pytest
import time_machine
from django.test import Client

from accounts.choices import Role
from placements import services
from placements.models import Extension, Handover, LaterUse, Placement, ReturnPlan
from reports.todo import todo_for

D = datetime.date


def http(user):
    c = Client()
    c.force_login(user)
    return c


def rows_of(html):
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<tr[ >]", body))


@pytest.fixture
def arriving(world, make):
    w = world
    w.placement = services.create_placement(w.staff, w.cadre, w.batch, w.sender, w.host,
                                            "挂职副县长", start_date=D(2026, 11, 16))
    return w


def test_the_host_ticks_readiness_on_the_page_and_the_department_sees_what_is_missing(
        arriving):
    w = arriving
    page = f"/placements/{w.placement.pk}/"
    house = w.placement.readiness_items.get(label="住房安排")
    tick = f"/readiness-items/{house.pk}/tick/"
    assert tick in http(w.receiving).get(page).content.decode()
    assert tick not in http(w.dispatching).get(page).content.decode()
    assert http(w.dispatching).get(tick).status_code == 403
    done = http(w.receiving).post(tick, {"note": "县委党校周转房"})
    assert done.status_code == 302
    house.refresh_from_db()
    assert house.done and house.note == "县委党校周转房"
    board = http(w.staff).get(f"/batches/{w.batch.pk}/").content.decode()
    assert "尚有缺项 1 人" in board and "健康体检" in board
    # The start form asks why, naming what is missing; without a reason nothing changes.
    form = http(w.receiving).get(f"/placements/{w.placement.pk}/start/").content.decode()
    assert "办公场所" in form and 'name="reason"' in form
    refused = http(w.receiving).post(f"/placements/{w.placement.pk}/start/", {})
    assert refused.status_code == 400
    w.placement.refresh_from_db()
    assert w.placement.host_confirmed_start_at is None


def test_an_extension_is_asked_agreed_and_applied_through_the_pages(world, make):
    w = world
    w.program.end_date = D(2029, 12, 31)
    w.program.save()
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                               start=D(2025, 1, 1), end=D(2026, 12, 31))
    page = f"/placements/{placement.pk}/"
    assert f"/placements/{placement.pk}/extension/" in http(w.receiving).get(page).content.decode()
    assert f"/placements/{placement.pk}/extension/" not in http(
        w.dispatching).get(page).content.decode()
    http(w.receiving).post(f"/placements/{placement.pk}/extension/", {
        "planned_end_date": "2027-06-30", "reason": "产业项目二期"})
    extension = Extension.objects.get()
    # The department's step is not offered before the three have agreed.
    assert f"/placements/{placement.pk}/extend/" not in http(w.staff).get(page).content.decode()
    assert f"/extensions/{extension.pk}/agree/" in http(w.dispatching).get(page).content.decode()
    http(w.dispatching).post(f"/extensions/{extension.pk}/agree/", {})
    my = http(w.cadre_user).get("/my/").content.decode()
    assert "2027" in my and f"/extensions/{extension.pk}/agree/" in my
    assert http(w.cadre_user).post(f"/extensions/{extension.pk}/agree/", {})["Location"] == "/my/"
    assert f"/placements/{placement.pk}/extend/" in http(w.staff).get(page).content.decode()
    http(w.staff).post(f"/placements/{placement.pk}/extend/", {
        "planned_end_date": "2027-06-30", "reason": "三方同意"})
    placement.refresh_from_db()
    assert placement.planned_end_date == D(2027, 6, 30)


def test_the_outgoing_cadre_writes_the_handover_and_the_incoming_confirms_on_my(world, make):
    w = world
    old = make.placement(w.cadre, w.batch, w.host, status="on_post", start=D(2025, 1, 1),
                         end=D(2026, 12, 31))
    newcomer = make.cadre(w.sender, "李新")
    newcomer.user = make.user(Role.CADRE, w.sender, "newcomer")
    newcomer.save()
    new = services.replace_cadre(old, w.staff, newcomer, D(2026, 11, 10), "调整")
    handover = Handover.objects.get()
    mine = http(w.cadre_user).get("/my/").content.decode()
    assert f"/handovers/{handover.pk}/write/" in mine
    http(w.cadre_user).post(f"/handovers/{handover.pk}/write/", {
        "work_plans": "茶产业规划", "projects_funds": "茶园提升项目 120 万元",
        "assets": "", "contacts": "王局长", "overlap_from": "2026-11-10",
        "overlap_to": "2026-11-20"})
    handover.refresh_from_db()
    assert handover.written_at and handover.overlap_to == D(2026, 11, 20)
    theirs = http(newcomer.user).get("/my/").content.decode()
    assert f"/handovers/{handover.pk}/confirm/" in theirs
    http(newcomer.user).post(f"/handovers/{handover.pk}/confirm/", {})
    page = http(w.receiving).get(f"/placements/{new.pk}/").content.decode()
    assert "茶园提升项目" in page and f"/handovers/{handover.pk}/confirm/" in page
    assert "岗位档案" in page
    http(w.receiving).post(f"/handovers/{handover.pk}/confirm/", {})
    handover.refresh_from_db()
    assert handover.confirmed


def test_return_plan_consent_review_and_later_use_on_the_pages(world, make):
    w = world
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                               start=D(2025, 1, 1), end=D(2026, 12, 10))
    page = f"/placements/{placement.pk}/"
    assert f"/placements/{placement.pk}/return-plan/" not in http(
        w.receiving).get(page).content.decode()
    http(w.dispatching).post(f"/placements/{placement.pk}/return-plan/", {
        "home_post": "产业处副处长", "new_post": "产业处处长", "change_reason": "表现突出"})
    plan = ReturnPlan.objects.get()
    assert plan.status == "awaiting_consent"
    assert f"/return-plans/{plan.pk}/consent/" in http(w.staff).get(page).content.decode()
    http(w.staff).post(f"/return-plans/{plan.pk}/consent/", {})
    plan.refresh_from_db()
    assert plan.status == "agreed"
    # 18 Nov: the last month has begun, so the cadre is asked for the end-of-term summary.
    assert f"/placements/{placement.pk}/review/" in http(w.cadre_user).get("/my/").content.decode()
    http(w.cadre_user).post(f"/placements/{placement.pk}/review/", {"text": "完成任务"})
    plan.refresh_from_db()
    assert plan.review_cadre == "完成任务"
    assert f"/placements/{placement.pk}/later-use/" not in http(w.staff).get(page).content.decode()
    with time_machine.travel(datetime.datetime(2027, 1, 5, 10), tick=False):
        Placement.objects.filter(pk=placement.pk).update(status="completed",
                                                         actual_end_date=D(2026, 12, 10))
        assert f"/placements/{placement.pk}/later-use/" in http(
            w.staff).get(page).content.decode()
        http(w.dispatching).post(f"/placements/{placement.pk}/later-use/", {
            "kind": "promotion", "date": "2027-01-04", "note": "提任处长"})
    assert LaterUse.objects.get().get_kind_display() == "提拔"


@pytest.fixture
def term_waiting(world, make):
    w = world
    w.program.end_date = D(2029, 12, 31)
    w.program.save()
    w.arriving = services.create_placement(w.staff, w.cadre, w.batch, w.sender, w.host,
                                           "挂职副县长", start_date=D(2026, 12, 1))
    w.ending = make.placement(make.cadre(w.sender), w.batch, w.host, status="on_post",
                              start=D(2025, 1, 1), end=D(2026, 12, 10))
    w.returned = make.placement(make.cadre(w.sender), w.batch, w.other_host,
                                status="completed", start=D(2023, 1, 1), end=D(2024, 12, 31),
                                actual_end_date=D(2024, 12, 31))
    services.request_extension(w.ending, w.receiving, D(2027, 6, 30), "项目需要")
    return w


@pytest.mark.parametrize("who, kinds", [
    ("receiving", {"readiness_to_complete"}),
    ("dispatching", {"extensions_waiting", "return_plans_due"}),
    ("staff", {"follow_ups_due"}),
])
def test_the_terms_counts_are_the_lists_they_open(term_waiting, who, kinds):
    w = term_waiting
    user = getattr(w, who)
    rows = {row["kind"]: row for row in todo_for(user)}
    assert kinds <= set(rows), rows
    client = http(user)
    for kind in kinds:
        html = client.get(rows[kind]["url"]).content.decode()
        assert rows_of(html) == rows[kind]["count"] == 1, kind

"""Each role's daily steps on pages: every form calls the step's service, a refused step
changes nothing and says why beside the form, success redirects with a message."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from placements.models import (
    AllowanceStatement,
    DemandOrder,
    MatchProposal,
    Nomination,
    Placement,
    WorkLog,
)

D = datetime.date


def http(user):
    c = Client()
    c.force_login(user)
    return c


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


ORDER = {"title": "数字乡村顾问", "post_title": "挂职副县长", "headcount": "2",
         "term_months": "24", "preferred_unit_kinds": ["university", "soe"],
         "description": "推进数字乡村", "goals": "建成平台"}


def test_a_receiving_unit_drafts_edits_and_submits_an_order(world):
    w = world
    c = http(w.receiving)
    page = c.get("/orders/add/")
    assert page.status_code == 200
    assert list(page.context["form"].fields["batch"].queryset) == [w.batch]
    response = c.post("/orders/add/", {**ORDER, "batch": w.batch.pk}, follow=True)
    order = DemandOrder.objects.get(title="数字乡村顾问")
    assert response.redirect_chain[-1][0] == f"/orders/{order.pk}/"
    assert (order.status, order.receiving_unit, order.headcount, order.created_by) == (
        "draft", w.host, 2, w.receiving)
    assert order.preferred_unit_kinds == ["university", "soe"]
    assert "已保存为草稿" in messages_of(response)[0]
    c.post(f"/orders/{order.pk}/edit/", {**ORDER, "headcount": "3", "title": "数字乡村专家"})
    order.refresh_from_db()
    assert (order.title, order.headcount, order.batch) == ("数字乡村专家", 3, w.batch)
    c.post(f"/orders/{order.pk}/submit/")
    order.refresh_from_db()
    assert order.status == "submitted" and order.events.filter(to_status="submitted").exists()


def test_bad_input_on_the_order_form_stays_beside_the_field_and_saves_nothing(world):
    w = world
    c = http(w.receiving)
    response = c.post("/orders/add/", {**ORDER, "batch": w.batch.pk, "headcount": "0",
                                       "min_rank": "section_chief",
                                       "max_rank": "section_deputy"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "max_rank" in form.errors and form.non_field_errors()
    assert form["title"].value() == "数字乡村顾问"  # what was typed is kept
    assert not DemandOrder.objects.exists()


def test_staff_return_an_order_with_a_reason_and_the_unit_resubmits(world, make):
    w = world
    order = make.order(w.batch, w.host, status="submitted")
    staff = http(w.staff)
    refused = staff.post(f"/orders/{order.pk}/return/", {"reason": "  "})
    assert refused.status_code == 400 and "reason" in refused.context["form"].errors
    order.refresh_from_db()
    assert order.status == "submitted"
    staff.post(f"/orders/{order.pk}/return/", {"reason": "请写明预期目标"})
    order.refresh_from_db()
    assert (order.status, order.return_reason) == ("returned", "请写明预期目标")
    unit_page = http(w.receiving).get(f"/orders/{order.pk}/").content.decode()
    assert "请写明预期目标" in unit_page and f"/orders/{order.pk}/submit/" in unit_page
    http(w.receiving).post(f"/orders/{order.pk}/submit/")
    staff.post(f"/orders/{order.pk}/approve/")
    order.refresh_from_db()
    assert order.status == "approved"


def test_a_refused_step_shows_the_services_message_and_changes_nothing(world, make):
    w = world
    order = make.order(w.batch, w.host, status="draft")
    w.batch.status = "closed"
    w.batch.save()
    response = http(w.receiving).post(f"/orders/{order.pk}/submit/")
    assert response.status_code == 409
    assert "该批次已不接受需求订单" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "draft" and not order.events.filter(to_status="submitted").exists()


@pytest.mark.parametrize("who, method, path, code", [
    ("dispatching", "get", "/orders/add/", 403),
    ("receiving", "post", "/orders/{order}/approve/", 403),
    ("receiving", "get", "/batches/{batch}/matching/", 403),
    ("manager", "post", "/batches/{batch}/matching/run/", 403),
    ("other_staff", "post", "/orders/{order}/approve/", 404),
    ("cadre_user", "get", "/nominations/add/", 403),
])
def test_steps_refuse_other_roles_and_scopes(world, make, who, method, path, code):
    w = world
    order = make.order(w.batch, w.host, status="submitted")
    url = path.format(order=order.pk, batch=w.batch.pk)
    response = getattr(http(getattr(w, who)), method)(url)
    assert response.status_code == code
    order.refresh_from_db()
    assert order.status == "submitted" and not MatchProposal.objects.exists()


def test_a_dispatching_unit_nominates_to_a_batch_and_to_a_published_order(world, make):
    w = world
    order = make.order(w.batch, w.host)
    c = http(w.dispatching)
    page = c.get(f"/nominations/add/?batch={w.batch.pk}&order={order.pk}")
    assert page.context["form"].initial == {"batch": str(w.batch.pk), "order": str(order.pk)}
    assert list(page.context["form"].fields["cadre"].queryset) == [w.cadre]
    response = c.post("/nominations/add/", {"cadre": w.cadre.pk, "batch": w.batch.pk,
                                            "order": order.pk, "note": "农业专家"})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.self_matched, nomination.order, nomination.nominated_by) == (
        True, order, w.dispatching)
    again = c.post("/nominations/add/", {"cadre": w.cadre.pk, "batch": w.batch.pk})
    assert again.status_code == 409 and "已被推荐到本批次" in again.content.decode()
    assert Nomination.objects.count() == 1
    c.post(f"/nominations/{nomination.pk}/withdraw/")
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"


@pytest.fixture
def board(world, make):
    w = world
    w.order = make.order(w.batch, w.host, title="农业顾问")
    w.second_order = make.order(w.batch, w.other_host, title="文旅顾问")
    Nomination.objects.create(cadre=w.cadre, batch=w.batch, dispatching_unit=w.sender)
    w.staff_http = http(w.staff)
    w.staff_http.post(f"/batches/{w.batch.pk}/matching/run/")
    w.proposal = MatchProposal.objects.get()
    return w


def test_staff_run_matching_and_see_each_proposals_score_and_reasons(board):
    w = board
    page = w.staff_http.get(f"/batches/{w.batch.pk}/matching/").content.decode()
    assert w.cadre.name in page and f"{w.proposal.score:.1f}" in page
    assert w.proposal.reasons[0] in page
    w.batch.refresh_from_db()
    assert w.batch.status == "open"  # matching moves no batch: closing is its own step


def test_changing_a_proposal_needs_a_reason_and_nothing_is_placed_without_it(board):
    w = board
    key = f"p{w.proposal.pk}"
    response = w.staff_http.post(f"/batches/{w.batch.pk}/matching/", {
        f"{key}-decision": "change", f"{key}-order": w.second_order.pk, f"{key}-reason": ""})
    assert response.status_code == 400
    assert "人工调整对接方案必须说明原因" in response.content.decode()
    assert 'value="change" checked' in response.content.decode()  # the choice is kept
    assert not Placement.objects.exists()
    w.proposal.refresh_from_db()
    assert w.proposal.status == "proposed"
    w.staff_http.post(f"/batches/{w.batch.pk}/matching/", {
        f"{key}-decision": "change", f"{key}-order": w.second_order.pk,
        f"{key}-reason": "文旅专业更对口"})
    placement = Placement.objects.get()
    assert (placement.host_unit, placement.order) == (w.other_host, w.second_order)


def test_both_units_confirm_the_start_and_the_cadre_writes_their_diary(calendar_day, board,
                                                                       make):
    w = board
    key = f"p{w.proposal.pk}"
    w.staff_http.post(f"/batches/{w.batch.pk}/matching/", {f"{key}-decision": "accept"})
    placement = Placement.objects.get()
    assert timezone.localdate() == calendar_day
    # On post since before last week began, whatever the day of the week today is.
    start = timezone.localdate() - datetime.timedelta(days=21)
    for unit_user in (w.receiving, w.dispatching):
        page = http(unit_user).get(f"/placements/{placement.pk}/")
        assert f"/placements/{placement.pk}/start/" in page.content.decode()
        # The host's readiness checklist is not ticked: each side says why it confirms.
        http(unit_user).post(f"/placements/{placement.pk}/start/",
                             {"start_date": start.isoformat(), "reason": "住房已在协调"})
    placement.refresh_from_db()
    assert (placement.status, placement.start_date) == ("on_post", start)
    cadre = http(w.cadre_user)
    today = timezone.localdate()
    assert cadre.get("/my/").context["form"]["date"].value() == today
    response = cadre.post("/my/", {"date": today.isoformat(), "content": "走访三个村",
                                   "category": "research"})
    assert response.status_code == 302
    assert WorkLog.objects.get(placement=placement, date=today).content == "走访三个村"
    twice = cadre.post("/my/", {"date": today.isoformat(), "content": "再写一条",
                                "category": "other"})
    assert twice.status_code == 409 and WorkLog.objects.count() == 1
    # Last week at once: a box for each working day still to write, none for weekends.
    last_week = today - datetime.timedelta(days=7)
    form = cadre.get("/my/diary/", {"week": last_week.isoformat()}).context["form"]
    empty = [row.date for row, content, _ in form.rows if content is not None]
    # Every weekday of last week (no holidays here) and no weekend day.
    assert len(empty) == 5 and all(d.weekday() < 5 and start <= d < today for d in empty)
    data = {f"content-{d.isoformat()}": f"{d} 调研" for d in empty[:2]}
    saved = cadre.post(f"/my/diary/?week={last_week.isoformat()}", data, follow=True)
    assert "已保存2天" in messages_of(saved)[0]
    assert set(WorkLog.objects.filter(placement=placement).values_list("date", flat=True)) == {
        today, *empty[:2]}
    # The host reviews: asking for more needs a comment, accepting does not.
    log = WorkLog.objects.get(date=today)
    host = http(w.receiving)
    assert f"/work-logs/{log.pk}/review/" in host.get(
        f"/placements/{placement.pk}/").content.decode()
    refused = host.post(f"/work-logs/{log.pk}/review/", {"decision": "needs_more"})
    assert refused.status_code == 400
    log.refresh_from_db()
    assert log.status == "submitted"
    host.post(f"/work-logs/{log.pk}/review/", {"decision": "accepted"})
    log.refresh_from_db()
    assert (log.status, log.reviewed_by) == ("accepted", w.receiving)
    assert http(w.dispatching).post(f"/work-logs/{log.pk}/review/",
                                    {"decision": "accepted"}).status_code == 403


def test_date_fields_render_iso_dates_for_the_browsers_date_picker(world):
    """A date input only shows a value in ISO form; the Chinese format left it empty."""
    from placements.forms import WorkLogForm

    html = str(WorkLogForm()["date"])
    assert 'type="date"' in html and f'value="{timezone.localdate().isoformat()}"' in html


def test_leave_is_asked_on_the_phone_decided_by_the_host_and_reported_back(calendar_day, world,
                                                                         make):
    w = world
    start = timezone.localdate() - datetime.timedelta(days=30)
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post", start=start,
                               end=start + datetime.timedelta(days=700))
    cadre = http(w.cadre_user)
    first = timezone.localdate() - datetime.timedelta(days=3)
    backwards = cadre.post("/my/leave/", {"start_date": first.isoformat(),
                                          "end_date": (first - datetime.timedelta(days=1))
                                          .isoformat(), "reason": "探亲"})
    assert backwards.status_code == 400 and "end_date" in backwards.context["form"].errors
    assert not placement.leaves.exists()
    cadre.post("/my/leave/", {"start_date": first.isoformat(),
                              "end_date": (first + datetime.timedelta(days=1)).isoformat(),
                              "reason": "探亲"})
    leave = placement.leaves.get()
    assert leave.status == "requested"
    host = http(w.receiving)
    assert f"/leaves/{leave.pk}/decide/" in host.get(
        f"/placements/{placement.pk}/").content.decode()
    no_reason = host.post(f"/leaves/{leave.pk}/decide/", {"decision": "reject"})
    assert no_reason.status_code == 400
    leave.refresh_from_db()
    assert leave.status == "requested"
    assert http(w.cadre_user).post(f"/leaves/{leave.pk}/decide/",
                                   {"decision": "approve"}).status_code == 403
    host.post(f"/leaves/{leave.pk}/decide/", {"decision": "approve"})
    leave.refresh_from_db()
    assert (leave.status, leave.host_approved_by) == ("approved", w.receiving)
    cadre.post(f"/leaves/{leave.pk}/report-back/", {"returned_on": (
        first + datetime.timedelta(days=1)).isoformat()})
    leave.refresh_from_db()
    assert (leave.status, leave.end_date) == ("reported_back", first)


def test_achievements_appraisals_and_inspections_are_recorded_on_the_placements_page(
        calendar_day, world,
                                                                                     make):
    w = world
    start = timezone.localdate() - datetime.timedelta(days=400)
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post", start=start,
                               end=start + datetime.timedelta(days=730))
    day = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    cadre = http(w.cadre_user)
    negative = cadre.post(f"/placements/{placement.pk}/achievements/add/", {
        "category": "funds_secured", "title": "争取省级专项资金", "date": day, "amount": "-1",
        "count": "0"})
    assert negative.status_code == 400 and not placement.achievements.exists()
    cadre.post(f"/placements/{placement.pk}/achievements/add/", {
        "category": "funds_secured", "title": "争取省级专项资金", "date": day, "amount": "500000",
        "count": "0", "evidence": "省财政厅批复"})
    achievement = placement.achievements.get()
    assert (achievement.amount, achievement.verified) == (500000, False)
    assert cadre.post(f"/achievements/{achievement.pk}/verify/").status_code == 403
    http(w.receiving).post(f"/achievements/{achievement.pk}/verify/")
    achievement.refresh_from_db()
    assert achievement.verified
    year = timezone.localdate().year - 1 if start.year < timezone.localdate().year else start.year
    http(w.dispatching).post(f"/placements/{placement.pk}/appraisals/add/", {
        "kind": "annual", "year": str(year), "grade": "excellent", "comments": "表现突出"})
    appraisal = placement.appraisals.get()
    assert (appraisal.side, appraisal.grade, appraisal.year) == ("home", "excellent", year)
    twice = http(w.dispatching).post(f"/placements/{placement.pk}/appraisals/add/", {
        "kind": "annual", "year": str(year), "grade": "competent"})
    assert twice.status_code == 409 and placement.appraisals.count() == 1
    assert http(w.receiving).post(f"/placements/{placement.pk}/inspections/add/", {
        "kind": "visit", "date": day, "rating": "good", "findings": "工作扎实"}
    ).status_code == 403
    http(w.staff).post(f"/placements/{placement.pk}/inspections/add/", {
        "kind": "visit", "date": day, "rating": "good", "findings": "工作扎实"})
    assert placement.inspections.get().findings == "工作扎实"


def test_the_cadre_adds_what_the_host_asked_for_and_the_entry_goes_back_to_review(world, make):
    w = world
    start = timezone.localdate() - datetime.timedelta(days=30)
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post", start=start)
    log = WorkLog.objects.create(placement=placement, date=start, content="调研",
                                 status="needs_more", review_comment="请写明调研对象")
    cadre = http(w.cadre_user)
    assert f"/work-logs/{log.pk}/edit/" in cadre.get("/my/").content.decode()
    blank = cadre.post(f"/work-logs/{log.pk}/edit/", {"content": " ", "category": "research"})
    assert blank.status_code == 400
    cadre.post(f"/work-logs/{log.pk}/edit/", {"content": "调研三个村的合作社",
                                              "category": "research"})
    log.refresh_from_db()
    assert (log.content, log.status, log.date) == ("调研三个村的合作社", "submitted", start)
    assert http(w.receiving).post(f"/work-logs/{log.pk}/edit/", {
        "content": "改", "category": "other"}).status_code == 403


def test_the_host_rates_an_order_once_its_placements_have_ended(world, make):
    w = world
    order = make.order(w.batch, w.host, filled_count=1, status="filled")
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post", order=order)
    host = http(w.receiving)
    assert f"/orders/{order.pk}/rate/" not in host.get(f"/orders/{order.pk}/").content.decode()
    early = host.post(f"/orders/{order.pk}/rate/", {"rating": "4"})
    assert early.status_code == 409 and "期满后再评价" in early.content.decode()
    Placement.objects.filter(pk=placement.pk).update(
        status="completed", actual_end_date=D(2027, 12, 31))
    assert f"/orders/{order.pk}/rate/" in host.get(f"/orders/{order.pk}/").content.decode()
    host.post(f"/orders/{order.pk}/rate/", {"rating": "4", "comment": "产业规划落地"})
    order.refresh_from_db()
    assert (order.fulfilment_rating, order.fulfilment_comment) == (4, "产业规划落地")
    assert "4 / 5" in host.get(f"/orders/{order.pk}/").content.decode()


def test_staff_pair_replace_and_inspect_from_the_placements_page(calendar_day, world, make):
    w = world
    start = timezone.localdate() - datetime.timedelta(days=60)
    down = make.placement(w.cadre, w.batch, w.host, status="on_post", start=start)
    up = make.placement(make.cadre(w.host, "王向上"), w.batch, w.sender, direction="up",
                        status="on_post", start=start)
    staff = http(w.staff)
    page = staff.get(f"/placements/{down.pk}/pair/")
    assert list(page.context["form"].fields["partner"].queryset) == [up]
    staff.post(f"/placements/{down.pk}/pair/", {"partner": up.pk})
    down.refresh_from_db()
    up.refresh_from_db()
    assert (down.partner, up.partner) == (up, down)
    # An inspection scheduled, then its result recorded.
    planned = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    staff.post(f"/placements/{down.pk}/inspections/schedule/",
               {"kind": "visit", "scheduled_date": planned})
    inspection = down.inspections.get()
    no_findings = staff.post(f"/inspections/{inspection.pk}/complete/",
                             {"date": planned, "rating": "good", "findings": ""})
    assert no_findings.status_code == 400
    staff.post(f"/inspections/{inspection.pk}/complete/",
               {"date": planned, "rating": "good", "findings": "深入一线"})
    inspection.refresh_from_db()
    assert (inspection.status, inspection.findings) == ("done", "深入一线")
    # A replacement needs its reason; then the old placement ends and a new one starts.
    substitute = make.cadre(w.other_host, "赵接替")  # not from the host (avoidance)
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    refused = staff.post(f"/placements/{up.pk}/replace/",
                         {"cadre": substitute.pk, "start_date": day, "reason": ""})
    assert refused.status_code == 400 and not substitute.placements.exists()
    staff.post(f"/placements/{up.pk}/replace/",
               {"cadre": substitute.pk, "start_date": day, "reason": "工作需要轮换"})
    up.refresh_from_db()
    assert up.status == "ended_early" and substitute.placements.get().replaces == up
    assert http(w.receiving).post(f"/placements/{down.pk}/pair/",
                                  {"partner": up.pk}).status_code == 403


def test_staff_settle_a_month_and_correct_a_statement(world, make):
    from programs.models import AllowancePolicy

    w = world
    AllowancePolicy.objects.create(program=w.program, daily_allowance=30,
                                   round_trips_per_month=1)
    make.placement(w.cadre, w.batch, w.host, status="on_post", start=D(2026, 1, 1))
    staff = http(w.staff)
    bad = staff.post(f"/programs/{w.program.pk}/allowances/", {"month": "2026-13"})
    assert bad.status_code == 400 and not AllowanceStatement.objects.exists()
    response = staff.post(f"/programs/{w.program.pk}/allowances/", {"month": "2026-03"},
                          follow=True)
    statement = AllowanceStatement.objects.get()
    assert (statement.month, statement.days_on_post, statement.amount) == ("2026-03", 31, 930)
    assert "新生成1张" in messages_of(response)[0]
    assert f"/allowance-statements/{statement.pk}/correct/" in response.content.decode()
    too_many = staff.post(f"/allowance-statements/{statement.pk}/correct/", {
        "days_on_post": "30", "leave_days": "5", "trips_taken": "0", "reason": "请假漏记"})
    assert too_many.status_code == 400 and AllowanceStatement.objects.count() == 1
    staff.post(f"/allowance-statements/{statement.pk}/correct/", {
        "days_on_post": "28", "leave_days": "3", "trips_taken": "1", "reason": "请假漏记"})
    current = AllowanceStatement.objects.get(is_current=True)
    assert (current.corrects, current.amount, current.correction_reason) == (
        statement, 840, "请假漏记")
    assert http(w.manager).post(f"/programs/{w.program.pk}/allowances/",
                                {"month": "2026-04"}).status_code == 403


def test_the_nomination_list_offers_withdrawal_to_the_unit_only_while_it_can_be(world, make):
    w = world
    open_one = Nomination.objects.create(cadre=w.cadre, batch=w.batch,
                                         dispatching_unit=w.sender)
    done = Nomination.objects.create(cadre=make.cadre(w.sender), batch=w.batch,
                                     dispatching_unit=w.sender, status="selected")
    page = http(w.dispatching).get("/nominations/").content.decode()
    assert f"/nominations/{open_one.pk}/withdraw/" in page
    assert f"/nominations/{done.pk}/withdraw/" not in page
    assert "/withdraw/" not in http(w.manager).get("/nominations/").content.decode()


def test_a_batch_takes_orders_and_nominations_only_from_admitted_units(world, make):
    from core.exceptions import RuleBroken
    from placements import services

    w = world
    # The Hubei program's batch is open, but Zhejiang's units were never admitted to it.
    stranger = make.unit(w.county, "开化县文旅局")
    operator = make.user("receiving", stranger)
    with pytest.raises(RuleBroken) as refused:
        services.create_order(operator, w.batch, stranger, title="文旅顾问", post_title="顾问")
    assert refused.value.code == "unit_not_admitted"
    with pytest.raises(RuleBroken):
        services.nominate(w.dispatching, w.cadre, w.other_batch)
    assert not DemandOrder.objects.exists() and not Nomination.objects.exists()
    w.program.participants.add(stranger)
    assert services.create_order(operator, w.batch, stranger, title="文旅顾问",
                                 post_title="顾问").status == "draft"


def test_the_allowance_month_has_a_picker_neighbours_totals_and_an_export(world, make):
    import io

    from openpyxl import load_workbook

    from programs.models import AllowancePolicy

    w = world
    AllowancePolicy.objects.create(program=w.program, daily_allowance=30,
                                   round_trips_per_month=1)
    make.placement(w.cadre, w.batch, w.host, status="on_post", start=D(2026, 1, 1))
    make.placement(make.cadre(w.sender, "李明"), w.batch, w.other_host, status="on_post",
                   start=D(2026, 3, 17))
    staff = http(w.staff)
    generated = staff.post(f"/programs/{w.program.pk}/allowances/", {"month": "2026-03"})
    assert generated.status_code == 302
    page = staff.get(f"/programs/{w.program.pk}/allowances/?month=2026-03").content.decode()
    assert 'type="month"' in page
    assert "?month=2026-02" in page and "?month=2026-04" in page
    # 31 + 15 days at 30 yuan: the 合计 row.
    foot = page[page.find("<tfoot>"):page.find("</tfoot>")]
    assert "合计" in foot and "46" in foot and "¥1380.00" in foot
    content = staff.get(f"/programs/{w.program.pk}/allowances/",
                        {"month": "2026-03", "export": "xlsx"})
    assert content.status_code == 200
    rows = list(load_workbook(io.BytesIO(content.content)).worksheets[0].iter_rows(
        values_only=True))
    assert [r[0] for r in rows] == ["干部", "李明", "张树旗", "合计"]
    assert (rows[-1][2], float(rows[-1][5])) == (46, 1380.0)
    # A month after the last settled one offers no 下一月.
    settled = staff.get(f"/programs/{w.program.pk}/allowances/").content.decode()
    assert "2026-11 ›" not in settled

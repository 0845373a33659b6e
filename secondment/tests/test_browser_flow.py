"""One working round through pages only, in headless Chromium on PostgreSQL: a receiving unit
drafts and submits an order; org staff return it, the unit resubmits, staff approve; a
dispatching unit nominates two cadres; staff run matching and confirm on the board; both
units confirm the start; the cadre (on a 390×844 phone) sets a password from the invitation
and writes a diary day and a week; the host reviews it; the leader's dashboard counts the new
placements. Screenshots of each step go to screenshots/flow-*.png."""
import datetime

import pytest
from django.utils import timezone

from .browser import SHOTS, new_page, pick, sign_in


def _submit(page):
    """The page's own form (not the language switch in the footer)."""
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def _shot(page, name):
    page.screenshot(path=SHOTS / f"flow-{name}.png", full_page=True)


def _success(page):
    return page.locator(".alert-success").first.inner_text()


@pytest.mark.postgres
def test_a_round_of_daily_work_through_pages_only(demo, chromium, live_server, make):
    from accounts.choices import Role
    from accounts.models import User
    from accounts.services import invitation_path
    from cadres.models import Expertise
    from placements.models import DemandOrder, MatchProposal, Placement, WorkLog
    from programs.models import Batch, Program

    SHOTS.mkdir(exist_ok=True)
    url = live_server.url
    zx = Program.objects.get(name__contains="万雁入乡")
    batch = Batch.objects.get(program=zx, number=2)
    sender = User.objects.get(username="zx_sender")
    digital = Expertise.objects.get(name="数字经济")
    cadres = [make.cadre(sender.unit, name) for name in ("欧阳新", "司马远")]
    for cadre in cadres:
        cadre.expertise.add(digital)
    leader = make.user(Role.MANAGER, zx.organizer, "zx_leader")
    leader.set_password("demo-2026")
    leader.save()
    placed_before = Placement.objects.filter(batch__program=zx).count()

    # The receiving unit drafts and submits an order.
    unit = new_page(chromium, live_server, 1366)
    sign_in(unit, live_server, "zx_host")
    unit.goto(f"{url}/orders/add/")
    unit.select_option("select[name=batch]", str(batch.pk))
    unit.fill("input[name=title]", "智慧园区运营顾问")
    unit.fill("input[name=post_title]", "挂职副局长")
    unit.fill("input[name=headcount]", "2")
    unit.fill("input[name=term_months]", "12")
    pick(unit, "id_expertise", "szjj", digital.name)  # 数字经济 by its initials
    unit.check("input[name=preferred_unit_kinds][value=university]")
    _shot(unit, "1-order-form")
    unit.set_viewport_size({"width": 390, "height": 844})
    _shot(unit, "1-order-form-phone")
    unit.set_viewport_size({"width": 1366, "height": 900})
    _submit(unit)
    order = DemandOrder.objects.get(title="智慧园区运营顾问")
    assert unit.url == f"{url}/orders/{order.pk}/" and "草稿" in _success(unit)
    unit.click(".steps >> text=提交审核")
    _submit(unit)

    # Staff return it with a reason; the unit resubmits; staff approve.
    staff = new_page(chromium, live_server, 1366)
    sign_in(staff, live_server, "zx_staff")
    staff.goto(f"{url}/orders/{order.pk}/")
    staff.click(".steps >> text=退回")
    staff.fill("textarea[name=reason]", "请写明预期目标")
    _submit(staff)
    unit.goto(f"{url}/orders/{order.pk}/")
    assert "请写明预期目标" in unit.locator(".alert-warning").inner_text()
    _shot(unit, "2-order-returned")
    unit.click(".steps >> text=提交审核")
    _submit(unit)
    staff.goto(f"{url}/orders/{order.pk}/")
    staff.click(".steps >> text=审核通过")
    _submit(staff)
    order.refresh_from_db()
    assert order.status == "approved"

    # The dispatching unit nominates its two cadres to the published order.
    sending = new_page(chromium, live_server, 1366)
    sign_in(sending, live_server, "zx_sender")
    for cadre in cadres:
        sending.goto(f"{url}/orders/{order.pk}/")
        sending.click("text=推荐干部到此订单")
        pick(sending, "id_cadre", cadre.name[:2], cadre.name)
        _submit(sending)
        assert "已推荐" in _success(sending)
    _shot(sending, "3-nominations")

    # Staff run matching and confirm the two proposals on the board.
    staff.goto(f"{url}/batches/{batch.pk}/matching/")
    staff.locator("form[action$='/matching/run/'] button").click()
    staff.wait_for_load_state("networkidle")
    assert "匹配完成" in _success(staff)
    proposals = MatchProposal.objects.filter(batch=batch, status="proposed",
                                             nomination__cadre__in=cadres)
    assert {p.order_id for p in proposals} == {order.pk}
    for proposal in proposals:
        staff.click(f"label[for=p{proposal.pk}-accept]")
    _shot(staff, "4-matching-board")
    staff.set_viewport_size({"width": 390, "height": 844})
    _shot(staff, "4-matching-board-phone")
    staff.set_viewport_size({"width": 1366, "height": 900})
    staff.click("text=提交所选决定")
    staff.wait_for_load_state("networkidle")
    placements = list(Placement.objects.filter(order=order).order_by("pk"))
    assert len(placements) == 2

    # The host ticks what it has ready (接收准备), then both units confirm the start (two
    # weeks ago), saying why with items still missing.
    placement = placements[0]
    unit.goto(f"{url}/placements/{placement.pk}/")
    unit.click(".readiness >> text=确认已准备 >> nth=0")
    unit.fill("input[name=note]", "县委党校周转房")
    _submit(unit)
    assert placement.readiness_items.filter(done_at__isnull=False).count() == 1
    start = timezone.localdate() - datetime.timedelta(days=14)
    for page in (unit, sending):
        page.goto(f"{url}/placements/{placement.pk}/")
        page.click(".steps >> text=确认到岗")
        page.fill("input[name=start_date]", start.isoformat())
        page.fill("textarea[name=reason]", "体检和保险在到岗后一周内办理")
        _submit(page)
    placement.refresh_from_db()
    assert placement.status == "on_post"
    assert placement.events.filter(kind="start_confirmed", note__contains="体检").count() == 2
    _shot(sending, "5-started")

    # The cadre, on a phone: the invitation, today's diary, then last week at once.
    login = User.objects.get(cadre=placement.cadre)
    phone = new_page(chromium, live_server, 390, 844, is_mobile=True, has_touch=True)
    phone.goto(f"{url}{invitation_path(login)}")
    phone.fill("input[name=new_password1]", "Diary-2026-ok!")
    phone.fill("input[name=new_password2]", "Diary-2026-ok!")
    _submit(phone)
    phone.goto(f"{url}/my/")
    phone.fill("textarea[name=content]", "走访园区企业三家，梳理用地需求。")
    _shot(phone, "6-diary-today-phone")
    _submit(phone)
    assert "已保存" in _success(phone)
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    phone.goto(f"{url}/my/diary/?week={last_week.isoformat()}")
    boxes = phone.locator("textarea[name^=content-]")
    assert boxes.count() >= 4
    boxes.nth(0).fill("参加园区项目调度会。")
    boxes.nth(1).fill("调研数字经济企业。")
    _submit(phone)
    assert "已保存2天" in _success(phone)
    _shot(phone, "7-diary-week-phone")
    assert WorkLog.objects.filter(placement=placement).count() == 3

    # The host reviews today's entry.
    today_log = WorkLog.objects.get(placement=placement, date=timezone.localdate())
    unit.goto(f"{url}/placements/{placement.pk}/")
    unit.click(f"a[href='/work-logs/{today_log.pk}/review/']")
    unit.click("label:has-text('确认')")
    _submit(unit)
    today_log.refresh_from_db()
    assert today_log.status == "accepted"

    # The leader's dashboard counts the two new placements.
    manager = new_page(chromium, live_server, 1366)
    sign_in(manager, live_server, "zx_leader")
    manager.goto(f"{url}/programs/{zx.pk}/")
    manager.wait_for_selector("[data-chart=status][data-drawn]")
    assert manager.locator("[data-kpi='placements.total']").inner_text() == str(
        placed_before + 2)
    _shot(manager, "8-dashboard")
    for page in (unit, staff, sending, phone, manager):
        assert page.problems == [], page.problems

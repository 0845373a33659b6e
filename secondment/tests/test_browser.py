"""End to end in a real headless Chromium (Debian's package, driven by Playwright) against the
live server: every demo role signs in to its own home in Chinese, the program dashboard draws
its charts from the stats API, no page asks another host for anything and no script fails.
Screenshots of each role's home and the dashboards go to `screenshots/` (desk and phone)."""
import pytest

from .browser import SHOTS, new_page, sign_in

ROLES = {
    "zj_staff": "我的项目", "zj_leader": "我的项目", "zx_host": "本单位的需求订单",
    "zx_sender": "已发布的需求", "cadre": "我的挂职",
}


@pytest.mark.postgres
def test_every_role_signs_in_to_its_home_and_the_dashboards_draw(demo, chromium, live_server):
    from programs.models import Program

    SHOTS.mkdir(exist_ok=True)
    for username, heading in ROLES.items():
        for width, suffix in ((1366, "desk"), (390, "phone")):
            page = new_page(chromium, live_server, width)
            sign_in(page, live_server, username)
            assert page.url.rstrip("/") == live_server.url.rstrip("/")
            assert page.locator("h1").first.inner_text().strip() == heading
            assert page.locator("html").get_attribute("lang") == "zh-hans"
            page.screenshot(path=SHOTS / f"home-{username}-{suffix}.png", full_page=True)
            assert page.problems == [], page.problems
            page.context.close()

    zhejiang = Program.objects.get(name__contains="千名干部")
    page = new_page(chromium, live_server, 1366)
    sign_in(page, live_server, "zj_leader")
    page.goto(f"{live_server.url}/programs/{zhejiang.pk}/")
    page.wait_for_selector("[data-chart=compliance][data-drawn]")
    # Each chart is drawn when its own stats request answers: wait for every one (under a
    # loaded CI machine they finish in any order).
    for name in ("targets", "status", "direction", "unit_kind", "regions", "orders",
                 "achievements"):
        page.wait_for_selector(f"[data-chart={name}][data-drawn]", timeout=15000)
        assert page.locator(f"[data-chart={name}][data-drawn]").count() == 1, name
    # Charts are real drawings: ECharts' SVG in the status and target charts.
    assert page.locator("[data-chart=status] svg path").count() > 0
    assert page.locator("[data-kpi='placements.total']").inner_text() == "443"
    page.screenshot(path=SHOTS / "dashboard-zhejiang-desk.png", full_page=True)
    batch = zhejiang.batches.order_by("number").last()
    page.goto(f"{live_server.url}/batches/{batch.pk}/")
    page.wait_for_selector("[data-chart=status][data-drawn]")
    assert page.locator("[data-kpi='placements.total']").inner_text() == "217"
    page.screenshot(path=SHOTS / "dashboard-zhejiang-batch2-desk.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/programs/{zhejiang.pk}/")
    page.wait_for_selector("[data-chart=compliance][data-drawn]")
    page.screenshot(path=SHOTS / "dashboard-zhejiang-phone.png", full_page=True)
    assert page.problems == [], page.problems


@pytest.mark.postgres
def test_the_manual_reads_on_a_phone_with_its_pictures(demo, chromium, live_server):
    SHOTS.mkdir(exist_ok=True)
    page = new_page(chromium, live_server, 390)
    sign_in(page, live_server, "cadre")
    page.goto(f"{live_server.url}/help/cadre/")
    assert page.locator("article.manual h1").inner_text() == "挂职干部操作手册"
    loaded = page.eval_on_selector_all(
        "article.manual img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert loaded and all(loaded), loaded
    # Pictures fit the phone's width; nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "help-cadre-phone.png", full_page=True)
    assert page.problems == [], page.problems
    page.context.close()

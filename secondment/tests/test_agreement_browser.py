"""The cadre confirms the 挂职任务书 on a phone (issue 30's browser test), in headless
Chromium at 390 px: the home says it waits, the page shows it, one tap confirms."""
import datetime

import pytest

from .browser import SHOTS, new_page, sign_in


@pytest.mark.postgres
def test_the_cadre_confirms_the_agreement_on_a_phone(demo, chromium, live_server):
    from placements.models import Agreement, Placement

    SHOTS.mkdir(exist_ok=True)
    placement = Placement.objects.filter(cadre__user__username="cadre",
                                         status="on_post").first()
    agreement = Agreement.objects.create(
        placement=placement, version=1, duties="协助分管乡村振兴和农业产业发展",
        goals="引进两个农业产业项目", post_title=placement.post_title,
        start_date=placement.start_date, end_date=placement.planned_end_date or
        placement.start_date + datetime.timedelta(days=365))
    page = new_page(chromium, live_server, 390, 844, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "cadre")
    page.goto(f"{live_server.url}/my/")
    page.locator(".agreement-due a").click()
    page.wait_for_load_state("networkidle")
    assert "协助分管乡村振兴" in page.locator(".agreement").inner_text()
    page.screenshot(path=SHOTS / "agreement-cadre-phone.png", full_page=True)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    agreement.refresh_from_db()
    assert agreement.confirmed_by_cadre_at is not None
    assert page.locator(".agreement-due").count() == 0
    # Nothing scrolls sideways on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.problems == [], page.problems
    page.context.close()

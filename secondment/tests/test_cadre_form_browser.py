"""The cadre form in a real headless Chromium, at desk and phone widths, under the page's
CSP: the ID number fills gender and birth date as it is typed, the employer and a former
unit are picked by their pinyin initials, and the native place through the 省 › 市 › 县
cascade; the record saved is what was picked."""
import datetime

import pytest

from .browser import SHOTS, new_page, pick, sign_in


@pytest.mark.postgres
@pytest.mark.parametrize(("width", "suffix"), [(1366, "desk"), (390, "phone")])
def test_a_cadre_is_registered_with_pickers_and_the_region_cascade(demo, chromium, live_server,
                                                                   width, suffix):
    from cadres.id_numbers import make_id_number
    from cadres.models import Cadre

    SHOTS.mkdir(exist_ok=True)
    number = make_id_number("330824", datetime.date(1988, 4, 16), 235 + width)
    page = new_page(chromium, live_server, width, height=1400)
    sign_in(page, live_server, "zj_staff")
    page.goto(f"{live_server.url}/cadres/add/")
    page.fill("input[name=name]", f"测试{suffix}")
    page.locator("input[name=id_number]").press_sequentially(number, delay=5)
    assert page.eval_on_selector("[name=birth_date]", "e => e.value") == "1988-04-16"
    assert page.eval_on_selector("[name=gender]", "e => e.value") == (
        "male" if int(number[16]) % 2 else "female")
    pick(page, "id_employer", "zjsnynct", "浙江省农业农村厅")
    pick(page, "id_former_units", "zjdx", "浙江大学")
    # 省 › 市 › 县: each box offers the level under the one chosen.
    cascade = page.locator(".region-cascade")
    cascade.locator(".ts-control").nth(0).click()
    page.keyboard.type("zhejiang", delay=30)
    page.locator(".region-cascade .ts-dropdown .option", has_text="浙江省").first.click()
    cascade.locator(".ts-control").nth(1).click()
    page.keyboard.type("qz", delay=30)
    page.locator(".region-cascade .ts-dropdown .option", has_text="衢州市").first.click()
    cascade.locator(".ts-control").nth(2).click()
    page.keyboard.type("kh", delay=30)
    page.locator(".region-cascade .ts-dropdown .option", has_text="开化县").first.click()
    page.keyboard.press("Escape")
    page.screenshot(path=SHOTS / f"cadre-form-pickers-{suffix}.png", full_page=True)
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    cadre = Cadre.objects.get(id_number=number)
    assert cadre.employer.name == "浙江省农业农村厅"
    assert [u.name for u in cadre.former_units.all()] == ["浙江大学"]
    assert (cadre.native_place.code, cadre.birth_date) == ("330824",
                                                           datetime.date(1988, 4, 16))
    page.screenshot(path=SHOTS / f"cadre-registered-{suffix}.png", full_page=False)
    assert page.problems == [], page.problems
    page.context.close()

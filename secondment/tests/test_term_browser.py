"""The term's commitments in headless Chromium (issue 30): the cadre agrees to the host's
extension on a 390 px phone; the department then finds the step on the placement's page, with
the term's sections and the documents, at 1366 px and on a phone, and applies it."""
import datetime

import pytest

from .browser import SHOTS, new_page, sign_in


@pytest.mark.postgres
def test_an_extension_is_agreed_on_a_phone_and_applied_on_the_desk(demo, chromium,
                                                                    live_server):
    from accounts.choices import Role
    from accounts.models import User
    from placements import services
    from placements.models import Extension, Placement

    SHOTS.mkdir(exist_ok=True)
    placement = Placement.objects.filter(cadre__user__username="cadre",
                                         status="on_post").first()
    program = placement.batch.program
    program.end_date = placement.planned_end_date + datetime.timedelta(days=800)
    program.save()
    host = User.objects.create_user("demo_host_op", role=Role.RECEIVING,
                                    unit=placement.host_unit)
    home = User.objects.create_user("demo_home_op", role=Role.DISPATCHING,
                                    unit=placement.home_unit)
    new_end = placement.planned_end_date + datetime.timedelta(days=180)
    extension = services.request_extension(placement, host, new_end, "乡村振兴示范项目二期")
    services.agree_extension(extension, home)

    phone = new_page(chromium, live_server, 390, 844, is_mobile=True, has_touch=True)
    sign_in(phone, live_server, "cadre")
    phone.goto(f"{live_server.url}/my/")
    assert "乡村振兴示范项目二期" in phone.locator(".extension-due").inner_text()
    phone.locator(".extension-due a", has_text="同意").first.click()
    phone.wait_for_load_state("networkidle")
    assert "乡村振兴示范项目二期" in phone.locator(".extension").inner_text()
    phone.screenshot(path=SHOTS / "extension-cadre-phone.png", full_page=True)
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_load_state("networkidle")
    extension.refresh_from_db()
    assert extension.status == Extension.Status.AGREED
    assert phone.locator(".extension-due").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.problems == [], phone.problems
    phone.context.close()

    desk = new_page(chromium, live_server, 1366)
    sign_in(desk, live_server, "zx_staff")
    desk.goto(f"{live_server.url}/placements/{placement.pk}/")
    assert desk.locator(".readiness, .extension").count() >= 1
    assert desk.locator(".documents a").count() == 6  # three documents, Word and PDF
    desk.screenshot(path=SHOTS / "term-placement-desk.png", full_page=True)
    desk.set_viewport_size({"width": 390, "height": 844})
    assert desk.evaluate("document.documentElement.scrollWidth") <= 390
    desk.screenshot(path=SHOTS / "term-placement-phone.png", full_page=True)
    desk.set_viewport_size({"width": 1366, "height": 900})
    desk.click(".steps >> text=延期")
    desk.fill("textarea[name=reason]", "三方同意延期")
    desk.locator("main form button[type=submit]").first.click()
    desk.wait_for_load_state("networkidle")
    placement.refresh_from_db()
    assert placement.planned_end_date == new_end
    with desk.expect_download() as info:
        desk.locator(".documents a", has_text="PDF").first.click()
    assert info.value.suggested_filename.endswith(".pdf")
    assert desk.problems == [], desk.problems
    desk.context.close()

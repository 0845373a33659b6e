"""民主测评 in headless Chromium (issue 31's browser test): a rater opens a sheet's QR link on
a 390 px phone, with no account, rates each item with one tap, and submits once; the
department's printable sheets at 1366 px."""
import datetime

import pytest

from .browser import SHOTS, new_page, sign_in


@pytest.mark.postgres
def test_a_rater_votes_from_a_qr_link_on_a_phone(demo, chromium, live_server):
    from django.utils import timezone

    from accounts.models import User
    from evaluations import ballots
    from evaluations.models import Sheet, Vote
    from placements.models import Placement

    SHOTS.mkdir(exist_ok=True)
    placement = Placement.objects.filter(cadre__user__username="cadre",
                                         status="on_post").first()
    now = timezone.now()
    ballot = ballots.open_ballot(
        User.objects.get(username="zx_staff"), title="挂职干部民主测评", placement=placement,
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=2),
        groups=[{"name": "班子成员", "weight": 30, "sheets": 3},
                {"name": "干部职工", "weight": 40, "sheets": 5},
                {"name": "服务对象", "weight": 30, "sheets": 4}])

    desk = new_page(chromium, live_server, 1366)
    sign_in(desk, live_server, "zx_staff")
    desk.goto(f"{live_server.url}/ballots/{ballot.pk}/sheets/")
    assert desk.locator(".sheet").count() == 12
    qr = desk.locator(".sheet img").first
    assert qr.evaluate("img => img.naturalWidth") > 0  # the QR code is drawn
    desk.screenshot(path=SHOTS / "ballot-sheets-desk.png", full_page=True)
    assert desk.problems == [], desk.problems
    desk.context.close()

    token = Sheet.objects.filter(ballot=ballot, group__name="服务对象").first().token
    phone = new_page(chromium, live_server, 390, 844, is_mobile=True, has_touch=True)
    phone.goto(f"{live_server.url}/vote/{token}/")
    assert placement.cadre.name in phone.locator("main").inner_text()
    for item in ballot.items:
        phone.locator(f"label[for=id_{item['key']}_excellent]").tap()
    phone.screenshot(path=SHOTS / "vote-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator("input[type=radio]:checked").count() == len(ballot.items)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").tap()
    assert "投票成功" in phone.locator("main").inner_text()
    assert Vote.objects.filter(ballot=ballot).count() == 1
    # The same link again: refused, counted once.
    phone.goto(f"{live_server.url}/vote/{token}/")
    assert "只能投一次" in phone.locator("main").inner_text()
    assert Vote.objects.filter(ballot=ballot).count() == 1
    problems = [p for p in phone.problems if not p.startswith("409 ")]
    assert problems == [], problems
    phone.context.close()

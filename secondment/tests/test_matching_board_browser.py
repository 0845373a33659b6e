"""The open matching board in headless Chromium (issue 28, item 4): after a run the page lists
each nominee and order left out with the rule, and the picker of another order shows each
order's score with that nominee before anything is confirmed. Screenshots at 1366 and 390 px."""
import pytest

from .browser import SHOTS, new_page, sign_in


@pytest.mark.postgres
def test_the_board_says_why_and_scores_a_change_before_it_is_confirmed(demo, chromium,
                                                                     live_server):
    from placements.models import MatchProposal, Placement
    from programs.models import Batch

    SHOTS.mkdir(exist_ok=True)
    batch = Batch.objects.get(status="open", program__organizer__name__contains="蒸湘区")
    page = new_page(chromium, live_server, 1366)
    sign_in(page, live_server, "zx_staff")
    page.goto(f"{live_server.url}/batches/{batch.pk}/matching/")
    page.locator("form[action$='/matching/run/'] button").click()
    page.wait_for_load_state("networkidle")
    proposals = list(MatchProposal.objects.filter(batch=batch, status="proposed"))
    assert proposals
    # Whatever the run left out is listed with a reason, one row per nominee or order.
    reasons = page.locator("table.why-not tbody tr td:last-child").all_inner_texts()
    left_out = page.locator("table.why-not tbody tr").count()
    assert left_out == len(reasons) and all(reasons)

    first = proposals[0]
    page.locator(f"tr:has(#p{first.pk}-accept) details summary").click()
    page.locator(f".ts-wrapper:has(#p{first.pk}-order-ts-control) .ts-control").click()
    options = page.locator(f"#p{first.pk}-order-ts-dropdown .option")
    options.first.wait_for()
    offered = options.all_inner_texts()
    assert offered and all("得分" in text or "不可选" in text for text in offered), offered
    options.first.click()
    page.keyboard.press("Escape")
    chosen = page.locator(f".ts-wrapper:has(#p{first.pk}-order-ts-control) .item")
    assert "得分" in chosen.inner_text() or "不可选" in chosen.inner_text()
    page.screenshot(path=SHOTS / "matching-board.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=SHOTS / "matching-board-phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # Every proposal at or above the lowest score, in one pass.
    lowest = min(p.score for p in proposals)
    page.fill("input[name=min_score]", str(lowest))
    page.locator("form.accept-above button").click()
    page.wait_for_load_state("networkidle")
    assert f"已办理{len(proposals)}项" in page.locator(".alert-success").first.inner_text()
    assert Placement.objects.filter(batch=batch).count() == len(proposals)
    assert page.problems == [], page.problems
    page.context.close()

"""A choice among many, typed in a real headless Chromium: the placements page's batch filter
is a picker (Tom Select, vendored) that asks batches/lookup/ as the user types, under the
page's Content-Security-Policy, with the keyboard alone, at desk and phone widths."""
import re

import pytest

from .browser import SHOTS, new_page, sign_in


@pytest.mark.postgres
@pytest.mark.parametrize(("width", "suffix"), [(1366, "desk"), (390, "phone")])
def test_the_batch_filter_is_typed_and_chosen_with_the_keyboard(demo, chromium, live_server,
                                                                width, suffix):
    from programs.models import Batch

    SHOTS.mkdir(exist_ok=True)
    second = Batch.objects.get(program__name__contains="千名干部", number=2)
    page = new_page(chromium, live_server, width)
    sign_in(page, live_server, "zj_staff")
    page.goto(f"{live_server.url}/placements/")
    page.click("details.filters summary")
    # None is written (the picker adds an empty one of its own).
    assert page.locator("select[name=batch] option:not([value=''])").count() == 0
    # The picker's box (its text input shows once it has the focus).
    page.locator(".ts-wrapper:has(#id_batch-ts-control) .ts-control").click()
    control = page.locator("#id_batch-ts-control")
    page.keyboard.type("千名 2", delay=30)   # no such batch: the server is asked and says so
    page.wait_for_selector("#id_batch-ts-dropdown .no-results")
    control.fill("")
    page.keyboard.type("2", delay=30)
    # Only the server's answer to "2" is offered: the second batch (第2批), not the first.
    dropdown = "#id_batch-ts-dropdown"
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{dropdown} .option')].map(o => o.dataset.value)"
        f".join() === '{second.pk}'")
    page.screenshot(path=SHOTS / f"picker-batch-{suffix}.png", full_page=False)
    page.keyboard.press("ArrowDown")
    assert page.locator(f"{dropdown} .option.active").get_attribute("data-value") == str(
        second.pk)
    page.keyboard.press("Enter")
    assert page.eval_on_selector("select[name=batch]", "s => s.value") == str(second.pk)
    page.keyboard.press("Escape")
    page.screenshot(path=SHOTS / f"picker-batch-chosen-{suffix}.png", full_page=False)
    with page.expect_navigation():
        page.click("details.filters form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert re.search(rf"[?&]batch={second.pk}(&|$)", page.url)
    assert page.locator(".ts-control .item").inner_text().strip() == str(second)
    assert page.locator("table.grid tbody tr").count() > 0
    assert page.problems == [], page.problems
    page.context.close()

"""Tables on phones (issue 28, item 11): at 390 px every table's rows are cards whose cells
say which column they are — the cadre's allowance rows read 在岗天数 30, not a bare 30."""
import pytest

from .browser import SHOTS, new_page, sign_in

LABELS = """els => els.map(td => [td.dataset.label || "",
    getComputedStyle(td, "::before").content.replace(/^"|"$/g, "")])"""


@pytest.mark.postgres
def test_each_cell_names_its_column_on_a_phone(demo, chromium, live_server):
    from placements.models import Placement

    SHOTS.mkdir(exist_ok=True)
    page = new_page(chromium, live_server, 390)
    sign_in(page, live_server, "cadre")
    placement = Placement.objects.filter(
        cadre__user__username="cadre", allowance_statements__isnull=False).first()
    page.goto(f"{live_server.url}/placements/{placement.pk}/")
    cells = page.eval_on_selector_all("table.grid tbody tr:first-child td", LABELS)
    assert [label for label, _shown in cells] == ["月份", "在岗天数", "请假天数", "金额（元）"]
    assert all(label == shown for label, shown in cells), cells
    page.screenshot(path=SHOTS / "phone-statements.png", full_page=True)
    assert page.problems == [], page.problems
    page.context.close()
    desk = new_page(chromium, live_server, 1366)
    sign_in(desk, live_server, "cadre")
    desk.goto(f"{live_server.url}/placements/{placement.pk}/")
    # At desk width the header row is shown and the cells print no label of their own.
    shown = desk.eval_on_selector_all("table.grid tbody tr:first-child td", LABELS)
    assert all(before in ("none", "normal", "") for _label, before in shown), shown
    desk.context.close()

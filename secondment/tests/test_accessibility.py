"""The cadre's pages pass an accessibility check in Chromium (issue 28, item 11): axe-core
(vendored from the npm registry, secondment/tests/vendor) over WCAG 2.x A and AA, 2.2's
target size included — every field labelled, text in enough contrast, targets big enough — at
390 px (the cadre's phone) and 1366 px. And every page prints without the console around it."""
from pathlib import Path

import pytest

from .browser import SHOTS, new_page, sign_in

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


def cadre_pages(live_server):
    from placements.models import Placement

    placement = Placement.objects.filter(cadre__user__username="cadre",
                                         status="on_post").first()
    return ["/", "/my/", "/my/diary/", "/my/leave/", f"/placements/{placement.pk}/",
            "/messages/", "/alerts/", "/help/cadre/", "/accounts/password_change/"]


@pytest.mark.postgres
@pytest.mark.parametrize("width", [390, 1366])
def test_the_cadres_pages_pass_the_accessibility_check(demo, chromium, live_server, width):
    # The checker is injected as a script of the test's own: the page's CSP (tested
    # elsewhere) would refuse it.
    page = new_page(chromium, live_server, width, bypass_csp=True)
    sign_in(page, live_server, "cadre")
    found = {}
    for path in cadre_pages(live_server):
        page.goto(f"{live_server.url}{path}")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN)
        if violations:
            found[path] = violations
    assert found == {}, found
    page.context.close()


@pytest.mark.postgres
def test_pages_print_without_the_console(demo, chromium, live_server):
    from placements.models import Placement

    SHOTS.mkdir(exist_ok=True)
    page = new_page(chromium, live_server, 1366)
    sign_in(page, live_server, "zj_staff")
    placement = Placement.objects.filter(
        batch__program__organizer__name="中共浙江省委组织部").first()
    for path, name in (("/placements/", "list"), (f"/placements/{placement.pk}/", "placement")):
        page.goto(f"{live_server.url}{path}")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ["nav.navbar", "footer", "details.filters",
            ".pagination", "form.bulk .bulk-step"].map(sel => [...document.querySelectorAll(sel)]
            .every(el => getComputedStyle(el).display === "none"))""")
        assert all(hidden), (path, hidden)
        # A table prints whole: header row repeated on each sheet, no row split across two.
        if page.locator("table.grid").count():
            assert page.evaluate("getComputedStyle(document.querySelector('table.grid thead'))"
                                 ".display") == "table-header-group"
        (SHOTS / f"print-{name}.pdf").write_bytes(page.pdf(format="A4"))
        page.emulate_media(media="screen")
    assert page.problems == [], page.problems
    page.context.close()

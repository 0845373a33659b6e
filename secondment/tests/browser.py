"""Helpers of the end-to-end tests in headless Chromium (Debian's package, driven by
Playwright); their fixtures (`demo`, `chromium`) are in this folder's conftest."""
import os
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def new_page(browser, live_server, width, height=900, **context):
    """A page that records script errors, CSP violations, failed responses and requests to
    other hosts."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="zh-CN", **context)
    page = context.new_page()
    page.problems = []
    host = urlparse(live_server.url).netloc
    page.on("pageerror", lambda exc: page.problems.append(f"script error: {exc}"))
    # A Content-Security-Policy violation (an inline script or style, a foreign source) is
    # reported by Chromium on the console.
    page.on("console", lambda m: "Content Security Policy" in m.text
            and page.problems.append(f"CSP: {m.text}"))
    page.on("response", lambda r: r.status >= 400
            and page.problems.append(f"{r.status} {r.url}"))
    page.on("request", lambda r: urlparse(r.url).netloc not in (host, "")
            and page.problems.append(f"other host: {r.url}"))
    return page


def sign_in(page, live_server, username, password="demo-2026"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def pick(page, field, typed, expected):
    """Type into a picker's box and choose the offer labelled `expected` (Enter: the first
    offer is the active one)."""
    page.locator(f".ts-wrapper:has(#{field}-ts-control) .ts-control").click()
    page.keyboard.type(typed, delay=30)
    dropdown = f"#{field}-ts-dropdown"
    page.locator(f"{dropdown} .option", has_text=expected).first.wait_for()
    first = page.locator(f"{dropdown} .option").first
    assert first.inner_text().startswith(expected), first.inner_text()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")

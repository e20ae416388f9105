"""Take the README's screenshots: the first visit, Reset password and Account, at desktop size
and on a phone. Starts its own stub backend and app on loopback (as the e2e suite does).

    .venv/bin/python -m docs.screenshots
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from e2e import runs, ui
from e2e.chromium import CHROMIUM_ARGS
from e2e.servers import streamlit_app, stub_backend

DOCS = Path(__file__).parent
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
EMAIL, PASSWORD = "ada@example.org", "correct-horse-battery-42"


def _shoot(page: Page, name: str, size: str, ready: Locator) -> None:
    """The viewport, once `ready` is drawn (a settled run's widgets may still be placeholders)."""
    expect(ready).to_be_visible()
    page.screenshot(path=DOCS / f"{name}-{size}.png")


def _take(browser: Browser, app_url: str, size: str) -> None:
    context = browser.new_context(base_url=app_url, viewport=SIZES[size])
    page = context.new_page()
    runs.open_page(page)
    _shoot(page, "first-visit", size, page.get_by_text("No account yet? Register"))
    runs.open_page(page, "/reset-password")
    _shoot(page, "reset-password", size, page.get_by_label("Email", exact=True))
    runs.open_page(page, "/login")
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    runs.click(page, page.get_by_role("button", name="Log in", exact=True))
    runs.open_page(page, "/account")
    _shoot(page, "account", size, page.get_by_label("Current password", exact=True))
    ui.button(page, "Log out everywhere").scroll_into_view_if_needed()
    _shoot(page, "account-sessions", size, ui.session_rows(page).last)
    context.close()


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="screenshots-"))
    stub = stub_backend(workdir)
    stub.launch()
    try:
        stub.wait_until_ready()
        app = streamlit_app(workdir, stub.url)
        app.launch()
        try:
            app.wait_until_ready()
            # A login from another device, so the Sessions list shows a row to revoke.
            httpx.post(
                f"{stub.url}/api/v1/auth/register", json={"email": EMAIL, "password": PASSWORD}
            ).raise_for_status()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=list(CHROMIUM_ARGS)
                )
                for size in SIZES:
                    _take(browser, app.url, size)
                browser.close()
        finally:
            app.stop()
    finally:
        stub.stop()


if __name__ == "__main__":
    main()

"""Chromium for the browser benchmarks, and waits on the app's own state, never on sleeps."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from playwright.async_api import Browser, Page, Playwright

from e2e.chromium import CHROMIUM_ARGS, SYSTEM_CHROMIUM

HAS_SYSTEM_CHROMIUM = SYSTEM_CHROMIUM.exists()
TIMEOUT_MS = 30_000

# Home is on screen: the run that renders it has ended, though the app may still owe a call to
# its cookie routes (which stores the login for a reload, invisibly).
_SHOWN = """
(name) => {
  const root = document.querySelector('[data-testid="stApp"]');
  return Boolean(root)
    && root.getAttribute("data-test-script-state") === "notRunning"
    && [...document.querySelectorAll('[data-testid="stMain"] h1')]
      .some((h) => h.textContent.trim() === name);
}
"""

# Settled on a page: the script is not running, the connection is up, the app owes no call to
# its cookie routes (`.st-key-auth_bridge` is gone), and the main area shows heading `name`.
_SETTLED_ON = """
(name) => {
  const root = document.querySelector('[data-testid="stApp"]');
  return Boolean(root)
    && root.getAttribute("data-test-script-state") === "notRunning"
    && root.getAttribute("data-test-connection-state") === "CONNECTED"
    && document.querySelector(".st-key-auth_bridge") === null
    && [...document.querySelectorAll('[data-testid="stMain"] h1')]
      .some((h) => h.textContent.trim() === name);
}
"""


async def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium where there is one: Playwright cannot download its own here."""
    if HAS_SYSTEM_CHROMIUM:
        return await playwright.chromium.launch(
            executable_path=str(SYSTEM_CHROMIUM), args=CHROMIUM_ARGS
        )
    return await playwright.chromium.launch()


async def settled_on(page: Page, heading: str, timeout_ms: int = TIMEOUT_MS) -> None:
    # requestAnimationFrame polling: the wait ends within a frame of the state being reached.
    await page.wait_for_function(_SETTLED_ON, arg=heading, polling="raf", timeout=timeout_ms)


async def timed(action: Callable[[], Awaitable[object]], page: Page, heading: str) -> float:
    """Seconds from starting `action` until the page has settled on `heading`."""
    start = time.perf_counter()
    await action()
    await settled_on(page, heading)
    return time.perf_counter() - start


async def timed_shown_and_settled(
    action: Callable[[], Awaitable[object]], page: Page, heading: str
) -> tuple[float, float]:
    """Seconds from starting `action` until `heading` is shown, and until the page settled."""
    start = time.perf_counter()
    await action()
    await page.wait_for_function(_SHOWN, arg=heading, polling="raf", timeout=TIMEOUT_MS)
    shown = time.perf_counter() - start
    await settled_on(page, heading)
    return shown, time.perf_counter() - start


async def fill_login(page: Page, email: str, password: str) -> None:
    await page.get_by_label("Email", exact=True).fill(email)
    await page.get_by_label("Password", exact=True).fill(password)


def login_button(page: Page) -> Callable[[], Awaitable[None]]:
    return page.get_by_role("button", name="Log in", exact=True).click

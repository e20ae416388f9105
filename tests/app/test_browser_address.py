"""Behind the app every browser is the app to the backend, unless the app names the browser:
one browser's flood of failed logins must not make another browser wait."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app import browser as browser_module
from app import browser_address
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver, Browser
from tests.stub_server import StubServer, running_stub

ATTACKER, VICTIM = "203.0.113.7", "198.51.100.2"


@pytest.fixture
def stub(tmp_path: Path) -> Iterator[StubServer]:
    """The stub trusting the app (on loopback) to name the browser, with a short client limit."""
    with running_stub(
        tmp_path / "stub",
        stub_trusted_proxies="127.0.0.1",
        login_client_max_failures=3,
        login_first_delay_seconds=100,
    ) as server:
        yield server


@pytest.fixture
def address(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The address of the browser whose tab runs now (Streamlit's, in a real session)."""
    current = [ATTACKER]
    monkeypatch.setattr(browser_address, "browser_address", lambda: current[0])
    return current


def test_a_flood_of_failures_from_one_browser_does_not_lock_out_another(
    browser: Browser,
    user: str,
    address: list[str],
    app_routes: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attacker = AppDriver(browser).settle()
    for n in range(5):
        attacker.log_in(f"made-up{n}@example.com", "not anyones password")
    assert attacker.texts("error")[0].startswith("Too many failed attempts.")

    address[0] = VICTIM
    with httpx.Client(base_url=app_routes, timeout=10) as client:
        other_browser = Browser(client)
        monkeypatch.setattr(browser_module, "request_cookies", other_browser.cookies)
        victim = AppDriver(other_browser).settle()
        victim.log_in(user, PASSWORD)
        assert victim.title == "Home"

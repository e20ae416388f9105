"""The load driver's protocol layer against a real app and stub on loopback: a simulated person
costs the app the script runs a browser's clicks cost it (e2e/test_runs.py counts the same)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from bench import accounts, servers
from bench.streamlit_client import Runs, Tab

LOGIN_FORM = "FormSubmitter:login_form-Log in"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The stub backend's and the app's URLs, each a process of its own."""
    workdir = tmp_path_factory.mktemp("driver")
    stub = servers.stub_backend(workdir, cheap_hashing=True).launch()
    try:
        stub.wait_until_ready()
        app = servers.app(workdir, stub.url).launch()
        try:
            app.wait_until_ready()
            yield stub.url, app.url
        finally:
            app.stop()
    finally:
        stub.stop()


def _runs(tab: Tab) -> tuple[int, int]:
    return tab.runs.full, tab.runs.fragment


async def _visit(stub_url: str, app_url: str) -> dict[str, object]:
    email = accounts.new_email("driver")
    await accounts.register(stub_url, [email])
    seen: dict[str, object] = {}
    async with httpx.AsyncClient(base_url=app_url, timeout=60) as http:
        tab = Tab(http)
        await tab.open()
        seen["open"] = (_runs(tab), tab.title())
        tab.runs = Runs()
        fields = {"login_email": email, "login_password": accounts.PASSWORD}
        await tab.submit_form(fields, LOGIN_FORM)
        seen["login"] = (_runs(tab), tab.title(), email in tab.plain_text(), tab.route_statuses)
        tab.runs, calls = Runs(), len(tab.route_statuses)
        await tab.go_to("Documents")
        seen["page"] = (_runs(tab), tab.title())
        tab.runs = Runs()
        await tab.open()
        seen["reload"] = (_runs(tab), tab.title(), len(tab.route_statuses) - calls)
        seen["signed_in_after_reload"] = email in tab.plain_text()
        await tab.close()
    return seen


@pytest.fixture(scope="module")
def visit(deployment: tuple[str, str]) -> dict[str, object]:
    """One person: opens the page, logs in, changes page, reloads; what each step showed."""
    return asyncio.run(_visit(*deployment))


def test_opening_the_page_is_one_run_of_the_log_in_page(visit: dict[str, object]) -> None:
    assert visit["open"] == ((1, 0), "Log in")


def test_a_login_is_one_full_run_and_one_fragment_run_storing_the_cookie(
    visit: dict[str, object],
) -> None:
    # The cookie route answered once (200), and the sidebar shows the person's email.
    assert visit["login"] == ((1, 1), "Home", True, [200])


def test_a_page_change_is_one_run(visit: dict[str, object]) -> None:
    assert visit["page"] == ((1, 0), "Documents")


def test_a_reload_restores_from_the_cookie_in_one_run_without_a_route_call(
    visit: dict[str, object],
) -> None:
    assert visit["reload"] == ((1, 0), "Home", 0)
    assert visit["signed_in_after_reload"] is True

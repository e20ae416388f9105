"""The suite's options, hooks and fixtures live in e2e/plugin.py, so the installed suite can
load them (`pytest -p e2e.plugin --pyargs e2e`); here `pytest e2e` loads them. What stays here
overrides pytest-playwright's fixtures, which only a conftest fixture does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, BrowserType, Page
from pytest_playwright.pytest_playwright import CreateContextCallback

from e2e import artifacts, chromium, runs
from e2e.servers import Deployment

pytest_plugins = ["e2e.plugin"]


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> dict[str, Any]:
    """Playwright's own Chromium where it has one, else Debian's (e2e/chromium.py)."""
    # pytest-playwright's --headed sets headless to False; headless is its default.
    headless = bool(browser_type_launch_args.get("headless", True))
    try:
        system = chromium.executable(browser_type.executable_path, headless=headless)
    except chromium.ChromiumMissingError as error:
        pytest.fail(str(error), pytrace=False)
    args = [*browser_type_launch_args.get("args", []), *chromium.CHROMIUM_ARGS]
    if system is None:
        return {**browser_type_launch_args, "args": args}
    return {**browser_type_launch_args, "executable_path": str(system), "args": args}


@pytest.fixture(scope="session")
def base_url(deployment: Deployment) -> str:
    """Pages open relative to the app under test (pytest-playwright passes this to contexts),
    under the prefix it is served at, if any."""
    return deployment.pages_url


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab on the app's first page, settled."""
    tab = context.new_page()
    runs.open_page(tab)
    return tab


@pytest.fixture
def new_context(
    new_context: CreateContextCallback, request: pytest.FixtureRequest
) -> Iterator[CreateContextCallback]:
    """pytest-playwright's contexts (the `context` fixture's too), each recording a trace that
    a failure keeps (e2e/artifacts.py)."""
    if not artifacts.records(request.config):
        yield new_context
        return

    def traced(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        artifacts.trace(context, request.node)
        return context

    yield traced  # type: ignore[misc]  # takes what new_context takes, as **kwargs
    artifacts.drop_traces(request.node)

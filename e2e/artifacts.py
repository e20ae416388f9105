"""What a failed scenario leaves in its report folder (pytest-playwright's `--output`, one
folder per test): a Playwright trace of each browser context the test opened through
pytest-playwright (`trace.zip`; `trace-1.zip`, `trace-2.zip`, ... for several), and a
screenshot of each open tab taken the moment the test failed (`test-failed-1.png`, ...).

The trace holds the actions with their timings, the network and the console, not
pytest-playwright's screencast and DOM snapshots: recording those for every test made the full
profile 180 s against 131 s on two cores (-n 2, same machine), and the screenshot shows the
page as it was at the failure. `--tracing=retain-on-failure` (or `on`) hands the recording
back to pytest-playwright, screencast and snapshots included; then this module records none.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext
from playwright.sync_api import Error as PlaywrightError

_TRACED = pytest.StashKey[list[BrowserContext]]()


def records(config: pytest.Config) -> bool:
    """Whether this module records the traces: pytest-playwright's own tracing is off."""
    return bool(config.getoption("--tracing") == "off")


def trace(context: BrowserContext, item: pytest.Item) -> None:
    """Record the test's actions in this context, for the report if the test fails."""
    context.tracing.start(title=item.nodeid, screenshots=False, snapshots=False, sources=True)
    item.stash.setdefault(_TRACED, []).append(context)


def keep_failure(item: pytest.Item) -> list[Path]:
    """Save what the failed test's browsers show and did into its report folder; the paths.
    A browser that has gone (it crashed, the test closed it) leaves nothing, and says why in
    no exception: the failure being reported is the test's own."""
    folder = item.funcargs.get("output_path")  # type: ignore[attr-defined]
    browser = item.funcargs.get("browser")  # type: ignore[attr-defined]
    if folder is None or not isinstance(browser, Browser):
        return []
    saved = _screenshots(browser, Path(folder))
    traced = item.stash.get(_TRACED, [])
    for index, context in enumerate(traced, start=1):
        name = "trace.zip" if len(traced) == 1 else f"trace-{index}.zip"
        path = Path(folder) / name
        try:
            context.tracing.stop(path=path)
        except PlaywrightError:
            continue
        saved.append(path)
    traced.clear()
    return saved


def drop_traces(item: pytest.Item) -> None:
    """Stop the recordings of a test that did not fail, keeping nothing."""
    for context in item.stash.get(_TRACED, []):
        with suppress(PlaywrightError):  # closed already, its recording with it
            context.tracing.stop()
    item.stash[_TRACED] = []


def _screenshots(browser: Browser, folder: Path) -> list[Path]:
    pages = [page for context in browser.contexts for page in context.pages]
    saved = []
    for index, page in enumerate(pages, start=1):
        path = folder / f"test-failed-{index}.png"
        try:
            page.screenshot(path=path, timeout=5_000)
        except PlaywrightError:
            continue
        saved.append(path)
    return saved

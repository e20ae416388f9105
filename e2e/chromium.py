"""Which Chromium the suite launches, and the flags it needs here.

Playwright's own browser where it has one (its cache); else Debian's, which works with
Playwright where Playwright cannot download its own: for a headless run its old headless shell
(package `chromium-headless-shell`, the build Playwright itself runs headless), else `chromium`.
The shell has no desktop browser around the page: on two cores a run of the full profile took
196 s with it against 246 s with `chromium` (-n 2, same machine). `scripts/provision.py` makes
sure one of them is there before a nox session starts the suite.
"""

from __future__ import annotations

import os
from pathlib import Path

# E2E_SYSTEM_CHROMIUM points the search elsewhere, e.g. at a missing file to see what a machine
# without Debian's Chromium does, without uninstalling it.
SYSTEM_CHROMIUM = Path(os.environ.get("E2E_SYSTEM_CHROMIUM", "/usr/bin/chromium"))
SYSTEM_HEADLESS_SHELL = Path(
    os.environ.get("E2E_SYSTEM_HEADLESS_SHELL", "/usr/bin/chromium-headless-shell")
)
# A closed network refuses Chromium's background connections, many at a time, without these.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
MISSING = (
    "No Chromium for Playwright: run `playwright install chromium` where it can download, "
    "else `sudo apt-get install chromium`."
)


class ChromiumMissingError(RuntimeError):
    """Neither Playwright's own Chromium nor the system one is installed."""


def executable(playwright_own: str, *, headless: bool = True) -> Path | None:
    """The browser to launch: None for Playwright's own (at `playwright_own`), else the
    system's (the headless shell only for a headless run). Raises ChromiumMissingError when
    there is none."""
    if Path(playwright_own).exists():
        return None
    if headless and SYSTEM_HEADLESS_SHELL.exists():
        return SYSTEM_HEADLESS_SHELL
    if SYSTEM_CHROMIUM.exists():
        return SYSTEM_CHROMIUM
    raise ChromiumMissingError(MISSING)

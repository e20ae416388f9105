"""Which Chromium the suite launches, and the flags it needs here.

Playwright's own browser where it has one (its cache); else Debian's `chromium`, which works
with Playwright where Playwright cannot download its own. `scripts/provision.py` makes sure
one of the two is there before a nox session starts the suite.
"""

from __future__ import annotations

import os
from pathlib import Path

# E2E_SYSTEM_CHROMIUM points the search elsewhere, e.g. at a missing file to see what a machine
# without Debian's Chromium does, without uninstalling it.
SYSTEM_CHROMIUM = Path(os.environ.get("E2E_SYSTEM_CHROMIUM", "/usr/bin/chromium"))
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


def executable(playwright_own: str) -> Path | None:
    """The browser to launch: None for Playwright's own (at `playwright_own`), else the
    system Chromium's path. Raises ChromiumMissingError when there is neither."""
    if Path(playwright_own).exists():
        return None
    if SYSTEM_CHROMIUM.exists():
        return SYSTEM_CHROMIUM
    raise ChromiumMissingError(MISSING)

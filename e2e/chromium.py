"""Debian's Chromium where Playwright cannot download its own, and the flags it needs here."""

from __future__ import annotations

from pathlib import Path

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# A closed network refuses Chromium's background connections, many at a time, without these.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]

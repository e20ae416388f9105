"""Provide what a session needs from outside Python: `python -m scripts.provision WHAT`.

`chromium`: Playwright's driver made to run (a bare Debian lacks `libatomic1`), then the
browser Playwright already has (its cache); else Playwright's own download
(`playwright install chromium`), which fails within seconds where the network refuses it;
else Debian's `chromium` and its `chromium-headless-shell` (apt-get, as root); else stop with
the one command to run.
`debian BINARY [PACKAGE]`: the Debian package that provides BINARY (e.g. `redis-server`,
`haproxy`), installed with apt-get when the binary is missing and this process is root.

Each step prints one line, so a CI log says which browser the suite got and why.
"""

# ruff: noqa: S603, S607 - runs apt-get and playwright with fixed arguments

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from e2e import chromium

# Playwright waits this long for a download to connect (its default is 30 s), and the whole
# download may take this long: a closed network fails at once, a slow one still finishes.
_DOWNLOAD_CONNECT_MS = "10000"
_DOWNLOAD_TIMEOUT_SECONDS = 300.0
_APT_ENV = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
# Shared libraries Playwright's Node.js loads that a bare Debian may lack, and their packages.
_DRIVER_LIBRARIES = {"libatomic.so.1": "libatomic1"}


class ProvisionError(RuntimeError):
    """What is missing could not be installed from here; the message names the command."""


def _say(line: str) -> None:
    print(f"provision: {line}", flush=True)


def can_apt() -> bool:
    """apt-get can install unattended: it exists and this process is root."""
    return shutil.which("apt-get") is not None and os.geteuid() == 0


def apt_install(package: str) -> None:
    """Install one Debian package, unattended; only root with apt-get can."""
    if not can_apt():
        raise ProvisionError(f"`{package}` is missing: run `sudo apt-get install {package}`.")
    _say(f"apt-get install {package}")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=_APT_ENV)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
        check=True,
        env=_APT_ENV,
        stdout=subprocess.DEVNULL,
    )


def ensure_debian_package(binary: str, package: str | None = None) -> str:
    """The path of `binary`, installing the Debian `package` that provides it when it is
    missing (default: a package of the same name)."""
    package = package or binary
    found = shutil.which(binary)
    if found:
        return found
    _say(f"{binary} is missing")
    apt_install(package)
    found = shutil.which(binary)
    if not found:
        raise ProvisionError(f"apt-get installed {package}, but `{binary}` is still not on PATH.")
    return found


def ensure_playwright_driver() -> None:
    """Playwright's bundled Node.js runs: a bare Debian lacks a shared library it loads."""
    command = [sys.executable, "-m", "playwright", "--version"]
    for _ in range(len(_DRIVER_LIBRARIES) + 1):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return
        missing = re.findall(r"error while loading shared libraries: ([^:\s]+)", result.stderr)
        if not missing or missing[0] not in _DRIVER_LIBRARIES:
            raise ProvisionError(f"Playwright's driver does not start: {result.stderr.strip()}")
        apt_install(_DRIVER_LIBRARIES[missing[0]])
    raise ProvisionError("Playwright's driver still does not start after installing its libraries")


def _playwright_chromium() -> str:
    """Where Playwright keeps (or would keep) its own Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def _playwright_download() -> bool:
    """Playwright's own download, given a short time to connect; whether it succeeded."""
    env = {**os.environ, "PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT": _DOWNLOAD_CONNECT_MS}
    command = [sys.executable, "-m", "playwright", "install", "chromium"]
    try:
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=_DOWNLOAD_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        _say(f"playwright install chromium: no browser within {_DOWNLOAD_TIMEOUT_SECONDS:.0f} s")
        return False
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()[:1] or ["no output"]
        _say(f"playwright install chromium failed: {reason[0]}")
        return False
    return True


def ensure_chromium() -> str:
    """A Chromium the suite can launch (e2e/chromium.py makes the same choice); its path."""
    ensure_playwright_driver()
    own = _playwright_chromium()
    if Path(own).exists():
        _say(f"Playwright's own Chromium: {own}")
        return own
    if _playwright_download() and Path(own).exists():
        _say(f"Playwright's own Chromium, downloaded: {own}")
        return own
    if _debian_chromium():
        _say(f"Debian's chromium: {chromium.SYSTEM_CHROMIUM}")
        if _debian_headless_shell():
            _say(f"Debian's headless shell, for headless runs: {chromium.SYSTEM_HEADLESS_SHELL}")
        return str(chromium.SYSTEM_CHROMIUM)
    raise ProvisionError(chromium.MISSING)


def _debian_chromium() -> bool:
    if chromium.SYSTEM_CHROMIUM.exists():
        return True
    if not can_apt():
        return False
    ensure_debian_package("chromium")
    return chromium.SYSTEM_CHROMIUM.exists()


def _debian_headless_shell() -> bool:
    """Debian's old headless shell, which headless runs take where it is (e2e/chromium.py); a
    machine without it, or without apt, runs them in `chromium`."""
    if chromium.SYSTEM_HEADLESS_SHELL.exists():
        return True
    if not can_apt():
        return False
    try:
        ensure_debian_package("chromium-headless-shell")
    except ProvisionError as error:  # a speed-up only: the suite runs in `chromium` without it
        _say(f"no headless shell, headless runs use chromium: {error}")
        return False
    return chromium.SYSTEM_HEADLESS_SHELL.exists()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.provision", description=__doc__)
    commands = parser.add_subparsers(dest="what", required=True)
    commands.add_parser("chromium", help="a Chromium for Playwright")
    debian = commands.add_parser("debian", help="the Debian package providing a binary")
    debian.add_argument("binary")
    debian.add_argument("package", nargs="?")
    args = parser.parse_args(argv)
    try:
        if args.what == "chromium":
            ensure_chromium()
        else:
            _say(f"{args.binary}: {ensure_debian_package(args.binary, args.package)}")
    except (ProvisionError, subprocess.CalledProcessError) as error:
        print(f"provision: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

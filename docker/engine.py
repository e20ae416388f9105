"""A Docker engine to build and run with: the running one, or one this module installs and starts.

Where no engine runs (CI machines, sandboxes), it installs docker.io with apt-get if `dockerd`
is missing and starts `dockerd --bridge=none --iptables=false` in the background: such
machines allow no bridge networking, so every build and container uses the host's network.
"""

# ruff: noqa: S603, S607 - runs docker, dockerd and apt-get with fixed arguments

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_START_TIMEOUT_SECONDS = 60.0
_ROOT = Path(__file__).resolve().parent.parent
_LOG_PATH = _ROOT / ".nox" / "dockerd.log"


class EngineError(RuntimeError):
    """No Docker engine could be reached or started; the message says what to do."""


def docker(*args: str) -> str:
    """Run one docker command and return its standard output; raise with its errors."""
    result = subprocess.run(["docker", *args], check=False, capture_output=True, text=True)
    if result.returncode != 0:
        raise EngineError(f"docker {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def succeeds(*args: str, timeout: float | None = None) -> bool:
    """Whether a docker command exits 0 (in time); its output is dropped."""
    try:
        result = subprocess.run(
            ["docker", *args], check=False, capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


def is_running() -> bool:
    if shutil.which("docker") is None:
        return False
    return succeeds("info")


def ensure_binary(binary: str, package: str) -> None:
    """The Debian package providing `binary`, through the project's one provisioning helper."""
    command = [sys.executable, "-m", "scripts.provision", "debian", binary, package]
    if subprocess.run(command, cwd=_ROOT, check=False).returncode != 0:
        raise EngineError(f"`{binary}` is missing and could not be installed (see above)")


def apt_install(*packages: str) -> None:
    """Install Debian packages whose binary bears the package's name (e.g. debootstrap)."""
    for package in packages:
        ensure_binary(package, package)


def _start_daemon() -> subprocess.Popen[bytes]:
    for binary in ("dockerd", "docker"):
        ensure_binary(binary, "docker.io")
    _LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    with _LOG_PATH.open("ab") as log:
        daemon = subprocess.Popen(
            ["dockerd", "--bridge=none", "--iptables=false"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while not is_running():
        if daemon.poll() is not None or time.monotonic() > deadline:
            daemon.kill()
            tail = _LOG_PATH.read_text(errors="replace").splitlines()[-15:]
            raise EngineError("dockerd did not start:\n" + "\n".join(tail))
        time.sleep(0.5)
    print(f"docker: started dockerd (pid {daemon.pid}, log {_LOG_PATH})", flush=True)
    return daemon


@contextmanager
def engine() -> Iterator[None]:
    """A reachable engine for the block; a daemon started here is stopped after it."""
    if is_running():
        yield
        return
    daemon = _start_daemon()
    try:
        yield
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        print(f"docker: stopped the dockerd this run started (pid {daemon.pid})", flush=True)

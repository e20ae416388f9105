"""One server process: launched, waited on until a probe answers, stopped by its own pid."""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from testbed.environment import clean_environment

START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
POLL_SECONDS = 0.05
LOG_TAIL_CHARS = 4000

# Answers True once the server serves; False (never an exception) while it is not there yet.
Probe = Callable[[], bool]
# Loopback only: no proxy from the environment may stand between a probe and its server.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class StartError(RuntimeError):
    """A server stopped while starting, or did not answer in time; the message quotes its log."""


def http_ok(url: str) -> Probe:
    """A probe: whether GET `url` answers 200."""

    def answers() -> bool:
        try:
            with _DIRECT.open(url, timeout=1.0) as response:
                return bool(response.status == 200)
        except (OSError, http.client.HTTPException):  # refused, reset, timed out, 4xx/5xx
            return False

    return answers


def wait_until(
    ready: Probe,
    *,
    what: str,
    timeout: float,
    running: Callable[[], bool] = lambda: True,
    log: Callable[[], str] = lambda: "",
) -> None:
    """Poll `ready` until it answers; StartError, quoting `log()`, as soon as `running` says
    the server has stopped or once `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        if not running():
            raise StartError(f"{what} stopped while starting:\n{log()}")
        if ready():
            return
        if time.monotonic() >= deadline:
            raise StartError(f"{what} did not answer within {timeout:.0f} s:\n{log()}")
        time.sleep(POLL_SECONDS)  # polling a server that is starting, not waiting on a test


def python_module(module: str, *args: str) -> list[str]:
    """The command that runs `module` with this interpreter: `python -m module args...`."""
    return [sys.executable, "-m", module, *args]


@dataclass
class ServerProcess:
    """A server started as `command` in `workdir` (so no `.env` of a work tree leaks in) with
    exactly `env`, its output appended to `<workdir>/<name>.log`, which is kept after it stops.
    `ready` says when it serves; `url` is where, for its callers (empty if it has none)."""

    name: str
    command: list[str]
    env: dict[str, str]
    workdir: Path
    ready: Probe
    url: str = ""
    start_timeout: float = START_TIMEOUT_SECONDS
    stop_timeout: float = STOP_TIMEOUT_SECONDS
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @classmethod
    def local(
        cls,
        name: str,
        command: list[str],
        settings: Mapping[str, str],
        workdir: Path,
        port: int,
        health_path: str,
        start_timeout: float = START_TIMEOUT_SECONDS,
    ) -> ServerProcess:
        """A web server of this repository on 127.0.0.1:`port`: `settings` over a clean
        environment (`clean_environment`), ready once `health_path` answers 200."""
        env, url = clean_environment(**settings), f"http://127.0.0.1:{port}"
        return cls(name, command, env, workdir, http_ok(url + health_path), url, start_timeout)

    @property
    def pid(self) -> int:
        if self.process is None:
            raise StartError(f"{self.name} is not running")
        return self.process.pid

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def launch(self) -> Self:
        """Start the process without waiting: several servers boot faster side by side."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - the caller's own command
                self.command, cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_until_ready(self) -> Self:
        what = f"{self.name} ({self.url})" if self.url else self.name
        wait_until(
            self.ready,
            what=what,
            timeout=self.start_timeout,
            running=self.running,
            log=self.log_tail,
        )
        return self

    def start(self) -> Self:
        return self.launch().wait_until_ready()

    def stop(self) -> None:
        """SIGTERM (a graceful shutdown, as a container runtime or ^C gives), then SIGKILL."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=self.stop_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_since(self, offset: int) -> str:
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def log_tail(self, limit: int = LOG_TAIL_CHARS) -> str:
        return self.log_since(max(0, self.log_size() - limit)) or "(no output)"

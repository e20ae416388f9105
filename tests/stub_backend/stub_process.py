"""`python -m stub_backend` as a real child process: for what only a process boundary shows
(start-up refusals, exit codes, logs, a restart that loses everything held in memory)."""

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from testbed import ServerProcess, clean_environment, http_ok, python_module, stub_settings

# Generous: on a loaded machine importing FastAPI and pydantic alone has taken over 20 s. The
# wait polls, so a quick start is not slowed by it.
_START_TIMEOUT_SECONDS = 60.0
# STUB_PORT=0 lets the OS pick a free port; uvicorn then logs the one it got. No race on a port
# chosen in advance.
_LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


@dataclass(frozen=True)
class Exited:
    returncode: int
    output: str


@dataclass(frozen=True)
class StubProcess:
    base_url: str
    log_path: Path

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=f"{self.base_url}/api/v1", timeout=30.0)


def stub_environment(data_dir: Path, **settings: str) -> dict[str, str]:
    """The parent's environment minus every stub setting, so none leaks in from the shell; the
    stub on a port of the OS's choosing, test controls left at their default (off)."""
    own = stub_settings(0, db_path=data_dir / "stub.sqlite3", test_controls=None)
    return clean_environment(**(own | settings))


def run_to_exit(cwd: Path, env: dict[str, str]) -> Exited:
    """Start the stub and expect it to refuse: return its exit code and everything it printed."""
    try:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and module
            python_module("stub_backend"),
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=_START_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"the stub did not refuse to start:\n{exc.output}") from exc
    return Exited(finished.returncode, finished.stdout + finished.stderr)


class _Listening:
    """A probe: the address uvicorn logged it listens on, once that answers its health check."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.base_url = ""

    def __call__(self) -> bool:
        if not self.base_url:
            found = _LISTENING.search(self.log_path.read_text(encoding="utf-8", errors="replace"))
            if found is None:
                return False
            self.base_url = found.group(1)
        return http_ok(f"{self.base_url}/healthz")()


@contextmanager
def stub_process(cwd: Path, env: dict[str, str], *, name: str = "stub") -> Iterator[StubProcess]:
    """Run `python -m stub_backend` until the block ends; its log is kept for the test to read
    and printed when the block fails."""
    listening = _Listening(cwd / f"{name}.log")
    server = ServerProcess(
        name,
        python_module("stub_backend"),
        env,
        cwd,
        listening,
        start_timeout=_START_TIMEOUT_SECONDS,
    )
    try:
        server.start()
        yield StubProcess(listening.base_url, server.log_path)
    except BaseException:
        print(f"--- {name} log ---\n{server.log_tail(limit=100_000)}", file=sys.stderr)
        raise
    finally:
        server.stop()

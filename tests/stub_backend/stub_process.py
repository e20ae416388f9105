"""`python -m stub_backend` as a real child process: for what only a process boundary shows
(start-up refusals, exit codes, logs, a restart that loses everything held in memory)."""

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
# Generous: on a loaded machine importing FastAPI and pydantic alone has taken over 20 s. The
# wait polls, so a quick start is not slowed by it.
_START_TIMEOUT_SECONDS = 60.0
_STOP_TIMEOUT_SECONDS = 10.0
# STUB_PORT=0 lets the OS pick a free port; uvicorn then logs the one it got. No race on a port
# chosen in advance.
_LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")
# Cheapest argon2id, as in-process test servers use.
FAST_HASHING_ENV = {"STUB_ARGON2_TIME_COST": "1", "STUB_ARGON2_MEMORY_KIB": "1024"}


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
    """The parent's environment minus every stub setting, so none leaks in from the shell."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("STUB_", "JWT_", "ACCESS_TOKEN_", "REFRESH_", "LOGIN_"))
    }
    return {
        **inherited,
        "PYTHONPATH": str(REPO_ROOT),
        "STUB_HOST": "127.0.0.1",
        "STUB_PORT": "0",
        "STUB_DB_PATH": str(data_dir / "stub.sqlite3"),
        **FAST_HASHING_ENV,
        **settings,
    }


def _command() -> list[str]:
    return [sys.executable, "-m", "stub_backend"]


def run_to_exit(cwd: Path, env: dict[str, str]) -> Exited:
    """Start the stub and expect it to refuse: return its exit code and everything it printed."""
    try:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and module
            _command(),
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


def _wait_for_address(process: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        log = log_path.read_text(encoding="utf-8", errors="replace")
        if match := _LISTENING.search(log):
            return match.group(1)
        if process.poll() is not None:
            raise AssertionError(f"the stub exited with {process.returncode}:\n{log}")
        time.sleep(0.05)
    raise AssertionError(f"the stub did not start in time:\n{log_path.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    # SIGTERM: uvicorn's graceful shutdown, as a container runtime or a developer's ^C would.
    process.terminate()
    try:
        process.wait(timeout=_STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def stub_process(cwd: Path, env: dict[str, str], *, name: str = "stub") -> Iterator[StubProcess]:
    """Run `python -m stub_backend` until the block ends; its log is kept for the test to read
    and printed when the block fails."""
    log_path = cwd / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            _command(), cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        base_url = _wait_for_address(process, log_path)
        httpx.get(f"{base_url}/healthz", timeout=5.0).raise_for_status()
        yield StubProcess(base_url, log_path)
    except BaseException:
        print(f"--- {name} log ---\n{log_path.read_text(errors='replace')}", file=sys.stderr)
        raise
    finally:
        _stop(process)

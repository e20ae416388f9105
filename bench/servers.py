"""The servers a benchmark measures, as subprocesses on free loopback ports, stopped by pid.

Each starts from a clean environment and a temporary working directory, so no `.env` and no
setting exported by the developer's shell leaks in.
"""

from __future__ import annotations

import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from e2e.servers import REPO, clean_environment, free_port

BENCH = Path(__file__).resolve().parent
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0

# Shared with the e2e suite: the same loopback ports and the same clean environment.
__all__ = [
    "REPO",
    "Server",
    "app",
    "bare_api",
    "bare_streamlit",
    "clean_environment",
    "free_port",
    "stub_backend",
]


@dataclass
class Server:
    """One server process: started, polled on its health path, stopped by its own pid."""

    name: str
    argv: list[str]
    env: dict[str, str]
    workdir: Path
    url: str
    health_path: str
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.name} is not running")
        return self.process.pid

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def launch(self) -> Server:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, *self.argv],
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_until_healthy(self) -> Server:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        with httpx.Client(timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self.process is None or self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited while starting:\n{self.log_tail()}")
                try:
                    if client.get(self.url + self.health_path).status_code == httpx.codes.OK:
                        return self
                except httpx.TransportError:
                    pass
                time.sleep(0.1)  # polling a booting server
        raise RuntimeError(f"{self.name} did not become healthy:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log_tail(self, limit: int = 3000) -> str:
        if not self.log_path.exists():
            return ""
        return self.log_path.read_bytes()[-limit:].decode("utf-8", "replace")


def stub_backend(
    workdir: Path, *, counting: bool = False, settings: dict[str, str] | None = None
) -> Server:
    """The stub with its default argon2id cost; `counting` serves it behind a request counter."""
    port = free_port()
    env = clean_environment(
        STUB_HOST="127.0.0.1",
        STUB_PORT=str(port),
        STUB_DB_PATH=str(workdir / f"stub-{port}.sqlite3"),
        JWT_SECRET=secrets.token_urlsafe(48),
        STUB_TEST_CONTROLS="1",
        **(settings or {}),
    )
    module = "bench.counting_stub" if counting else "stub_backend"
    return Server("stub", ["-m", module], env, workdir, f"http://127.0.0.1:{port}", "/healthz")


def app(workdir: Path, api_base_url: str) -> Server:
    port = free_port()
    env = clean_environment(
        APP_HOST="127.0.0.1",
        APP_PORT=str(port),
        API_BASE_URL=api_base_url,
        APP_SECRET_KEY=secrets.token_urlsafe(48),
        APP_DATA_DIR=str(workdir / f"app-data-{port}"),
    )
    url = f"http://127.0.0.1:{port}"
    return Server("app", ["-m", "app"], env, workdir, url, "/_stcore/health")


def bare_streamlit(workdir: Path) -> Server:
    """The baseline page under the same Streamlit, started the plain `streamlit run` way."""
    port = free_port()
    argv = [
        "-m",
        "streamlit",
        "run",
        str(BENCH / "bare_page.py"),
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.headless=true",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--browser.gatherUsageStats=false",
        "--client.toolbarMode=viewer",
        "--client.showErrorDetails=none",
    ]
    url = f"http://127.0.0.1:{port}"
    return Server("bare-streamlit", argv, clean_environment(), workdir, url, "/_stcore/health")


def bare_api(workdir: Path) -> Server:
    port = free_port()
    argv = ["-m", "bench.bare_api", str(port)]
    url = f"http://127.0.0.1:{port}"
    return Server("bare-api", argv, clean_environment(), workdir, url, "/healthz")

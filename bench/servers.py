"""The servers a benchmark measures, as subprocesses on free loopback ports, stopped by pid.

Each starts from a clean environment and a temporary working directory, so no `.env` and no
setting exported by the developer's shell leaks in.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from e2e.ports import free_port
from e2e.servers import REPO, ManagedProcess, clean_environment

BENCH = Path(__file__).resolve().parent
START_TIMEOUT_SECONDS = 60.0

# Shared with the e2e suite: the same loopback ports and the same clean environment.
__all__ = [
    "REPO",
    "ManagedProcess",
    "app",
    "bare_api",
    "bare_streamlit",
    "clean_environment",
    "free_port",
    "stub_backend",
]


def _server(
    name: str, argv: list[str], env: dict[str, str], workdir: Path, url: str, health_path: str
) -> ManagedProcess:
    """A benchmark's server: the e2e suite's process, given longer to start on a busy machine."""
    return ManagedProcess(name, argv, env, workdir, url, health_path, START_TIMEOUT_SECONDS)


def stub_backend(
    workdir: Path, *, counting: bool = False, settings: dict[str, str] | None = None
) -> ManagedProcess:
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
    return _server("stub", ["-m", module], env, workdir, f"http://127.0.0.1:{port}", "/healthz")


def app(workdir: Path, api_base_url: str) -> ManagedProcess:
    port = free_port()
    env = clean_environment(
        APP_HOST="127.0.0.1",
        APP_PORT=str(port),
        API_BASE_URL=api_base_url,
        APP_SECRET_KEY=secrets.token_urlsafe(48),
        APP_DATA_DIR=str(workdir / f"app-data-{port}"),
        APP_DEBUG_PAGE="everyone",  # bench/concurrency.py opens Debug as a plain account
    )
    url = f"http://127.0.0.1:{port}"
    return _server("app", ["-m", "app"], env, workdir, url, "/_stcore/health")


def bare_streamlit(workdir: Path) -> ManagedProcess:
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
    return _server("bare-streamlit", argv, clean_environment(), workdir, url, "/_stcore/health")


def bare_api(workdir: Path) -> ManagedProcess:
    port = free_port()
    argv = ["-m", "bench.bare_api", str(port)]
    url = f"http://127.0.0.1:{port}"
    return _server("bare-api", argv, clean_environment(), workdir, url, "/healthz")

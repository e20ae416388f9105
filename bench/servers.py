"""The servers a benchmark measures, as subprocesses on free loopback ports, stopped by pid.

Each starts from a clean environment and a temporary working directory, so no `.env` and no
setting exported by the developer's shell leaks in.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from testbed import REPO, ServerProcess, app_settings, free_port, python_module, stub_settings

BENCH = Path(__file__).resolve().parent
START_TIMEOUT_SECONDS = 60.0

# Shared with the e2e suite: the same loopback ports and the same clean environment.
__all__ = [
    "REPO",
    "ServerProcess",
    "app",
    "bare_api",
    "bare_streamlit",
    "free_port",
    "stub_backend",
]


def _server(
    name: str, command: list[str], settings: dict[str, str], workdir: Path, port: int, health: str
) -> ServerProcess:
    """A benchmark's server, given longer to start than the suite's on a busy machine."""
    return ServerProcess.local(
        name, command, settings, workdir, port, health, START_TIMEOUT_SECONDS
    )


def stub_backend(
    workdir: Path, *, counting: bool = False, cheap_hashing: bool = False
) -> ServerProcess:
    """The stub, with its default argon2id cost unless `cheap_hashing`; `counting` serves it
    behind a request counter."""
    port = free_port()
    settings = stub_settings(
        port,
        db_path=workdir / f"stub-{port}.sqlite3",
        cheap_hashing=cheap_hashing,
        JWT_SECRET=secrets.token_urlsafe(48),
    )
    command = python_module("bench.counting_stub" if counting else "stub_backend")
    return _server("stub", command, settings, workdir, port, "/healthz")


def app(workdir: Path, api_base_url: str) -> ServerProcess:
    port = free_port()
    settings = app_settings(
        port, api_base_url, secret=secrets.token_urlsafe(48), data_dir=workdir / f"app-data-{port}"
    )
    return _server("app", python_module("app"), settings, workdir, port, "/_stcore/health")


def bare_streamlit(workdir: Path) -> ServerProcess:
    """The baseline page under the same Streamlit, started the plain `streamlit run` way."""
    port = free_port()
    command = python_module(
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
    )
    return _server("bare-streamlit", command, {}, workdir, port, "/_stcore/health")


def bare_api(workdir: Path) -> ServerProcess:
    port = free_port()
    command = python_module("bench.bare_api", str(port))
    return _server("bare-api", command, {}, workdir, port, "/healthz")

"""The stub backend and the app as subprocesses on free loopback ports, with their logs kept.

Each xdist worker starts its own pair (session-scoped fixtures are per worker), so tests that
move the stub's clock or stop the backend only ever disturb their own worker.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from app.base_path import ENV_VAR as BASE_PATH_VARIABLE
from e2e.app_clock import AppClock
from e2e.daemons import HAProxy
from e2e.families import FAMILIES, Family
from e2e.ports import free_port
from e2e.tap import TokenLog, recording_tap

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_SECONDS = 30.0
# What every app the suite starts runs with, beside its address and secret: scenarios read the
# Debug page as any account (a deployment shows it to admins only unless it sets the same).
SUITE_APP_SETTINGS = {"API_TIMEOUT_SECONDS": "5", "APP_DEBUG_PAGE": "everyone"}
STOP_TIMEOUT_SECONDS = 10.0
# Settings the suite owns: anything the developer's shell exports under these names is dropped.
_OWN_PREFIXES = (
    *("STUB_", "APP_", "API_", "JWT_", "ACCESS_TOKEN_", "REFRESH_", "LOGIN_"),
    *("STREAMLIT_", "BACKEND_"),
)
# With --under-prefix: the shipped proxy file and the two prefixes it forwards.
PREFIX_PROXY_CONFIG = REPO / "deploy" / "haproxy-prefix.cfg"
APP_PREFIX = "/auth-demo"
NEIGHBOUR_PREFIX = "/other-app"


@dataclass(frozen=True)
class Deployment:
    """Where the app and the backend answer; the stub and the token log only when the suite
    started the servers itself (not with --app-url / --api-url)."""

    app_url: str  # with the prefix the app is served under, if any: http://host/auth-demo
    api_url: str
    stub: ManagedProcess | None = None
    tokens: TokenLog | None = None
    app: ManagedProcess | None = None
    app_clock: AppClock | None = None
    # Another app on the same host under another prefix (only with --under-prefix).
    neighbour_url: str | None = None
    # The app's backend settings (API_PROFILE, API_<FIELD>), which the suite reads the
    # backend's shape from as the app does; None: the suite's own environment says.
    api_settings: Mapping[str, str] | None = None

    @property
    def origin(self) -> str:
        """scheme://host:port of the app, without its prefix."""
        parts = urlsplit(self.app_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def base_path(self) -> str:
        """The prefix the app is served under: "" or "/auth-demo"."""
        return urlsplit(self.app_url).path.rstrip("/")

    @property
    def pages_url(self) -> str:
        """What a browser context resolves page paths against (runs.open_page): the app's URL
        with a trailing slash, so "documents" opens the app's Documents under any prefix."""
        return self.app_url + "/"


def clean_environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


@dataclass
class ManagedProcess:
    """One server process: started, health-polled, stopped by its own pid, log kept on disk."""

    name: str
    argv: list[str]  # what follows the interpreter, e.g. ["-m", "app"]
    env: dict[str, str]
    workdir: Path
    url: str
    health_path: str
    start_timeout: float = START_TIMEOUT_SECONDS
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.name} is not running")
        return self.process.pid

    @property
    def health_url(self) -> str:
        return self.url + self.health_path

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def launch(self) -> ManagedProcess:
        """Start the process without waiting: two servers boot faster side by side."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, *self.argv],
                cwd=self.workdir,  # no `.env` from the work tree leaks in
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_until_healthy(self) -> ManagedProcess:
        deadline = time.monotonic() + self.start_timeout
        with httpx.Client(timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self.process is None or self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited while starting:\n{self.log_tail()}")
                try:
                    if client.get(self.health_url).status_code == httpx.codes.OK:
                        return self
                except httpx.TransportError:
                    pass
                time.sleep(0.1)  # polling a server that is booting, not waiting on a test
        raise RuntimeError(f"{self.name} did not answer {self.health_url}:\n{self.log_tail()}")

    def start(self) -> None:
        self.launch()
        self.wait_until_healthy()

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

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_since(self, offset: int) -> str:
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def log_tail(self, limit: int = 4000) -> str:
        return self.log_since(max(0, self.log_size() - limit))


def stub_backend(
    workdir: Path,
    profile: str = "full",
    access_seconds: float | None = None,
    *,
    test_controls: bool = True,
) -> ManagedProcess:
    """The stub on a free port; `profile` is STUB_PROFILE: `full`, or `minimal` (only what the
    seed's backend offers: four auth endpoints and five claims). Without `test_controls` its
    clock cannot be moved, as a real backend's cannot."""
    port = free_port()
    env = clean_environment(
        **_lifetime("ACCESS_TOKEN_EXPIRE_MINUTES", access_seconds and access_seconds / 60),
        STUB_PROFILE=profile,
        STUB_HOST="127.0.0.1",
        STUB_PORT=str(port),
        STUB_DB_PATH=str(workdir / "stub.sqlite3"),
        JWT_SECRET=secrets.token_urlsafe(48),
        STUB_TEST_CONTROLS="1" if test_controls else "0",
        # The cheapest argon2id: every test registers its own users.
        STUB_ARGON2_TIME_COST="1",
        STUB_ARGON2_MEMORY_KIB="1024",
    )
    url = f"http://127.0.0.1:{port}"
    return ManagedProcess("stub-backend", ["-m", "stub_backend"], env, workdir, url, "/healthz")


def real_backend(workdir: Path, family: Family, access_seconds: float) -> ManagedProcess:
    """One of the FastAPI auth backends people run (tests/backends/), on a free port."""
    port = free_port()
    env = clean_environment(
        BACKEND_HOST="127.0.0.1",
        BACKEND_PORT=str(port),
        BACKEND_DB_PATH=str(workdir / f"{family.name}.sqlite3"),
        BACKEND_JWT_SECRET=secrets.token_urlsafe(48),
        BACKEND_ACCESS_TOKEN_SECONDS=str(access_seconds),
    )
    url = f"http://127.0.0.1:{port}"
    return ManagedProcess(family.name, ["-m", family.module], env, workdir, url, "/healthz")


def _lifetime(name: str, value: float | None) -> dict[str, str]:
    return {} if value is None else {name: f"{value:.6f}"}


def streamlit_app(
    workdir: Path,
    api_base_url: str,
    clock: AppClock | None = None,
    *,
    base_path: str = "",
    name: str = "app",
    settings: Mapping[str, str] | None = None,
) -> ManagedProcess:
    """The app on a free port; under `base_path` (Streamlit's server.baseUrlPath) when given.
    Its `url` is the server's root, without the prefix."""
    port = free_port()
    env = clean_environment(
        APP_HOST="127.0.0.1",
        APP_PORT=str(port),
        API_BASE_URL=api_base_url,
        APP_SECRET_KEY=secrets.token_urlsafe(48),
        APP_DATA_DIR=str(workdir / f"{name}-data"),
        **SUITE_APP_SETTINGS,
        **(settings or {}),
    )
    if base_path:
        env[BASE_PATH_VARIABLE] = base_path
    if clock is not None:
        env.update(clock.environment(env["PYTHONPATH"]))
    url = f"http://127.0.0.1:{port}"
    return ManagedProcess(name, ["-m", "app"], env, workdir, url, base_path + "/_stcore/health")


class LocalStack:
    """This worker's own backend, tap and app: launched as early as pytest configures, so they
    boot while the browser starts and the tests are collected.

    `backend`: "stub" (STUB_PROFILE `profile`), or one of the real families of
    tests/backends/families.py, with the app given that family's settings.
    `access_seconds`: the backend's access token lifetime (None: its default).
    `test_controls`: the stub's test controls, its movable clock among them (on by default).
    `under_prefix`: the app is served under /auth-demo, a second app under /other-app, both
    behind HAProxy with deploy/haproxy-prefix.cfg, which forwards only those two prefixes.
    """

    def __init__(
        self,
        workdir: Path,
        profile: str = "full",
        *,
        backend: str = "stub",
        access_seconds: float | None = None,
        test_controls: bool = True,
        under_prefix: bool = False,
    ) -> None:
        self.workdir = workdir
        family = FAMILIES.get(backend)
        if family is None:
            self.backend: ManagedProcess = stub_backend(
                workdir, profile, access_seconds, test_controls=test_controls
            )
            self.api_settings: Mapping[str, str] = {}
        else:
            self.backend = real_backend(workdir, family, access_seconds or 900)
            self.api_settings = family.app_settings
        self.is_stub = family is None
        self.under_prefix = under_prefix
        self._exits = ExitStack()
        self.app: ManagedProcess | None = None
        self.neighbour: ManagedProcess | None = None
        self.tokens: TokenLog | None = None
        self.app_clock = AppClock(workdir / "app-clock")

    @property
    def processes(self) -> list[ManagedProcess]:
        candidates = (self.backend, self.app, self.neighbour)
        return [process for process in candidates if process is not None]

    def launch(self) -> None:
        self.backend.launch()
        self._exits.callback(self.backend.stop)
        tap_url, self.tokens = self._exits.enter_context(recording_tap(self.backend.url))
        prefix = APP_PREFIX if self.under_prefix else ""
        self.app = streamlit_app(
            self.workdir, tap_url, self.app_clock, base_path=prefix, settings=self.api_settings
        )
        self.app.launch()
        self._exits.callback(self.app.stop)
        if self.under_prefix:
            self.neighbour = streamlit_app(
                self.workdir,
                self.backend.url,
                base_path=NEIGHBOUR_PREFIX,
                name="neighbour",
                settings=self.api_settings,
            )
            self.neighbour.launch()
            self._exits.callback(self.neighbour.stop)

    def deployment(self) -> Deployment:
        """Wait until the servers answer; where they are."""
        assert self.app is not None, "launch() first"
        for process in self.processes:
            process.wait_until_healthy()
        app_url, neighbour_url = self.app.url, None
        if self.under_prefix:
            proxy = self._start_prefix_proxy()
            app_url, neighbour_url = proxy + APP_PREFIX, proxy + NEIGHBOUR_PREFIX
        return Deployment(
            app_url,
            self.backend.url,
            self.backend if self.is_stub else None,
            self.tokens,
            self.app,
            self.app_clock,
            neighbour_url=neighbour_url,
            api_settings=self.api_settings,
        )

    def _start_prefix_proxy(self) -> str:
        assert self.app is not None
        assert self.neighbour is not None
        bind = f"127.0.0.1:{free_port()}"
        servers = {
            "HAPROXY_BIND": bind,
            "AUTH_DEMO_APP": self.app.url.removeprefix("http://"),
            "OTHER_APP": self.neighbour.url.removeprefix("http://"),
        }
        proxy = HAProxy(self.workdir, [PREFIX_PROXY_CONFIG], servers)
        self._exits.callback(proxy.stop)
        proxy.start(f"http://{bind}{APP_PREFIX}/_stcore/health")
        return f"http://{bind}"

    def stop(self) -> None:
        self._exits.close()

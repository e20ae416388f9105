"""The stub backend and the app as subprocesses on free loopback ports, with their logs kept.

Each xdist worker starts its own pair (session-scoped fixtures are per worker), so tests that
move the stub's clock or stop the backend only ever disturb their own worker.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from app.base_path import ENV_VAR as BASE_PATH_VARIABLE
from e2e.app_clock import AppClock
from e2e.daemons import HAProxy
from e2e.families import FAMILIES, Family
from e2e.tap import TokenLog, recording_tap
from testbed import (
    REPO,
    ServerProcess,
    app_settings,
    free_port,
    python_module,
    stub_settings,
)

# What every app the suite starts runs with, beside harness.app_settings: a backend that
# hangs fails a scenario in seconds, not in the app's default wait; a file over the upload
# limit is 2 MB, not 11, for the browser to hand over.
SUITE_APP_SETTINGS = {"API_TIMEOUT_SECONDS": "5", "APP_UPLOAD_LIMIT_MB": "1"}
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
    stub: ServerProcess | None = None
    tokens: TokenLog | None = None
    app: ServerProcess | None = None
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


def stub_backend(
    workdir: Path,
    profile: str = "full",
    access_seconds: float | None = None,
    *,
    test_controls: bool = True,
    api_prefix: str | None = None,
) -> ServerProcess:
    """The stub on a free port; `profile` is STUB_PROFILE: `full`, or `minimal` (only what the
    seed's backend offers: four auth endpoints and five claims). Without `test_controls` its
    clock cannot be moved, as a real backend's cannot. `api_prefix`: where its API answers
    (STUB_API_PREFIX; None: the seed's /api/v1)."""
    port = free_port()
    settings = stub_settings(
        port,
        db_path=workdir / "stub.sqlite3",
        test_controls=test_controls,
        STUB_PROFILE=profile,
        JWT_SECRET=secrets.token_urlsafe(48),
    )
    if api_prefix is not None:
        settings["STUB_API_PREFIX"] = api_prefix
    settings.update(
        _lifetime("ACCESS_TOKEN_EXPIRE_MINUTES", access_seconds and access_seconds / 60)
    )
    command = python_module("stub_backend")
    return ServerProcess.local("stub-backend", command, settings, workdir, port, "/healthz")


def real_backend(workdir: Path, family: Family, access_seconds: float) -> ServerProcess:
    """One of the FastAPI auth backends people run (tests/backends/), on a free port."""
    port = free_port()
    settings = {
        "BACKEND_HOST": "127.0.0.1",
        "BACKEND_PORT": str(port),
        "BACKEND_DB_PATH": str(workdir / f"{family.name}.sqlite3"),
        "BACKEND_JWT_SECRET": secrets.token_urlsafe(48),
        "BACKEND_ACCESS_TOKEN_SECONDS": str(access_seconds),
    }
    command = python_module(family.module)
    return ServerProcess.local(family.name, command, settings, workdir, port, "/healthz")


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
) -> ServerProcess:
    """The app on a free port; under `base_path` (Streamlit's server.baseUrlPath) when given.
    Its `url` is the server's root, without the prefix."""
    port = free_port()
    own = app_settings(
        port,
        api_base_url,
        secret=secrets.token_urlsafe(48),
        data_dir=workdir / f"{name}-data",
        **SUITE_APP_SETTINGS,
        **(settings or {}),
    )
    if base_path:
        own[BASE_PATH_VARIABLE] = base_path
    health = base_path + "/_stcore/health"
    server = ServerProcess.local(name, python_module("app"), own, workdir, port, health)
    if clock is not None:
        server.env.update(clock.environment(server.env["PYTHONPATH"]))
    return server


class LocalStack:
    """This worker's own backend, tap and app: launched as early as pytest configures, so they
    boot while the browser starts and the tests are collected.

    `backend`: "stub" (STUB_PROFILE `profile`), or one of the real families of
    tests/backends/families.py, with the app given that family's settings.
    `access_seconds`: the backend's access token lifetime (None: its default).
    `test_controls`: the stub's test controls, its movable clock among them (on by default).
    `api_prefix`: the stub's API under this prefix instead of /api/v1, the app told so
    (API_PREFIX), as a staging backend under another prefix would be.
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
        api_prefix: str | None = None,
    ) -> None:
        self.workdir = workdir
        family = FAMILIES.get(backend)
        if family is None:
            self.backend: ServerProcess = stub_backend(
                workdir, profile, access_seconds, test_controls=test_controls, api_prefix=api_prefix
            )
            self.api_settings: Mapping[str, str] = (
                {} if api_prefix is None else {"API_PREFIX": api_prefix}
            )
        else:
            self.backend = real_backend(workdir, family, access_seconds or 900)
            self.api_settings = family.app_settings
        self.is_stub = family is None
        self.under_prefix = under_prefix
        self._exits = ExitStack()
        self.app: ServerProcess | None = None
        self.neighbour: ServerProcess | None = None
        self.tokens: TokenLog | None = None
        self.app_clock = AppClock(workdir / "app-clock")

    @property
    def processes(self) -> list[ServerProcess]:
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
            process.wait_until_ready()
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
        health = f"http://{bind}{APP_PREFIX}/_stcore/health"
        proxy = HAProxy(self.workdir, [PREFIX_PROXY_CONFIG], servers, health)
        self._exits.callback(proxy.stop)
        proxy.start()
        return f"http://{bind}"

    def stop(self) -> None:
        self._exits.close()

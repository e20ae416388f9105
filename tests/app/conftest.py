"""Fixtures for the app's AppTest checks: a real stub backend and the app pointed at it."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
import streamlit as st
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from streamlit import config
from streamlit.navigation.page import StreamlitPage

from app import base_path
from app import browser as browser_module
from app.auth import tokens
from app.auth.routes import ROUTES
from app.backend import BackendClient
from app.services import reset_services
from tests.app.harness import AppDriver, Browser
from tests.loopback import serving
from tests.stub_server import StubServer, running_stub

APP_SECRET = "tests-only-app-secret-7c1e9a3b5d2f4e6a8c0b1d3f5a7e9c2b"
PASSWORD = "correct horse battery"
# The stub gives this account the role `admin` (STUB_ADMIN_EMAILS).
ADMIN = "root@example.com"


@pytest.fixture
def stub(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[StubServer]:
    """The stub backend; `full` unless a test module parametrizes it (indirect) with `minimal`,
    the stand-in for a backend that offers only what the seed describes."""
    profile = getattr(request, "param", "full")
    # A throttled login waits 100 s, not 2: a slow machine's real seconds must not decide a test.
    with running_stub(
        tmp_path / "stub",
        stub_profile=profile,
        login_first_delay_seconds=100,
        stub_admin_emails=frozenset({ADMIN}),
    ) as server:
        yield server


@pytest.fixture
def app_env(
    stub: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[StubServer]:
    """Point the app at the stub, with its own secret and data folder; fresh services."""
    monkeypatch.setenv("API_BASE_URL", stub.base_url)
    monkeypatch.setenv("APP_SECRET_KEY", APP_SECRET)
    monkeypatch.setenv("APP_DATA_DIR", str(tmp_path / "app-data"))
    monkeypatch.setenv("API_TIMEOUT_SECONDS", "5")
    monkeypatch.delenv("APP_DEBUG_SHOW_TOKENS", raising=False)
    monkeypatch.delenv("APP_DEBUG_PAGE", raising=False)
    reset_services()
    yield stub
    reset_services()


@pytest.fixture
def app_routes(app_env: StubServer) -> Iterator[str]:
    """The app's own cookie routes, served over real HTTP in this process."""
    routes = Starlette(routes=[*ROUTES, Route("/health", lambda _: PlainTextResponse("ok"))])
    with serving(routes, name="app-routes", health_path="/health") as base_url:
        yield base_url


@pytest.fixture
def browser(app_routes: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """The browser every new tab (AppDriver) sends its cookies from."""
    with httpx.Client(base_url=app_routes, timeout=10) as client:
        profile = Browser(client)
        monkeypatch.setattr(browser_module, "request_cookies", profile.cookies)
        yield profile


@pytest.fixture
def tab(browser: Browser) -> AppDriver:
    return AppDriver(browser).settle()


class TimeTravel:
    """Moves the backend's test clock and the app's clock forward together."""

    def __init__(self, stub: StubServer, monkeypatch: pytest.MonkeyPatch) -> None:
        self._stub = stub
        self._offset = 0.0
        monkeypatch.setattr(tokens, "local_time", lambda: time.time() + self._offset)

    def advance(self, seconds: float, *, app_clock: bool = True) -> None:
        self._stub.advance_clock(seconds)
        if app_clock:
            self._offset += seconds


@pytest.fixture
def time_travel(app_env: StubServer, monkeypatch: pytest.MonkeyPatch) -> TimeTravel:
    return TimeTravel(app_env, monkeypatch)


@pytest.fixture
def debug_for_everyone(app_env: StubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """APP_DEBUG_PAGE=everyone: the Debug page for any signed-in account, not only admins."""
    monkeypatch.setenv("APP_DEBUG_PAGE", "everyone")
    reset_services()


@pytest.fixture
def user(app_env: StubServer) -> str:
    """An account that exists on the backend."""
    email = "alice@example.com"
    response = httpx.post(
        f"{app_env.base_url}/api/v1/auth/register", json={"email": email, "password": PASSWORD}
    )
    response.raise_for_status()
    return email


@pytest.fixture
def admin(app_env: StubServer) -> str:
    """An account the backend gives the role `admin`."""
    response = httpx.post(
        f"{app_env.base_url}/api/v1/auth/register", json={"email": ADMIN, "password": PASSWORD}
    )
    response.raise_for_status()
    return ADMIN


@pytest.fixture
def menu(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The titles the menu showed, per run: the visible pages passed to st.navigation."""
    shown: list[list[str]] = []
    original = st.navigation

    def recording(pages: Sequence[StreamlitPage], **kwargs: Any) -> StreamlitPage:
        hidden = kwargs.get("position") == "hidden"
        shown.append([] if hidden else [p.title for p in pages if p.visibility == "visible"])
        return original(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    return shown


@pytest.fixture
def backend_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every request the app makes to the backend, by method and path."""
    calls: Counter[str] = Counter()
    original = BackendClient._request

    def counted(self: BackendClient, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        calls[f"{method} {path}"] += 1
        return original(self, method, path, *args, **kwargs)

    monkeypatch.setattr(BackendClient, "_request", counted)
    return calls


@pytest.fixture
def prefix() -> Iterator[str]:
    """Streamlit's option set as `streamlit run --server.baseUrlPath=/tools/auth/` would."""
    before = config.get_option(base_path.OPTION)
    config.set_option(base_path.OPTION, "/tools/auth/")
    yield "/tools/auth"
    config.set_option(base_path.OPTION, before)


def log_out_everywhere_elsewhere(stub: StubServer, email: str) -> None:
    """Another browser logs in as `email` at the backend and logs out everywhere."""
    form = {"username": email, "password": PASSWORD}
    elsewhere = httpx.post(f"{stub.base_url}/api/v1/auth/login", data=form).json()
    httpx.post(
        f"{stub.base_url}/api/v1/auth/logout-all",
        headers={"Authorization": f"Bearer {elsewhere['access_token']}"},
    ).raise_for_status()

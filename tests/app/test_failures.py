"""A backend that is down, slow or failing gives a sentence, never a traceback, and the app
works again once the backend is back."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.services import reset_services
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver
from tests.loopback import serving
from tests.stub_server import StubServer


def point_app_at(monkeypatch: pytest.MonkeyPatch, base_url: str, timeout: float = 5) -> None:
    monkeypatch.setenv("API_BASE_URL", base_url)
    monkeypatch.setenv("API_TIMEOUT_SECONDS", str(timeout))
    reset_services()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there once the probe is closed


async def _slow(_: Request) -> Response:
    await asyncio.sleep(3)
    return JSONResponse({})


async def _broken(_: Request) -> Response:
    return JSONResponse({"detail": "boom"}, status_code=500)


async def _healthy(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


def failing_backend(handler: object) -> Starlette:
    return Starlette(
        routes=[
            Route("/healthz", _healthy),
            Route("/api/v1/{path:path}", handler, methods=["GET", "POST", "DELETE"]),  # type: ignore[arg-type]
        ]
    )


@pytest.fixture
def slow_backend() -> Iterator[str]:
    with serving(failing_backend(_slow), name="slow-backend", health_path="/healthz") as url:
        yield url


@pytest.fixture
def broken_backend() -> Iterator[str]:
    with serving(failing_backend(_broken), name="broken-backend", health_path="/healthz") as url:
        yield url


def test_login_with_the_backend_down_says_so_and_works_once_it_is_back(
    tab: AppDriver, user: str, app_env: StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(monkeypatch, closed_port_url())
    tab.log_in(user, PASSWORD)
    assert tab.texts("error") == ["The server cannot be reached. Please try again in a moment."]
    assert tab.title == "Log in"
    point_app_at(monkeypatch, app_env.base_url)
    tab.log_in(user, PASSWORD)
    assert tab.title == "Home"


def test_a_slow_backend_times_out_with_a_sentence(
    tab: AppDriver, user: str, slow_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(monkeypatch, slow_backend, timeout=0.5)
    tab.log_in(user, PASSWORD)
    assert tab.texts("error") == [
        "The server took too long to answer. Please try again in a moment."
    ]


def test_a_backend_5xx_is_explained_without_its_body(
    tab: AppDriver, user: str, broken_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(monkeypatch, broken_backend)
    tab.log_in(user, PASSWORD)
    assert tab.texts("error") == [
        "The server had a problem (HTTP 500). Please try again in a moment."
    ]


def test_the_documents_page_stays_usable_while_the_backend_is_down(
    tab: AppDriver, app_env: StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(monkeypatch, closed_port_url())
    tab.go_to("documents")
    assert tab.texts("error") == ["The server cannot be reached. Please try again in a moment."]
    point_app_at(monkeypatch, app_env.base_url)
    tab.click("documents_retry")
    assert tab.texts("error") == []
    assert tab.texts("info") == ["No documents yet. Upload one above."]


def test_a_signed_in_page_survives_the_backend_going_down(
    tab: AppDriver, user: str, app_env: StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab.log_in(user, PASSWORD)
    point_app_at(monkeypatch, closed_port_url())
    tab.go_to("documents")
    assert tab.texts("error") == ["The server cannot be reached. Please try again in a moment."]
    assert "Authenticated" in tab.sidebar_text()

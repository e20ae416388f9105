"""Under Streamlit's `server.baseUrlPath` the app's routes, the URLs its page calls, and its
cookies' Path all carry the prefix, however the prefix is set and however the app starts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from app import base_path
from app.auth import cookies
from app.auth.binding import BINDING_COOKIE, BrowserBinding
from app.auth.builtin import download_url
from app.settings import path_prefix
from testbed import REPO, ServerProcess, free_port
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver, Browser
from tests.loopback import serving

SECRET = "tests-only-app-secret-7c1e9a3b5d2f4e6a8c0b1d3f5a7e9c2b"
START_TIMEOUT_SECONDS = 90.0  # Streamlit's imports on a loaded 2-core machine
# How a server is started: (its argv after the interpreter, its environment), for a work
# folder and a port.
Start = Callable[[Path, int], tuple[list[str], dict[str, str]]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ""), (None, ""), ("/", ""), ("sub", "/sub"), ("/sub/", "/sub"), (" a/b ", "/a/b")],
)
def test_any_spelling_of_the_option_is_one_prefix(value: object, expected: str) -> None:
    assert path_prefix(value) == expected


def test_without_a_prefix_everything_stays_at_the_root() -> None:
    assert base_path.under("/api/session/refresh") == "/api/session/refresh"
    assert base_path.cookie_path() == "/"


def test_the_page_downloads_and_calls_under_the_prefix(prefix: str) -> None:
    assert download_url("doc 1") == f"{prefix}/api/session/documents/doc%201/content"
    assert base_path.under("/api/session/refresh") == f"{prefix}/api/session/refresh"


def test_the_app_cookies_are_scoped_to_the_prefix(prefix: str) -> None:
    response = Response()
    cookies.set_cookie(response, cookies.LOGIN_COOKIE, "sealed", 60, secure=False)
    cookies.clear_cookie(response, cookies.ANON_COOKIE, secure=False)
    headers = response.headers.getlist("set-cookie")
    assert all(f"Path={prefix};" in header for header in headers), headers


def test_a_route_under_the_prefix_leaves_the_pages_beside_it_alone(prefix: str) -> None:
    async def route(_: Request) -> Response:
        return PlainTextResponse("route")

    async def page(_: Request) -> Response:
        return PlainTextResponse("page")

    served = Starlette(
        routes=[
            base_path.UnderBasePath("/api/session/refresh", route, methods=["POST"]),
            Route(prefix + "/{rest:path}", page),
        ]
    )
    with serving(served, name="prefixed", health_path=f"{prefix}/health") as url:
        assert httpx.post(f"{url}{prefix}/api/session/refresh").text == "route"
        assert httpx.post(f"{url}/api/session/refresh").status_code == 404
        assert httpx.get(f"{url}{prefix}/documents").text == "page"


def test_the_binding_cookie_is_given_to_pages_under_the_prefix_only(prefix: str) -> None:
    async def anything(_: Request) -> Response:
        return PlainTextResponse("ok")

    served = Starlette(routes=[Route("/{rest:path}", anything)])
    served.add_middleware(BrowserBinding)
    with serving(served, name="binding", health_path=f"{prefix}/_stcore/health") as url:
        page = httpx.get(f"{url}{prefix}/documents")
        assert f"Path={prefix};" in page.headers["set-cookie"]
        for path in (f"{prefix}/_stcore/health", "/documents", "/tools/authx/"):
            given = httpx.get(url + path).headers.get("set-cookie", "")
            assert BINDING_COOKIE not in given, path


def test_a_login_is_stored_through_the_routes_under_the_prefix(
    prefix: str, browser: Browser, user: str
) -> None:
    """The page's bridge calls the app's routes under the prefix, and the login holds."""
    tab = AppDriver(browser).settle()
    tab.log_in(user, PASSWORD, settle=False)
    urls = [call["url"] for call in tab.bridge_calls()]
    assert urls, "the login asked the page for no call"
    assert all(url.startswith(f"{prefix}/api/session/") for url in urls), urls
    tab.settled()
    assert cookies.LOGIN_COOKIE in browser.cookies()
    assert user in AppDriver(browser).settle().sidebar_text().replace("\\", "")  # a reload


# ---- a real server, started each supported way ----------------------------------------------


def _server(argv: list[str], env: dict[str, str], workdir: Path, port: int) -> ServerProcess:
    """The app's server as `argv` (after the interpreter) starts it, health-polled under the
    prefix; it asks no backend, so none runs."""
    settings = {
        "APP_SECRET_KEY": SECRET,
        "APP_DATA_DIR": str(workdir / "data"),
        "API_BASE_URL": "http://127.0.0.1:9",
        **env,
    }
    command, health = [sys.executable, *argv], "/tools/auth/_stcore/health"
    return ServerProcess.local(
        "app", command, settings, workdir, port, health, START_TIMEOUT_SECONDS
    )


def _python_m_app_with_the_variable(tmp_path: Path, port: int) -> tuple[list[str], dict[str, str]]:
    return ["-m", "app"], {"APP_PORT": str(port), base_path.ENV_VAR: "tools/auth"}


def _python_m_app_with_a_config_file(tmp_path: Path, port: int) -> tuple[list[str], dict[str, str]]:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text('[server]\nbaseUrlPath = "/tools/auth"\n')
    return ["-m", "app"], {"APP_PORT": str(port)}


def _streamlit_run_with_the_flag(tmp_path: Path, port: int) -> tuple[list[str], dict[str, str]]:
    argv = ["-m", "streamlit", "run", str(REPO / "app" / "asgi.py")]
    argv += ["--server.port", str(port), "--server.headless", "true"]
    return [*argv, "--server.baseUrlPath", "tools/auth"], {}


@pytest.mark.parametrize(
    "start",
    [
        _python_m_app_with_the_variable,
        _python_m_app_with_a_config_file,
        _streamlit_run_with_the_flag,
    ],
)
def test_the_server_serves_its_routes_and_cookies_under_the_prefix(
    start: Start, tmp_path: Path
) -> None:
    port = free_port()
    argv, env = start(tmp_path, port)
    server = _server(argv, env, tmp_path, port)
    origin = server.url
    own_origin = {"Origin": origin}
    try:
        server.start()
        with httpx.Client(base_url=origin, timeout=10) as client:
            page = client.get("/tools/auth/")
            assert page.status_code == 200
            assert "Path=/tools/auth;" in page.headers["set-cookie"]
            answer = client.post(
                "/tools/auth/api/session/refresh", json={"nonce": "n-1"}, headers=own_origin
            )
            assert answer.status_code == 200, answer.text
            assert "outcome" in answer.json()
            root = client.post("/api/session/refresh", json={"nonce": "n-1"}, headers=own_origin)
            assert root.status_code == 404
    finally:
        server.stop()

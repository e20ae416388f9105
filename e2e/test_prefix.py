"""Where the page's requests go, and two apps on one host under different path prefixes behind
a proxy that forwards only those prefixes (deploy/haproxy-prefix.cfg): each keeps its own
login. The two-app scenarios run with `--under-prefix` (`nox -s prefix`), where the whole
suite also runs through that proxy."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, Request

from e2e import runs, ui
from e2e.api import Backend
from e2e.servers import Deployment


@pytest.fixture
def neighbour(deployment: Deployment) -> str:
    """The other app's URL, under its own prefix of the same host."""
    if deployment.neighbour_url is None:
        pytest.skip("needs the app under a prefix beside a second app: pytest --under-prefix")
    return deployment.neighbour_url


def test_a_second_app_under_another_prefix_keeps_its_own_login(
    context: BrowserContext,
    page: Page,
    user: str,
    password: str,
    backend: Backend,
    neighbour: str,
) -> None:
    """Signed in to one app, the browser is not signed in to the app under the other prefix;
    signing in and out there leaves the first login as it was."""
    ui.log_in(page, user, password)

    other = context.new_page()
    runs.open_page(other, neighbour + "/")
    ui.expect_signed_out(other)

    someone_else = f"e2e-{uuid.uuid4().hex[:12]}@example.org"
    backend.register(someone_else, password)
    ui.log_in(other, someone_else, password)
    runs.reload(page)
    ui.expect_signed_in(page, user)
    runs.reload(other)
    ui.expect_signed_in(other, someone_else)

    ui.log_out(other)
    ui.expect_signed_out(other)
    runs.reload(page)
    ui.expect_signed_in(page, user)


def test_the_proxy_forwards_only_the_prefixes(deployment: Deployment, neighbour: str) -> None:
    """The host's root is not the app: only /auth-demo/ and /other-app/ reach an app."""
    for path in ("/", "/_stcore/health", "/api/session/refresh"):
        assert httpx.get(deployment.origin + path).status_code == httpx.codes.NOT_FOUND, path
    assert httpx.get(neighbour + "/_stcore/health").status_code == httpx.codes.OK


def test_the_page_asks_nothing_outside_the_app(
    context: BrowserContext, user: str, password: str, deployment: Deployment
) -> None:
    """Login, reload and logout: every request the page makes goes to the app, under its
    prefix if it has one; none to another site (which would learn who visits)."""
    asked: list[str] = []

    def remember(request: Request) -> None:
        asked.append(request.url)

    context.on("request", remember)
    page = context.new_page()
    runs.open_page(page)
    ui.log_in(page, user, password)
    runs.reload(page)
    ui.expect_signed_in(page, user)
    ui.log_out(page)
    ui.expect_signed_out(page)

    network = [url for url in asked if not url.startswith(("blob:", "data:"))]
    outside = [url for url in network if not url.startswith(deployment.app_url + "/")]
    assert not outside, f"asked outside {deployment.app_url}/: {outside}"
    assert any("/api/session/" in url for url in network), "the page called none of the routes"

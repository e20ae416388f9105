"""Two app processes with one APP_SECRET_KEY and no affinity: the page's calls to the app's
routes reach the other process than its WebSocket, and the login still holds through login,
reload, refresh and logout (nothing is kept in a process in between)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from e2e import runs, ui
from e2e.api import Backend
from e2e.servers import Deployment
from e2e.session_cookie import expired
from testbed import ServerProcess, free_port, http_ok, python_module


@pytest.fixture(scope="module")
def second_app(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another process of the same app: same secret and backend, its own data directory, and
    the first one's origin as its public origin (as replicas behind one address have)."""
    first = deployment.app
    if first is None:
        pytest.skip("a second app process needs the app the suite started")
    workdir: Path = tmp_path_factory.mktemp("second-app")
    port = free_port()
    env = {
        **first.env,
        "APP_PORT": str(port),
        "APP_DATA_DIR": str(workdir / "app-data"),
        "APP_PUBLIC_ORIGIN": deployment.origin,
    }
    url = f"http://127.0.0.1:{port}"
    health = deployment.base_path + "/_stcore/health"  # under the same prefix as the first
    process = ServerProcess("app-2", python_module("app"), env, workdir, http_ok(url + health), url)
    process.start()
    yield url + deployment.base_path
    process.stop()


@pytest.fixture
def routed_elsewhere(page: Page, second_app: str, deployment: Deployment) -> list[str]:
    """Send every call the page makes to the app's routes to the second process instead."""
    served: list[str] = []

    def to_second_app(route: Route) -> None:
        path = route.request.url.removeprefix(deployment.app_url)
        served.append(path)
        route.fulfill(response=route.fetch(url=second_app + path))

    page.route("**/api/session/**", to_second_app)
    return served


def test_a_login_holds_when_the_routes_are_served_by_another_process(
    context: BrowserContext,
    page: Page,
    user: str,
    password: str,
    deployment: Deployment,
    controls: Backend,
    routed_elsewhere: list[str],
) -> None:
    """Login, reload, a refresh of an expired token and logout all work when the page's calls
    to the app's routes reach another process than its WebSocket."""
    ui.log_in(page, user, password)
    assert routed_elsewhere, "the login cookie was stored by the other process"

    runs.reload(page)
    ui.expect_signed_in(page, user)

    expired(context, deployment)
    before = len(routed_elsewhere)
    runs.reload(page)
    ui.expect_signed_in(page, user)
    assert len(routed_elsewhere) > before, "the restore's refresh went to the other process"

    ui.log_out(page)
    ui.expect_signed_out(page)
    assert [session["revoked"] for session in controls.sessions(user)].count(True) == 1

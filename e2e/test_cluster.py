"""Three app replicas behind HAProxy, sharing Redis: faults a person must not notice.

Run by `nox -s cluster` (`pytest -p e2e.cluster e2e`, see e2e/cluster.py); skipped otherwise.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from e2e import runs, ui
from e2e.api import Backend, Lifetimes
from e2e.cluster import ROUNDROBIN_BACKEND, Cluster, running

# What the browser sees of the app: its route that stores cookies, and its binding cookie.
COOKIES_ROUTE = "/api/session/cookies"
BINDING_COOKIE = "stauth_browser"
TICKET_LIFETIME_SECONDS = 30.0
RECONNECT_TIMEOUT_MS = 45_000


@pytest.fixture
def cluster(pytestconfig: pytest.Config) -> Iterator[Cluster]:
    """The running cluster; every replica is running again after the test."""
    started = running(pytestconfig)
    yield started
    started.restore()


def _is_stream(socket: Any) -> bool:
    return "/_stcore/stream" in str(socket.url)


def expect_unharmed(page: Page, email: str) -> None:
    """Signed in, no error and no traceback on the page."""
    ui.expect_signed_in(page, email)
    expect(ui.error(page)).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def restart_under(cluster: Cluster, name: str, pages: Sequence[Page], *, kill: bool) -> None:
    """Kill or replace a replica; the pages it served reconnect (to another one) and settle."""
    served = [page for page in pages if cluster.serving(page.context) == name]
    with ExitStack() as reconnects:
        for page in served:
            reconnects.enter_context(
                page.expect_websocket(_is_stream, timeout=RECONNECT_TIMEOUT_MS)
            )
        if kill:
            cluster.kill(name)
        else:
            cluster.replace(name)
    for page in served:
        runs.settle(page)
        assert cluster.serving(page.context) != name or not kill


def rolling_restart(
    cluster: Cluster, pages: Sequence[Page], between: Callable[[], None] = lambda: None
) -> None:
    for name in cluster.names:
        restart_under(cluster, name, pages, kill=False)
        between()


def _sign_in_elsewhere(
    new_context: CreateContextCallback, backend: Backend, password: str, replica: str, c: Cluster
) -> tuple[Page, str]:
    email = f"e2e-{uuid.uuid4().hex[:12]}@example.org"
    backend.register(email, password)
    context = new_context()
    c.send_to(context, replica)
    page = context.new_page()
    runs.open_page(page)
    ui.log_in(page, email, password)
    ui.expect_signed_in(page, email)
    return page, email


@pytest.mark.needs("documents")
def test_killing_the_replica_serving_a_person_keeps_them_signed_in(
    cluster: Cluster, context: BrowserContext, page: Page, user: str, password: str
) -> None:
    """The replica serving a signed-in person dies: their next action works, no password asked,
    their documents still there."""
    ui.log_in(page, user, password)
    ui.upload(page, "kept.txt", b"still here")
    ui.go_to(page, "Home")
    serving = cluster.serving(context)

    restart_under(cluster, serving, [page], kill=True)
    assert cluster.serving(context) != serving
    ui.go_to(page, "Documents")

    ui.expect_document(page, "kept.txt")
    expect_unharmed(page, user)


def test_a_rolling_restart_logs_nobody_out(
    cluster: Cluster,
    new_context: CreateContextCallback,
    backend: Backend,
    controls: Backend,
    lifetimes: Lifetimes,
    password: str,
) -> None:
    """Every replica replaced in turn while three people are signed in, idle, then clicking,
    then past an access-token expiry: nobody is logged out, nobody sees an error."""
    people = [
        _sign_in_elsewhere(new_context, backend, password, name, cluster) for name in cluster.names
    ]
    pages = [page for page, _ in people]
    turn = iter(["Documents", "Home"] * 10)

    def everyone_clicks() -> None:
        target = next(turn)
        for page, email in people:
            ui.go_to(page, target)
            expect_unharmed(page, email)

    rolling_restart(cluster, pages)  # idle
    for page, email in people:
        expect_unharmed(page, email)
    rolling_restart(cluster, pages, between=everyone_clicks)  # active
    controls.advance_clock(lifetimes.access_seconds + 30)
    rolling_restart(cluster, pages, between=everyone_clicks)  # past an expiry

    for page, email in people:
        expect_unharmed(page, email)
        assert not [s for s in controls.sessions(email) if s["revoked"]], email


def test_two_tabs_on_two_replicas_share_expiries_and_a_logout(
    cluster: Cluster,
    context: BrowserContext,
    page: Page,
    user: str,
    password: str,
    controls: Backend,
    lifetimes: Lifetimes,
) -> None:
    """Two tabs of one login served by two replicas both survive two expiries; a logout in one
    is seen by the other at its next click, on Home, which asks the backend nothing."""
    ui.log_in(page, user, password)
    first = cluster.serving(context)
    second = next(name for name in cluster.names if name != first)
    cluster.send_to(context, second)
    other = context.new_page()
    runs.open_page(other)
    ui.expect_signed_in(other, user)

    for _ in range(2):
        controls.advance_clock(lifetimes.access_seconds + 30)
        for tab in (page, other):
            ui.go_to(tab, "Documents")
            expect_unharmed(tab, user)
    assert not [s for s in controls.sessions(user) if s["revoked"]]

    ui.log_out(other)
    ui.expect_signed_out(other)
    ui.go_to(page, "Home")

    ui.expect_signed_out(page)
    expect(ui.flash(page, "You have been logged out.")).to_be_visible()


def test_a_ticket_replayed_to_another_or_a_restarted_replica_is_refused(
    cluster: Cluster, context: BrowserContext, page: Page, user: str, password: str
) -> None:
    """A cookie ticket the browser redeemed, replayed with the same browser's binding cookie,
    is refused by every other replica and by the redeeming one after it was replaced."""
    redeemed: list[tuple[Any, int]] = []

    def keep(route: Route) -> None:
        response = route.fetch()
        redeemed.append((route.request.post_data_json, response.status))
        route.fulfill(response=response)

    page.route(f"**{COOKIES_ROUTE}", keep)
    ui.log_in(page, user, password)
    captured_at = time.monotonic()
    assert redeemed, "the login stored its cookie through the route"
    body, status = redeemed[-1]
    assert status == httpx.codes.OK, "the browser's own redemption worked"
    redeemer = cluster.serving(context)
    binding = next(c.get("value") for c in context.cookies() if c.get("name") == BINDING_COOKIE)

    def replay(name: str) -> int:
        url = cluster.replica_url(name)
        answer = httpx.post(
            url + COOKIES_ROUTE,
            json={"ticket": body["ticket"], "nonce": "replayed"},
            headers={"Origin": url},
            cookies={BINDING_COOKIE: str(binding)},
            timeout=10,
        )
        return answer.status_code

    for name in cluster.names:
        assert replay(name) == httpx.codes.BAD_REQUEST, f"{name} accepted a used ticket"
    cluster.replace(redeemer)
    assert replay(redeemer) == httpx.codes.BAD_REQUEST, "a new replica accepted a used ticket"
    # Refused as used, not as expired: the ticket's own lifetime had not run out.
    assert time.monotonic() - captured_at < TICKET_LIFETIME_SECONDS - 2


def test_round_robin_without_affinity_keeps_reload_and_refresh(
    cluster: Cluster,
    new_context: CreateContextCallback,
    user: str,
    password: str,
    controls: Backend,
    lifetimes: Lifetimes,
) -> None:
    """Behind round-robin with no affinity, so a page's calls land on any replica: login,
    reload, a refresh past an expiry and another reload all keep the person signed in."""
    before = _requests(cluster)
    page = new_context().new_page()
    runs.open_page(page, cluster.roundrobin_url + "/")
    ui.log_in(page, user, password)
    runs.reload(page)
    expect_unharmed(page, user)

    controls.advance_clock(lifetimes.access_seconds + 30)
    ui.go_to(page, "Documents")
    expect_unharmed(page, user)
    runs.reload(page)
    expect_unharmed(page, user)

    after = _requests(cluster)
    assert all(after[name] > before[name] for name in cluster.names), (before, after)
    assert sum(s["refresh_count"] for s in controls.sessions(user)) > 0, "no refresh happened"


def _requests(cluster: Cluster) -> dict[str, int]:
    """Requests HAProxy's round-robin backend has sent each replica so far."""
    servers = cluster.servers(ROUNDROBIN_BACKEND)
    return {name: int(servers[name]["stot"] or 0) for name in cluster.names}

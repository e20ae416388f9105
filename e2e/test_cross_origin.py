"""A page on another port of the same host cannot open a visitor's session: Streamlit accepts
its WebSocket, and the browser sends this host's cookies with it, but the app believes cookies
only alongside its own Origin. Nor can it plant cookies of its own: an attacker's validly sealed
login or anonymous cookie, written into the visitor's browser from another port, is not
believed there (it is bound to the attacker's browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Cookie, Page, expect

from app.auth import messages
from app.auth.cookies import ANON_COOKIE, LOGIN_COOKIE
from e2e import runs, ui
from e2e.daemons import HAPROXY_HTTP_DEFAULTS, DaemonError, HAProxy
from e2e.servers import Deployment
from testbed import free_port


def _haproxy_config(listen_port: int, app_host: str) -> str:
    # The other port's page talks to the app's server as the app's own host: only the Origin
    # header tells them apart, as for a page served by any other process on the machine.
    return (
        HAPROXY_HTTP_DEFAULTS
        + f"""
frontend other_port
    bind 127.0.0.1:{listen_port}
    default_backend app
backend app
    http-request set-header Host {app_host}
    server app {app_host}
"""
    )


@pytest.fixture(scope="module")
def other_port(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app's own pages (under its prefix, if any), served from another port of the host."""
    workdir: Path = tmp_path_factory.mktemp("other-port")
    port = free_port()
    config = workdir / "haproxy.cfg"
    config.write_text(_haproxy_config(port, urlsplit(deployment.app_url).netloc))
    url = f"http://127.0.0.1:{port}{deployment.base_path}"
    try:
        proxy = HAProxy(workdir, [config], {}, url + "/_stcore/health")
    except DaemonError as error:
        pytest.skip(str(error))
    try:
        proxy.start()
        yield url
    finally:
        proxy.stop()


@pytest.mark.needs("documents", "anonymous_sessions")
def test_a_page_on_another_port_cannot_open_an_anonymous_session(
    context: BrowserContext, page: Page, other_port: str
) -> None:
    """A page on another port of the host, talking to the app's WebSocket with the visitor's
    cookies, sees none of the visitor's anonymous documents."""
    ui.upload(page, "private-draft.txt", b"the visitor's own work")
    ui.expect_document(page, "private-draft.txt")

    attacker = context.new_page()
    runs.open_page(attacker, other_port + "/documents")
    expect(ui.heading(attacker, "Documents")).to_be_visible()
    expect(attacker.get_by_text("private-draft.txt")).to_have_count(0)
    ui.expect_document(page, "private-draft.txt")  # the visitor still has it


@pytest.mark.needs("documents")
def test_a_page_on_another_port_cannot_open_a_login(
    context: BrowserContext, page: Page, user: str, password: str, other_port: str
) -> None:
    """A page on another port of the host, with the visitor's login cookie, is not signed in."""
    ui.log_in(page, user, password)
    attacker = context.new_page()
    runs.open_page(attacker, other_port + "/documents")
    expect(attacker.get_by_text(user)).to_have_count(0)
    expect(ui.sidebar(attacker).get_by_text("Authenticated", exact=True)).to_have_count(0)


@pytest.fixture
def attacker(browser: Browser, deployment: Deployment) -> Iterator[Page]:
    """The attacker's own browser, on the app's own pages."""
    context = browser.new_context(base_url=deployment.pages_url)
    try:
        page = context.new_page()
        runs.open_page(page)
        yield page
    finally:
        context.close()


def _plant(victim: BrowserContext, other_port: str, cookie: Cookie) -> None:
    """What a page on another port of the host can do: write a cookie for the host, which the
    browser then sends to the app's port too (cookies do not tell ports apart)."""
    planter = victim.new_page()
    try:
        planter.goto(other_port + "/_stcore/health")
        path = cookie.get("path", "/")
        planter.evaluate(
            "([name, value, path]) => { document.cookie = `${name}=${value}; path=${path}`; }",
            [cookie.get("name"), cookie.get("value"), path],
        )
    finally:
        planter.close()
    assert any(c.get("value") == cookie.get("value") for c in victim.cookies()), "not planted"


def _cookie(page: Page, name: str) -> Cookie:
    [cookie] = [c for c in page.context.cookies() if c.get("name") == name]
    return cookie


def test_a_login_cookie_planted_from_another_port_signs_nobody_in(
    context: BrowserContext,
    page: Page,
    attacker: Page,
    user: str,
    password: str,
    other_port: str,
) -> None:
    """Login CSRF: the attacker's own login cookie, planted into the visitor's browser by a page
    on another port, does not sign the visitor in as the attacker; the visitor is told."""
    ui.log_in(attacker, user, password)
    ui.expect_signed_in(attacker, user)
    _plant(context, other_port, _cookie(attacker, LOGIN_COOKIE))
    runs.reload(page)
    ui.expect_signed_out(page)
    expect(ui.flash(page, messages.LOGIN_NOT_KEPT)).to_be_visible()
    expect(ui.sidebar(page).get_by_text(user)).to_have_count(0)


@pytest.mark.needs("documents", "anonymous_sessions")
def test_an_anonymous_cookie_planted_from_another_port_shares_no_documents(
    context: BrowserContext, page: Page, attacker: Page, other_port: str
) -> None:
    """The attacker's own anonymous cookie, planted by a page on another port: the visitor
    neither sees the attacker's documents nor uploads into the attacker's session."""
    ui.go_to(attacker, "Documents")
    ui.upload(attacker, "bait.txt", b"the attacker's")
    ui.expect_document(attacker, "bait.txt")
    _plant(context, other_port, _cookie(attacker, ANON_COOKIE))
    runs.open_page(page, "/documents")
    expect(ui.heading(page, "Documents")).to_be_visible()
    expect(page.get_by_text("bait.txt")).to_have_count(0)
    ui.upload(page, "private-draft.txt", b"the visitor's own work")
    ui.expect_document(page, "private-draft.txt")
    runs.reload(attacker)
    ui.expect_document(attacker, "bait.txt")
    expect(attacker.get_by_text("private-draft.txt")).to_have_count(0)


def test_junk_cookies_from_another_port_only_sign_the_visitor_out(
    context: BrowserContext, page: Page, user: str, password: str, other_port: str
) -> None:
    """400 junk cookies written by a page on another port: the visitor's next page shows no
    error, signed out where the browser evicted the app's cookies for them (which cookies a
    browser evicts, and when, varies), and a new login works and survives a reload."""
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    flooder = context.new_page()
    try:
        flooder.goto(other_port + "/_stcore/health")
        # Writing document.cookie does not wait for the browser's cookie store; reading it
        # does, after the writes before it: the count is of the cookies the browser holds.
        held = flooder.evaluate(
            """() => {
              for (let i = 0; i < 400; i++) document.cookie = `junk${i}=x; path=/`;
              return document.cookie.split("; ").filter((c) => c.startsWith("junk")).length;
            }"""
        )
    finally:
        flooder.close()
    assert held >= 100, f"the flood did not reach the browser: it holds {held} junk cookies"
    runs.reload(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    if ui.nav_link(page, "Log in").count():  # evicted: signed out, nothing worse
        ui.expect_signed_out(page)
        ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    runs.reload(page)
    ui.expect_signed_in(page, user)

"""Cookies a neighbour plants are not believed: the login and anonymous cookies count only
beside the binding cookie of the browser they were issued to, and under HTTPS only by their
`__Host-` names, which no page over plain HTTP and no sibling subdomain can set.

The planter here is an attacker with a browser of their own: their cookies are validly sealed
by this app, only issued to another browser."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import httpx
import pytest
from starlette.responses import Response

from app import browser as browser_module
from app.auth import cookies, messages
from app.auth.binding import BINDING_COOKIE
from app.auth.cookie_names import name
from app.services import reset_services
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver, Browser, binding_cookie


@pytest.fixture
def victim(app_routes: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """Another browser, with a binding cookie of its own; call `use` to open its tabs."""
    with httpx.Client(base_url=app_routes, timeout=10) as client:
        yield Browser(client)


def use(monkeypatch: pytest.MonkeyPatch, browser: Browser) -> Browser:
    """New tabs send this browser's cookies from now on."""
    monkeypatch.setattr(browser_module, "request_cookies", browser.cookies)
    return browser


def plant(victim: Browser, attacker: Browser, cookie_name: str) -> None:
    """The attacker's cookie, as their browser keeps it, written into the victim's browser (as
    a page on another port of the host can: cookies do not tell ports apart)."""
    [cookie] = [cookie for cookie in attacker.client.cookies.jar if cookie.name == cookie_name]
    victim.client.cookies.jar.set_cookie(cookie)


def test_a_planted_login_cookie_signs_nobody_in_and_is_told_and_cleared(
    tab: AppDriver, user: str, victim: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Login CSRF: the attacker's own login cookie, written into the victim's browser from
    another port of the host, does not sign the victim in as the attacker."""
    tab.log_in(user, PASSWORD)
    plant(victim, tab.browser, cookies.LOGIN_COOKIE)
    # What the person reads on landing (AppTest reruns the whole page for the bridge's call,
    # where a browser reruns only its fragment), then the call that forgets the cookie.
    page = AppDriver(use(monkeypatch, victim)).run()
    assert user not in page.sidebar_text().replace("\\", "")
    assert page.title == "Log in"
    assert messages.LOGIN_NOT_KEPT in page.texts("info")
    page.settled()
    assert cookies.LOGIN_COOKIE not in victim.cookies()  # forgotten, not kept in the jar


def test_a_planted_anonymous_cookie_shares_nothing_with_its_planter(
    tab: AppDriver, victim: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attacker's own anonymous cookie in the victim's browser: the victim does not see the
    attacker's documents, and the victim's upload does not land in the attacker's session."""
    tab.go_to("documents").upload("bait.txt", b"the attacker's")
    plant(victim, tab.browser, cookies.ANON_COOKIE)
    page = AppDriver(use(monkeypatch, victim)).settle().go_to("documents")
    assert page.document_names() == []
    page.upload("private.txt", b"the victim's")
    assert page.document_names() == ["private.txt"]
    assert AppDriver(use(monkeypatch, tab.browser)).settle().go_to(
        "documents"
    ).document_names() == ["bait.txt"]


def test_a_lost_binding_cookie_leaves_the_browser_signed_out_with_a_sentence(
    tab: AppDriver, user: str
) -> None:
    """A browser whose binding cookie was evicted (a flood of junk cookies) gets a new one from
    the next page; its login cookie, bound to the old one, is then a signed-out page that says
    so, not an error."""
    tab.log_in(user, PASSWORD)
    tab.browser.client.cookies.set(BINDING_COOKIE, "a-new-binding-cookie")
    page = AppDriver(tab.browser).run()
    assert page.title == "Log in"
    assert messages.LOGIN_NOT_KEPT in page.texts("info")


# ---- names under HTTPS ----------------------------------------------------------------------


@pytest.fixture
def over_https(app_env: object, browser: Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    """APP_COOKIE_SECURE=true, and the binding cookie the app's page then gives, by its
    `__Host-` name."""
    monkeypatch.setenv("APP_COOKIE_SECURE", "true")
    reset_services()
    secure_name = name(BINDING_COOKIE, secure=True)
    browser.client.cookies.jar.set_cookie(binding_cookie(secure_name, secrets.token_urlsafe(32)))


def test_secure_cookies_are_host_cookies_for_the_whole_host() -> None:
    response = Response()
    cookies.set_cookie(response, cookies.LOGIN_COOKIE, "sealed", 60, secure=True)
    cookies.clear_cookie(response, cookies.ANON_COOKIE, secure=True)
    set_login, clear_anon = response.headers.getlist("set-cookie")
    assert set_login.startswith("__Host-stauth_login=sealed;")
    assert clear_anon.startswith("__Host-stauth_anon=")
    for header in (set_login, clear_anon):
        assert "Path=/;" in header
        assert "Secure" in header
        assert "domain" not in header.lower()


def test_under_a_prefix_the_host_cookie_names_the_prefix(prefix: str) -> None:
    """`__Host-` cookies must have Path=/, so two apps under different prefixes tell theirs
    apart by name."""
    response = Response()
    cookies.set_cookie(response, cookies.LOGIN_COOKIE, "sealed", 60, secure=True)
    [header] = response.headers.getlist("set-cookie")
    assert header.startswith("__Host-stauth_login.tools.auth=sealed;")
    assert "Path=/;" in header
    assert name(cookies.LOGIN_COOKIE, secure=False) == "stauth_login"  # over HTTP: by Path


def test_under_https_a_plain_named_cookie_is_not_read(
    over_https: None, tab: AppDriver, user: str
) -> None:
    """A page over plain HTTP on another port can set `stauth_login` but not
    `__Host-stauth_login`: under HTTPS the plain name is never believed, even when the cookie
    in it is this browser's own."""
    tab.log_in(user, PASSWORD)
    jar = tab.browser.cookies()
    assert set(jar) >= {"__Host-stauth_login", "__Host-stauth_browser"}
    assert user in AppDriver(tab.browser).settle().sidebar_text().replace("\\", "")  # a reload
    own = jar["__Host-stauth_login"]
    tab.browser.client.cookies.clear()
    tab.browser.client.cookies.set("__Host-stauth_browser", jar["__Host-stauth_browser"])
    tab.browser.client.cookies.set("stauth_login", own)
    assert AppDriver(tab.browser).settle().title == "Log in"

"""Keep me signed in: unticked (the default), the login cookie is a session cookie, so the
login ends when the browser closes, and stays one when the app renews it; ticked, the browser
keeps the login for the cookie's lifetime, as before the choice existed."""

from __future__ import annotations

import time
from http.cookiejar import Cookie

from app.auth.cookies import LOGIN_COOKIE, LOGIN_COOKIE_MAX_AGE_SECONDS
from tests.app.conftest import PASSWORD, TimeTravel
from tests.app.harness import AppDriver, Browser
from tests.stub_server import StubServer

ACCESS_LIFETIME = 15 * 60


def login_cookie(browser: Browser) -> Cookie:
    (cookie,) = [cookie for cookie in browser.client.cookies.jar if cookie.name == LOGIN_COOKIE]
    return cookie


def close_the_browser(browser: Browser) -> None:
    """What closing the browser does to its cookies: the session cookies are gone."""
    for cookie in list(browser.client.cookies.jar):
        if cookie.expires is None:
            browser.client.cookies.jar.clear(cookie.domain, cookie.path, cookie.name)


def log_in(tab: AppDriver, email: str, *, keep: bool) -> AppDriver:
    if keep:
        tab.at.checkbox(key="login_keep").check()
    return tab.log_in(email, PASSWORD)


def test_unticked_the_login_ends_when_the_browser_closes(
    tab: AppDriver, browser: Browser, user: str
) -> None:
    assert not tab.at.checkbox(key="login_keep").value  # the default
    log_in(tab, user, keep=False)
    assert tab.title == "Home"
    assert "until you log out or close the browser" in tab.sidebar_text()
    assert login_cookie(browser).expires is None

    assert AppDriver(browser).settle().title == "Home"  # a reload keeps it
    close_the_browser(browser)
    assert AppDriver(browser).settle().title == "Log in"


def test_ticked_the_browser_keeps_the_login_after_it_closes(
    tab: AppDriver, browser: Browser, user: str
) -> None:
    log_in(tab, user, keep=True)
    assert "You stay logged in on this browser until you log out." in tab.sidebar_text()
    expires = login_cookie(browser).expires
    assert expires is not None
    assert expires > time.time() + LOGIN_COOKIE_MAX_AGE_SECONDS - 3600

    close_the_browser(browser)
    assert AppDriver(browser).settle().title == "Home"


def test_a_renewed_login_stays_what_the_person_chose(
    tab: AppDriver, browser: Browser, user: str, app_env: StubServer, time_travel: TimeTravel
) -> None:
    log_in(tab, user, keep=False)
    before = login_cookie(browser).value
    time_travel.advance(ACCESS_LIFETIME + 60)
    reloaded = AppDriver(browser).settle()
    assert reloaded.title == "Home"
    assert sum(session["refresh_count"] for session in app_env.sessions(user)) == 1
    renewed = login_cookie(browser)
    assert renewed.value != before  # set again by the refresh route
    assert renewed.expires is None

"""A login ended from another browser says so on a page that asks the backend nothing (Home):
such a page checks the login once nothing has vouched for it for APP_LOGIN_CHECK_SECONDS (a
sign-in, a renewal, the token a reload restores), never on every rerun."""

from __future__ import annotations

from collections import Counter

from tests.app.conftest import PASSWORD, TimeTravel, log_out_everywhere_elsewhere
from tests.app.harness import AppDriver, Browser
from tests.stub_server import StubServer

ENDED = "Your session was ended from another browser or device. Please log in again."
EVERY = 60.0  # the setting's default


def _expect_ended(tab: AppDriver) -> None:
    assert tab.title == "Log in"
    assert tab.texts("warning") == [ENDED]
    assert "Anonymous session" in tab.sidebar_text()


def test_home_opened_again_after_a_revoke_says_the_login_ended(
    tab: AppDriver, user: str, browser: Browser, app_env: StubServer, time_travel: TimeTravel
) -> None:
    tab.log_in(user, PASSWORD)
    log_out_everywhere_elsewhere(app_env, user)
    time_travel.advance(EVERY + 1)
    reloaded = AppDriver(browser).settle()  # the cookie's access token is still in date
    _expect_ended(reloaded)


def test_home_left_open_says_so_once_the_check_is_due(
    tab: AppDriver, user: str, app_env: StubServer, time_travel: TimeTravel
) -> None:
    tab.log_in(user, PASSWORD)
    log_out_everywhere_elsewhere(app_env, user)
    tab.settle()
    assert "Authenticated" in tab.sidebar_text()  # checked at the login, not again yet
    time_travel.advance(EVERY + 1)
    tab.settle()
    _expect_ended(tab)


def test_reruns_of_home_check_the_login_at_most_once_per_interval(
    tab: AppDriver,
    user: str,
    browser: Browser,
    time_travel: TimeTravel,
    backend_calls: Counter[str],
) -> None:
    tab.log_in(user, PASSWORD)
    reloaded = AppDriver(browser).settle()  # its token was issued just now: nothing to ask
    for _ in range(3):
        reloaded.run()
    assert backend_calls["GET /auth/me"] == 1, "once, at the login"
    time_travel.advance(EVERY + 1)
    for _ in range(3):
        reloaded.run()
    assert backend_calls["GET /auth/me"] == 2

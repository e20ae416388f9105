"""Refresh: early when the token is due, on a 401 when the backend says so, and the way back
to Log in when the login itself has expired."""

from __future__ import annotations

from app.auth.session import STATE_KEY
from tests.app.conftest import PASSWORD, TimeTravel
from tests.app.harness import AppDriver
from tests.stub_server import StubServer

ACCESS_LIFETIME = 15 * 60
REFRESH_LIFETIME = 7 * 24 * 3600


def access_token(tab: AppDriver) -> str:
    token: str = tab.at.session_state[STATE_KEY].login.token.token
    return token


def refresh_count(stub: StubServer, email: str) -> int:
    return sum(session["refresh_count"] for session in stub.sessions(email))


def test_a_token_inside_the_margin_is_refreshed_before_it_expires(
    tab: AppDriver, user: str, app_env: StubServer, time_travel: TimeTravel
) -> None:
    tab.log_in(user, PASSWORD)
    before = access_token(tab)
    time_travel.advance(ACCESS_LIFETIME - 30)  # inside the 60 s margin, not yet expired
    tab.settle()
    assert access_token(tab) != before
    assert refresh_count(app_env, user) == 1
    assert tab.title == "Home"
    assert "until you log out" in tab.sidebar_text()


def test_a_token_the_backend_refuses_is_refreshed_and_the_page_shown(
    tab: AppDriver, user: str, app_env: StubServer, time_travel: TimeTravel
) -> None:
    tab.log_in(user, PASSWORD)
    before = access_token(tab)
    # Only the backend's clock moves: the app believes its token is fresh until the 401.
    time_travel.advance(ACCESS_LIFETIME + 60, app_clock=False)
    tab.go_to("documents")
    assert tab.title == "Documents"
    assert tab.texts("info") == ["No documents yet. Upload one above."]
    assert access_token(tab) != before
    assert refresh_count(app_env, user) == 1


def test_an_action_refused_with_401_is_retried_once_after_the_refresh(
    tab: AppDriver, user: str, app_env: StubServer, time_travel: TimeTravel
) -> None:
    tab.log_in(user, PASSWORD).go_to("documents")
    time_travel.advance(ACCESS_LIFETIME + 60, app_clock=False)
    tab.upload("late.txt", b"uploaded after expiry")
    assert tab.document_names() == ["late.txt"]
    assert tab.texts("success") == ["Uploaded late.txt."]
    assert refresh_count(app_env, user) == 1


def test_an_expired_login_goes_back_to_log_in_with_the_flash(
    tab: AppDriver, user: str, time_travel: TimeTravel
) -> None:
    tab.log_in(user, PASSWORD)
    time_travel.advance(REFRESH_LIFETIME + 60)
    tab.settle()
    assert tab.title == "Log in"
    assert tab.texts("warning") == ["Your session has expired. Please log in again."]
    assert "Anonymous session" in tab.sidebar_text()
    assert "stauth_login" not in tab.browser.cookies()


def test_a_logout_in_another_tab_signs_this_one_out_at_its_next_action(
    tab: AppDriver, user: str
) -> None:
    tab.log_in(user, PASSWORD)
    other_tab = AppDriver(tab.browser).settle()
    other_tab.click("logout")
    tab.go_to("documents")
    # AppTest pins the page it was sent to, so the switch to Log in is the e2e suite's to see.
    assert "You have been logged out." in tab.texts("info")
    assert "Anonymous session" in tab.sidebar_text()
    assert tab.can_open("login")


def test_a_plain_rerun_refreshes_nothing(tab: AppDriver, user: str, app_env: StubServer) -> None:
    tab.log_in(user, PASSWORD)
    for _ in range(3):
        tab.settle()
    assert refresh_count(app_env, user) == 0

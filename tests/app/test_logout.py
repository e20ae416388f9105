"""Log out: revoked on the backend, cookie cleared, back on Log in with the flash message."""

from __future__ import annotations

import httpx
import jwt

from app.auth.session import STATE_KEY
from tests.app.conftest import PASSWORD, TimeTravel
from tests.app.harness import AppDriver, Browser
from tests.stub_server import StubServer

ACCESS_LIFETIME = 15 * 60


def revoked_sessions(stub: StubServer, email: str) -> list[bool]:
    return [session["revoked"] for session in stub.sessions(email)]


def test_logout_revokes_the_token_and_lands_on_log_in(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    tab.log_in(user, PASSWORD)
    captured = tab.at.session_state[STATE_KEY].login.token.token
    tab.click("logout", settle=False)
    assert tab.title == "Log in"
    assert tab.texts("info") == ["You have been logged out."]
    tab.settled()  # the page makes the logout call to the app's route
    me = httpx.get(
        f"{app_env.base_url}/api/v1/auth/me", headers={"Authorization": f"Bearer {captured}"}
    )
    assert me.status_code == httpx.codes.UNAUTHORIZED
    sid = jwt.decode(captured, options={"verify_signature": False})["sid"]
    revoked = {session["sid"]: session["revoked"] for session in app_env.sessions(user)}
    assert revoked[sid] is True


def test_logout_clears_the_login_cookie_so_a_reload_stays_signed_out(
    tab: AppDriver, user: str
) -> None:
    tab.log_in(user, PASSWORD).click("logout")
    assert "stauth_login" not in tab.browser.cookies()
    reloaded = AppDriver(tab.browser).settle()
    assert reloaded.title == "Log in"
    assert "Anonymous session" in reloaded.sidebar_text()


def test_the_flash_message_is_shown_once(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD).click("logout", settle=False)
    assert tab.texts("info") == ["You have been logged out."]
    tab.settled().settle()
    assert tab.texts("info") == []


def test_another_tab_is_signed_out_at_its_next_click_even_without_a_backend_call(
    tab: AppDriver, user: str
) -> None:
    tab.log_in(user, PASSWORD)
    other_tab = AppDriver(tab.browser).settle()
    assert other_tab.title == "Home"
    tab.click("logout")
    other_tab.settle()  # Home and the sidebar ask the backend nothing
    assert "Anonymous session" in other_tab.sidebar_text()
    assert other_tab.texts("info") == ["You have been logged out."]


def test_logout_after_an_idle_tab_outlived_its_token_still_revokes(
    tab: AppDriver, user: str, app_env: StubServer, time_travel: TimeTravel
) -> None:
    """The kept access token has expired: the route refreshes first, then revokes."""
    tab.log_in(user, PASSWORD)
    time_travel.advance(ACCESS_LIFETIME + 60)
    tab.click("logout")
    assert tab.title == "Log in"
    assert revoked_sessions(app_env, user).count(True) == 1  # the app's login, not the signup


def test_logout_revokes_when_only_the_backend_knows_the_token_expired(
    tab: AppDriver, user: str, app_env: StubServer, time_travel: TimeTravel
) -> None:
    """The app believes its token fresh; the backend refuses it: refresh, then revoke."""
    tab.log_in(user, PASSWORD)
    time_travel.advance(ACCESS_LIFETIME + 60, app_clock=False)
    tab.click("logout")
    assert revoked_sessions(app_env, user).count(True) == 1  # the app's login, not the signup


def test_a_login_cookie_copied_before_logout_signs_nobody_in_after_it(
    tab: AppDriver, user: str, app_routes: str, time_travel: TimeTravel
) -> None:
    tab.log_in(user, PASSWORD)
    copied = tab.browser.cookies()["stauth_login"]
    tab.click("logout")
    with httpx.Client(base_url=app_routes, timeout=10) as client:
        client.cookies.set("stauth_login", copied)
        thief = Browser(client)
        # A fresh access token in the copy: refused by the app's record of the logout.
        tab.browser.client.cookies.set("stauth_login", copied)
        assert AppDriver(tab.browser).settle().title == "Log in"
        # Past the access token's life: the refresh through the route is refused too.
        time_travel.advance(ACCESS_LIFETIME + 60)
        response = thief.client.post(
            "/api/session/refresh", json={"nonce": "n1"}, headers={"Origin": app_routes}
        )
        assert response.status_code == httpx.codes.OK
        assert "stauth_login=" in response.headers.get("set-cookie", "")
        assert (
            "Max-Age=0" in response.headers["set-cookie"] or '=""' in response.headers["set-cookie"]
        )

"""Log out: revoked on the backend, cookie cleared, back on Log in with the flash message."""

from __future__ import annotations

import httpx
import jwt

from app.auth import STATE_KEY
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver
from tests.stub_server import StubServer


def test_logout_revokes_the_token_and_lands_on_log_in(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    tab.log_in(user, PASSWORD)
    captured = tab.at.session_state[STATE_KEY].token.token
    tab.click("logout")
    assert tab.title == "Log in"
    assert tab.texts("info") == ["You have been logged out."]
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
    tab.log_in(user, PASSWORD).click("logout")
    assert tab.texts("info") == ["You have been logged out."]
    tab.settle()
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

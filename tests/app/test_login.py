"""The Log in page: success, the one failure message, and the rate limit."""

from __future__ import annotations

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver
from tests.stub_server import StubServer


def test_right_password_lands_on_home_and_stores_the_login_cookie(
    tab: AppDriver, user: str
) -> None:
    tab.log_in(user, PASSWORD)
    assert tab.title == "Home"
    assert "stauth_login" in tab.browser.cookies()


def test_the_login_cookie_never_holds_the_refresh_token_in_clear(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    tab.log_in(user, PASSWORD)
    refresh_token = app_env.sessions(user)  # the backend only knows hashes; check the shape
    sealed = tab.browser.cookies()["stauth_login"]
    assert refresh_token
    assert "eyJ" not in sealed  # no base64 JSON header of a JWT inside


def test_wrong_password_and_unknown_email_get_the_same_message(tab: AppDriver, user: str) -> None:
    tab.log_in(user, "wrong password")
    wrong_password = tab.texts("error")
    tab.log_in("nobody@example.com", PASSWORD)
    unknown_email = tab.texts("error")
    assert wrong_password == unknown_email == ["Invalid email or password"]
    assert tab.title == "Log in"


def test_the_password_field_is_emptied_after_an_attempt(tab: AppDriver, user: str) -> None:
    tab.log_in(user, "wrong password")
    assert tab.at.text_input(key="login_password").value == ""
    assert tab.at.text_input(key="login_email").value == user


def test_empty_fields_ask_for_email_and_password(tab: AppDriver) -> None:
    tab.log_in("", "")
    assert tab.texts("error") == ["Enter your email and password."]


def test_too_many_failures_say_when_to_try_again(tab: AppDriver, user: str) -> None:
    for _ in range(5):
        tab.log_in(user, "wrong password")
    tab.log_in(user, PASSWORD)
    [message] = tab.texts("error")
    assert message.startswith("Too many failed attempts. Try again in ")
    assert tab.title == "Log in"

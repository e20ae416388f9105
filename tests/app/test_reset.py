"""Forgot password: the request never says whether the email has an account; the emailed link's
token leaves the address on arrival, sets a new password once, and every session ends."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver
from tests.stub_server import StubServer

NEW_PASSWORD = "a brand new passphrase"
SENT = "If an account exists for this email, a reset link has been sent."


def outbox(stub: StubServer, email: str) -> list[str]:
    response = httpx.get(f"{stub.base_url}/api/v1/_test/outbox", params={"email": email})
    response.raise_for_status()
    return [message["reset_token"] for message in response.json()["messages"]]


def request_reset(tab: AppDriver, email: str) -> AppDriver:
    tab.at.text_input(key="reset_email").set_value(email)
    return tab.click("FormSubmitter:reset_request_form-Send reset link")


def open_link(tab: AppDriver, token: str) -> AppDriver:
    """What the emailed link does: /reset-password?token=…"""
    tab.at.query_params["token"] = token
    return tab.go_to("reset_password")


def set_password(tab: AppDriver, new: str, confirmation: str | None = None) -> AppDriver:
    tab.at.text_input(key="reset_new_password").set_value(new)
    tab.at.text_input(key="reset_confirmation").set_value(
        new if confirmation is None else confirmation
    )
    return tab.click("FormSubmitter:reset_confirm_form-Set new password", settle=False)


def test_forgot_password_opens_reset_password(tab: AppDriver) -> None:
    tab.click("login_forgot")
    assert tab.title == "Reset password"
    assert [widget.label for widget in tab.at.text_input] == ["Email"]


@pytest.mark.parametrize("known", [True, False], ids=["known email", "unknown email"])
def test_a_request_says_the_same_for_known_and_unknown_emails(
    tab: AppDriver, user: str, app_env: StubServer, known: bool
) -> None:
    email = user if known else "nobody@example.com"
    request_reset(tab.go_to("reset_password"), email)
    assert tab.texts("success") == [SENT]
    assert tab.texts("error") == []
    assert len(outbox(app_env, email)) == (1 if known else 0)


def test_the_link_sets_a_new_password_once_and_ends_every_session(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    request_reset(tab.go_to("reset_password"), user)
    [token] = outbox(app_env, user)
    open_link(tab, token)
    assert [widget.label for widget in tab.at.text_input] == [
        "New password",
        "Confirm new password",
    ]
    # The arrival's run rewrites the address bar in the browser (a script AppTest does not
    # run); the next run clears the query parameters themselves.
    assert any("replaceState" in str(node.proto.body) for node in tab.at.get("html"))
    set_password(tab, NEW_PASSWORD)
    assert "token" not in tab.at.query_params
    assert tab.title == "Log in"
    assert tab.texts("success") == ["Your password has been changed. Please log in."]
    tab.settled()
    assert all(session["revoked"] for session in app_env.sessions(user))
    assert tab.go_to("login").log_in(user, NEW_PASSWORD).title == "Home"


def test_a_used_link_says_so_on_opening_with_a_way_on(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    request_reset(tab.go_to("reset_password"), user)
    [token] = outbox(app_env, user)
    set_password(open_link(tab, token), NEW_PASSWORD).settled()
    again = open_link(AppDriver(tab.browser).settle(), token)  # a new tab, before any typing
    assert again.title == "Reset password"
    assert again.texts("error") == ["This reset link was already used."]
    assert [widget.label for widget in again.at.text_input] == []
    again.click("reset_forget")
    assert [widget.label for widget in again.at.text_input] == ["Email"]


def test_an_expired_jwt_link_says_so_on_opening(tab: AppDriver) -> None:
    """A backend whose reset tokens are JWTs (fastapi-users, the template) says when they end."""
    token = jwt.encode({"sub": "someone", "exp": int(time.time()) - 3600}, "k" * 32)
    open_link(tab, token)
    assert tab.texts("error") == ["This reset link has expired."]
    assert [widget.label for widget in tab.at.text_input] == []
    assert [button.label for button in tab.at.button] == ["Ask for a new link"]


def test_a_jwt_link_still_in_date_shows_the_form(tab: AppDriver) -> None:
    token = jwt.encode({"sub": "someone", "exp": int(time.time()) + 600}, "k" * 32)
    open_link(tab, token)
    assert tab.texts("error") == []
    labels = [widget.label for widget in tab.at.text_input]
    assert labels == ["New password", "Confirm new password"]


def test_new_passwords_that_differ_are_refused_and_the_link_kept(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    request_reset(tab.go_to("reset_password"), user)
    [token] = outbox(app_env, user)
    set_password(open_link(tab, token), NEW_PASSWORD, NEW_PASSWORD + "!")
    assert tab.texts("error") == ["Passwords do not match."]
    set_password(tab, NEW_PASSWORD)
    assert tab.texts("success") == ["Your password has been changed. Please log in."]


def test_a_reset_while_signed_in_ends_the_login_here_too(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    tab.log_in(user, PASSWORD)
    httpx.post(
        f"{app_env.base_url}/api/v1/auth/password-reset/request", json={"email": user}
    ).raise_for_status()
    [token] = outbox(app_env, user)
    set_password(open_link(tab, token), NEW_PASSWORD)
    assert tab.title == "Log in"
    assert tab.texts("success") == ["Your password has been changed. Please log in."]
    assert "You have been logged out." not in tab.texts("info")
    tab.settled()
    assert "Anonymous session" in tab.sidebar_text()


@pytest.mark.parametrize("stub", ["minimal"], indirect=True)
def test_without_resets_the_page_says_so(tab: AppDriver) -> None:
    tab.click("login_forgot")
    assert tab.texts("info") == ["This server does not offer password resets."]

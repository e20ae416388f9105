"""The Account page: change password, the account's sessions (end one), log out everywhere;
and, against a backend without self-service, the sentences in their place."""

from __future__ import annotations

import httpx
import pytest

from tests.app.conftest import PASSWORD, log_out_everywhere_elsewhere
from tests.app.harness import AppDriver
from tests.stub_server import StubServer

NEW_PASSWORD = "a brand new passphrase"


def open_account(tab: AppDriver, email: str) -> AppDriver:
    return tab.log_in(email, PASSWORD).go_to("account")


def change_password(
    tab: AppDriver, current: str, new: str, confirmation: str | None = None
) -> AppDriver:
    tab.at.text_input(key="account_current_password").set_value(current)
    tab.at.text_input(key="account_new_password").set_value(new)
    tab.at.text_input(key="account_confirmation").set_value(
        new if confirmation is None else confirmation
    )
    return tab.click("FormSubmitter:change_password_form-Change password")


def login_status(stub: StubServer, email: str, password: str) -> int:
    form = {"username": email, "password": password}
    return httpx.post(f"{stub.base_url}/api/v1/auth/login", data=form).status_code


def open_sessions(stub: StubServer, email: str) -> list[str]:
    return [session["sid"] for session in stub.sessions(email) if not session["revoked"]]


def test_the_account_page_shows_every_part_the_backend_offers(tab: AppDriver, user: str) -> None:
    open_account(tab, user)
    assert tab.title == "Account"
    labels = [widget.label for widget in tab.at.text_input]
    assert labels == ["Current password", "New password", "Confirm new password"]
    # Headings go h1, h2: no level skipped (a screen reader lists them as an outline).
    assert [header.value for header in tab.at.header] == ["Change password", "Sessions"]
    assert tab.at.subheader.len == 0
    buttons = [button.label for button in tab.at.main.button]
    # The `user` fixture registered through the API: that login is another session to revoke.
    assert [label for label in buttons if label.startswith("Revoke")] == ["Revoke session 2"]
    assert "Log out everywhere" in buttons
    assert any("This browser" in str(element.value) for element in tab.at.markdown)


def test_changing_the_password_keeps_this_login_and_ends_the_others(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    open_account(tab, user)
    change_password(tab, PASSWORD, NEW_PASSWORD)
    assert tab.texts("success") == ["Your password has been changed."]
    assert len(open_sessions(app_env, user)) == 1
    assert tab.go_to("documents").title == "Documents"
    assert "Authenticated" in tab.sidebar_text()
    assert login_status(app_env, user, NEW_PASSWORD) == 200
    assert login_status(app_env, user, PASSWORD) == 401


def test_a_wrong_current_password_is_said_at_its_field_and_keeps_the_login(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    open_account(tab, user)
    change_password(tab, "not my password", NEW_PASSWORD)
    assert tab.texts("error") == ["Your current password is not correct."]
    assert tab.at.text_input(key="account_current_password").value == ""
    assert tab.at.text_input(key="account_new_password").value == NEW_PASSWORD
    assert tab.title == "Account"
    assert "Authenticated" in tab.sidebar_text()
    assert login_status(app_env, user, PASSWORD) == 200


def test_new_passwords_that_differ_are_refused_before_the_backend_is_asked(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    open_account(tab, user)
    change_password(tab, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!")
    assert tab.texts("error") == ["Passwords do not match."]
    assert tab.at.text_input(key="account_current_password").value == PASSWORD
    assert login_status(app_env, user, PASSWORD) == 200


def test_a_short_new_password_is_refused(tab: AppDriver, user: str) -> None:
    open_account(tab, user)
    change_password(tab, PASSWORD, "short")
    assert tab.texts("error") == ["Password must be at least 8 characters."]


def test_revoke_ends_that_session_only(tab: AppDriver, user: str, app_env: StubServer) -> None:
    open_account(tab, user)
    [other] = [button for button in tab.at.main.button if button.label.startswith("Revoke")]
    tab.click(str(other.key))
    assert tab.texts("success") == ["That session has been ended."]
    assert [button for button in tab.at.main.button if button.label.startswith("Revoke")] == []
    assert len(open_sessions(app_env, user)) == 1
    assert "Authenticated" in tab.sidebar_text()


def test_log_out_everywhere_ends_every_session_and_signs_out_here(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    open_account(tab, user)
    tab.click("account_logout_all")
    assert tab.title == "Account"
    assert tab.texts("warning")[0].startswith("Log out everywhere? Every browser and device")
    assert len(open_sessions(app_env, user)) == 2, "nothing ends before the confirmation"
    tab.click("account_logout_all_confirm", settle=False)
    assert tab.title == "Log in"
    assert "You have been logged out everywhere." in tab.texts("info")
    tab.settled()
    assert open_sessions(app_env, user) == []
    assert "Anonymous session" in tab.sidebar_text()


@pytest.mark.parametrize("stub", ["minimal"], indirect=True)
def test_without_self_service_the_account_page_says_what_is_missing(
    tab: AppDriver, user: str
) -> None:
    tab.log_in(user, PASSWORD).go_to("account")
    assert tab.title == "Account"
    assert tab.texts("info") == [
        "This server does not let you change your password here.",
        "This server does not list your sessions.",
        "This server cannot sign you out everywhere.",
    ]
    assert tab.texts("error") == []


def test_a_login_ended_from_another_browser_says_so_not_that_it_expired(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    open_account(tab, user)
    log_out_everywhere_elsewhere(app_env, user)
    tab.go_to("account")
    assert tab.title == "Log in"
    assert tab.texts("warning") == [
        "Your session was ended from another browser or device. Please log in again."
    ]
    assert "Anonymous session" in tab.sidebar_text()


def test_session_rows_are_numbered_and_each_revoke_names_its_row(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    # Two more logins in the same minute: their rows must still read apart.
    for _ in range(2):
        assert login_status(app_env, user, PASSWORD) == 200
    open_account(tab, user)
    rows = [
        str(element.value) for element in tab.at.main.markdown if "signed in" in str(element.value)
    ]
    assert [row.split(" · ")[0] for row in rows] == [f"**Session {n}**" for n in (1, 2, 3, 4)]
    revokes = [button.label for button in tab.at.main.button if button.label.startswith("Revoke")]
    assert revokes == ["Revoke session 2", "Revoke session 3", "Revoke session 4"]


def test_cancel_on_log_out_everywhere_keeps_every_session(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    open_account(tab, user)
    tab.click("account_logout_all").click("account_logout_all_cancel")
    assert len(open_sessions(app_env, user)) == 2
    assert "Authenticated" in tab.sidebar_text()
    assert tab.texts("warning") == []
    assert "Log out everywhere" in [button.label for button in tab.at.main.button]

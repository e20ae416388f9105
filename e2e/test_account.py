"""The Account page in a real browser: what changing the password, revoking a session and
logging out everywhere do to the account's other browsers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from e2e import runs, ui
from e2e.api import Backend
from e2e.plugin import SignIn

# What the page does, whatever serves it: docker, cluster and prefix leave it to nox -s e2e.
pytestmark = pytest.mark.page_behaviour

NEW_PASSWORD = "a-brand-new-passphrase-7"


def _signed_in_browser(new_context: CreateContextCallback, sign_in: SignIn, email: str) -> Page:
    page = new_context().new_page()
    runs.open_page(page)
    sign_in(page, email)
    return page


def _expect_signed_out_at_next_call(page: Page) -> None:
    """The Account page asks the backend for the sessions: a revoked login ends there."""
    ui.go_to(page, "Account")
    ui.expect_signed_out(page)
    ended = "Your session was ended from another browser or device. Please log in again."
    expect(ui.flash(page, ended)).to_be_visible()


@pytest.mark.needs("change_password", "sessions")
def test_change_password_signs_the_other_browser_out(
    page: Page, new_context: CreateContextCallback, sign_in: SignIn, user: str, password: str
) -> None:
    """Changing the password keeps this browser signed in and signs the other browser out."""
    other = _signed_in_browser(new_context, sign_in, user)
    sign_in(page, user)

    ui.change_password(page, password, NEW_PASSWORD)

    expect(ui.flash(page, "Your password has been changed.")).to_be_visible()
    ui.go_to(page, "Documents")
    ui.expect_signed_in(page, user)
    _expect_signed_out_at_next_call(other)
    ui.log_in(other, user, NEW_PASSWORD)
    ui.expect_signed_in(other, user)


@pytest.mark.needs("sessions")
def test_revoke_one_session_from_the_list(
    page: Page, new_context: CreateContextCallback, sign_in: SignIn, user: str
) -> None:
    """Revoke on another session's row signs that browser out; this one, `This browser`, stays."""
    other = _signed_in_browser(new_context, sign_in, user)
    sign_in(page, user)
    ui.go_to(page, "Account")
    # The `user` fixture's own API login is a third session.
    expect(ui.session_rows(page)).to_have_count(3)
    this_browser = ui.session_rows(page).filter(has_text="This browser")
    expect(this_browser).to_have_count(1)
    expect(this_browser.get_by_role("button", name="Revoke")).to_have_count(0)

    # The other browser's session is the newest one that is not this browser's.
    rows = ui.session_rows(page).filter(has_not_text="This browser")
    newest = rows.nth(rows.count() - 1)
    runs.click(page, newest.get_by_role("button", name="Revoke"))

    expect(ui.flash(page, "That session has been ended.")).to_be_visible()
    expect(ui.session_rows(page)).to_have_count(2)
    ui.expect_signed_in(page, user)
    _expect_signed_out_at_next_call(other)


@pytest.mark.needs("sessions", "logout_all")
def test_log_out_everywhere(
    page: Page,
    new_context: CreateContextCallback,
    sign_in: SignIn,
    user: str,
    controls: Backend,
) -> None:
    """Log out everywhere ends every session of the account: this browser's and the others'."""
    other = _signed_in_browser(new_context, sign_in, user)
    sign_in(page, user)
    ui.go_to(page, "Account")

    runs.click(page, ui.button(page, "Log out everywhere"))
    assert not all(session["revoked"] for session in controls.sessions(user)), "asked first"
    runs.click(page, ui.button(page, "Log out everywhere now"))

    ui.expect_signed_out(page)
    expect(ui.flash(page, "You have been logged out everywhere.")).to_be_visible()
    assert all(session["revoked"] for session in controls.sessions(user))
    _expect_signed_out_at_next_call(other)


@pytest.mark.needs("me", "logout_all")
def test_home_opened_after_log_out_everywhere_says_the_login_ended(
    page: Page,
    new_context: CreateContextCallback,
    sign_in: SignIn,
    user: str,
    controls: Backend,
) -> None:
    """A browser on Home, which asks the backend nothing, opened again a minute after Log out
    everywhere in another browser: not `Authenticated`, but why it shows Log in."""
    other = _signed_in_browser(new_context, sign_in, user)
    sign_in(page, user)
    ui.go_to(page, "Account")
    runs.click(page, ui.button(page, "Log out everywhere"))
    runs.click(page, ui.button(page, "Log out everywhere now"))
    ui.expect_signed_out(page)

    controls.advance_clock(61)  # APP_LOGIN_CHECK_SECONDS; the access token is still in date
    runs.reload(other)
    ui.expect_signed_out(other)
    ended = "Your session was ended from another browser or device. Please log in again."
    expect(ui.flash(other, ended)).to_be_visible()

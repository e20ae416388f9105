"""Forgot password, end to end: the reset link from the outbox sets a new password, leaves the
address bar at once, and ends every session of the account."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from e2e import runs, ui
from e2e.api import Backend

NEW_PASSWORD = "a-brand-new-passphrase-7"


def _reset_token(controls: Backend, email: str) -> str:
    """The token of the last reset link the stub would have mailed (its test outbox)."""
    answer = httpx.get(f"{controls.controls_url}/outbox", params={"email": email})
    answer.raise_for_status()
    token: str = answer.json()["messages"][-1]["reset_token"]
    return token


@pytest.mark.needs("password_reset", "sessions")
def test_reset_by_the_outbox_link(
    page: Page, new_context: CreateContextCallback, user: str, password: str, controls: Backend
) -> None:
    """The emailed link sets a new password, leaves the address bar, and signs every browser out."""
    other = new_context().new_page()
    runs.open_page(other)
    ui.log_in(other, user, password)
    ui.expect_signed_in(other, user)

    runs.click(page, ui.button(page, "Forgot password?"))
    expect(ui.heading(page, "Reset password")).to_be_visible()
    page.get_by_label("Email", exact=True).fill(user)
    runs.click(page, ui.button(page, "Send reset link"))
    sent = "If an account exists for this email, a reset link has been sent."
    expect(ui.flash(page, sent)).to_be_visible()

    token = _reset_token(controls, user)
    runs.open_page(page, f"/reset-password?token={token}")
    expect(page.get_by_label("New password", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/reset-password$"))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password", exact=True).fill(NEW_PASSWORD)
    runs.click(page, ui.button(page, "Set new password"))

    expect(ui.heading(page, "Log in")).to_be_visible()
    expect(ui.flash(page, "Your password has been changed. Please log in.")).to_be_visible()
    # Not in the history either: Back shows the reset page's address without the token.
    page.go_back()
    runs.settle(page)
    expect(page).to_have_url(re.compile(r"/reset-password$"))
    page.go_forward()
    runs.settle(page)
    assert all(session["revoked"] for session in controls.sessions(user))
    ui.go_to(other, "Account")
    ui.expect_signed_out(other)
    ui.log_in(page, user, NEW_PASSWORD)
    ui.expect_signed_in(page, user)


@pytest.mark.needs("password_reset")
def test_a_reset_request_for_an_unknown_email_reads_the_same(page: Page) -> None:
    """A reset request says the same sentence whether or not the email has an account."""
    runs.click(page, ui.button(page, "Forgot password?"))
    page.get_by_label("Email", exact=True).fill("nobody-here@example.org")
    runs.click(page, ui.button(page, "Send reset link"))
    sent = "If an account exists for this email, a reset link has been sent."
    expect(ui.flash(page, sent)).to_be_visible()
    expect(ui.error(page)).to_have_count(0)

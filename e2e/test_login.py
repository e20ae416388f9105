"""Logging in, and what a wrong guess tells an attacker (nothing)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e import ui

# Against every backend family too (nox -s backends).
pytestmark = pytest.mark.core


def test_login_success(page: Page, user: str, password: str) -> None:
    """A right email and password land on Home, signed in, with role, login line and Log out."""
    ui.log_in(page, user, password)

    ui.expect_signed_in(page, user)
    expect(ui.heading(page, "Home")).to_be_visible()
    expect(ui.sidebar(page).get_by_text("Role: user")).to_be_visible()
    expect(ui.sidebar(page).get_by_text("until you log out")).to_be_visible()
    expect(ui.sidebar(page).get_by_role("button", name="Log out")).to_be_visible()


def test_login_failure_says_the_same_for_unknown_email_and_wrong_password(
    page: Page, user: str, password: str
) -> None:
    """An unknown email and a wrong password get the same error; the password field is cleared."""
    ui.log_in(page, "nobody-" + user, password)
    unknown_email = ui.error(page)
    expect(unknown_email).to_have_text("Invalid email or password")
    ui.expect_signed_out(page)

    ui.log_in(page, user, password + "-wrong")
    wrong_password = ui.error(page)
    expect(wrong_password).to_have_text("Invalid email or password")
    ui.expect_signed_out(page)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")

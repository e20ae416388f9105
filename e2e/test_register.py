"""Creating an account, and the refusals a person can fix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e import ui

# Against every backend family too (nox -s backends).
pytestmark = pytest.mark.core


def test_register_refuses_taken_email_mismatch_and_weak_password(
    page: Page, user: str, email: str, password: str
) -> None:
    """Register refuses a taken email (offering Log in instead), a mismatch and a weak password,
    and makes no account; the account finally made is welcomed."""
    fresh = "new-" + email

    ui.register(page, user, password)
    expect(ui.error(page)).to_contain_text(re.compile(r"already|taken|exists", re.IGNORECASE))
    expect(ui.heading(page, "Create account")).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("link", name="Log in instead")).to_be_visible()

    ui.register(page, fresh, password, confirmation=password + "x")
    expect(ui.error(page)).to_contain_text(re.compile(r"do not match", re.IGNORECASE))

    ui.register(page, fresh, "short1", confirmation="short1")
    expect(ui.error(page)).to_contain_text(re.compile(r"at least 8", re.IGNORECASE))
    expect(ui.heading(page, "Create account")).to_be_visible()
    expect(ui.nav_link(page, "Home")).to_have_count(0)

    # None of the refusals made an account: the address is still free.
    ui.register(page, fresh, password)
    ui.expect_signed_in(page, fresh)
    expect(ui.flash(page, "Welcome! Your account is ready, and you are logged in.")).to_be_visible()

"""Logging out ends the login on the backend too, not only in the browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e import ui
from e2e.api import Backend
from e2e.tap import TokenLog


def test_logout_blocklists_the_app_token(
    page: Page, user: str, password: str, backend: Backend, token_log: TokenLog
) -> None:
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    app_token = token_log.issued_to(user, "access")[-1]
    assert backend.me_status(app_token) == 200

    ui.log_out(page)

    expect(ui.flash(page, "You have been logged out.")).to_be_visible()
    ui.expect_signed_out(page)
    assert backend.me_status(app_token) == 401, "the token the app held still works"

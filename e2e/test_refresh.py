"""Expiry: the access token is renewed without the person noticing, until the login ends."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e import ui
from e2e.api import Backend, Lifetimes
from e2e.capabilities import Capabilities


def test_silent_refresh_after_access_token_expires(
    page: Page,
    user: str,
    password: str,
    controls: Backend,
    lifetimes: Lifetimes,
    backend_capabilities: Capabilities,
) -> None:
    """After the access token expires the next action still works, through a silent refresh."""
    keeps_documents = backend_capabilities.lacks("documents") is None
    ui.log_in(page, user, password)
    if keeps_documents:
        ui.upload(page, "before-expiry.txt", b"kept")
    ui.go_to(page, "Home")
    refreshes = sum(session["refresh_count"] for session in controls.sessions(user))

    controls.advance_clock(lifetimes.access_seconds + 30)
    ui.go_to(page, "Documents")

    if keeps_documents:
        ui.expect_document(page, "before-expiry.txt")
    ui.expect_signed_in(page, user)
    now = sum(session["refresh_count"] for session in controls.sessions(user))
    assert now > refreshes, "the page worked, but not through a refresh"


def test_refresh_expiry_returns_to_login(
    page: Page, user: str, password: str, controls: Backend, lifetimes: Lifetimes
) -> None:
    """Once the refresh token has expired too, the next action shows Log in and says why."""
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)

    controls.advance_clock(lifetimes.refresh_seconds + 60)
    ui.go_to(page, "Documents")

    expect(ui.flash(page, "Your session has expired. Please log in again.")).to_be_visible()
    ui.expect_signed_out(page)

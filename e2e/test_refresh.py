"""Expiry: the access token is renewed without the person noticing, until the login ends."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e import ui
from e2e.api import Backend, Lifetimes
from e2e.capabilities import Discovered
from e2e.plugin import Expiries, SignIn
from e2e.servers import Deployment


def _refreshes(backend: Backend, deployment: Deployment, email: str) -> int | None:
    """How often this account's logins were refreshed, where the suite can see it: the stub's
    controls count them, the tap sees every access token after the first."""
    if backend.has_test_controls():
        return sum(int(session["refresh_count"]) for session in backend.sessions(email))
    if deployment.tokens is not None:
        return len(deployment.tokens.issued_to(email, kind="access"))
    return None


def test_silent_refresh_after_access_token_expires(
    page: Page,
    sign_in: SignIn,
    user: str,
    backend: Backend,
    expiries: Expiries,
    deployment: Deployment,
    backend_capabilities: Discovered,
) -> None:
    """After the access token expires the next action still works, through a silent refresh
    (on the stub's test clock, or in real time where the backend's tokens live briefly)."""
    keeps_documents = backend_capabilities.lacks("documents") is None
    sign_in(page, user)
    if keeps_documents:
        ui.upload(page, "before-expiry.txt", b"kept")
    ui.go_to(page, "Home")
    refreshes = _refreshes(backend, deployment, user)

    expiries.pass_access_expiry()
    ui.go_to(page, "Documents")

    if keeps_documents:
        ui.expect_document(page, "before-expiry.txt")
    ui.expect_signed_in(page, user)
    now = _refreshes(backend, deployment, user)
    assert now is None or refreshes is None or now > refreshes, "not through a refresh"


def test_refresh_expiry_returns_to_login(
    page: Page, sign_in: SignIn, user: str, controls: Backend, lifetimes: Lifetimes
) -> None:
    """Once the refresh token has expired too, the next action shows Log in and says why."""
    sign_in(page, user)

    controls.advance_clock(lifetimes.refresh_seconds + 60)
    ui.go_to(page, "Documents")

    expect(ui.flash(page, "Your session has expired. Please log in again.")).to_be_visible()
    ui.expect_signed_out(page)

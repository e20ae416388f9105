"""What must hold whichever FastAPI auth backend the app is configured for (CONTRACT section 8):
logout that ends the token where the backend can, expiry that renews or ends with a sentence,
and a page whose feature the backend lacks saying so. These run against every backend family
(`nox -s backends`) as well as the stub."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e import runs, ui
from e2e.api import Backend
from e2e.capabilities import Discovered
from e2e.plugin import PASSWORD, Expiring
from e2e.servers import Deployment

pytestmark = pytest.mark.core


def _app_token(deployment: Deployment, backend: Backend, email: str) -> str | None:
    """The access token the app holds for this account, as the tap between them saw it; None
    where the suite did not start the app (it cannot see between them)."""
    if deployment.tokens is None:
        return None
    subjects = (email, backend.user_id(email, PASSWORD))
    tokens = deployment.tokens.issued_to(*subjects, kind="access")
    assert tokens, "the app was issued no access token"
    return tokens[-1]


def test_logout_ends_the_token_where_the_backend_can_revoke(
    page: Page, user: str, password: str, backend: Backend, deployment: Deployment
) -> None:
    """Log out signs the browser out with no error for every backend; the token the app held is
    refused afterwards where the backend can revoke, and where it cannot the Debug page said
    that the token stays valid at the server until it expires."""
    ui.log_in(page, user, password)
    ui.go_to(page, "Debug")
    revokes = backend.profile.logout_revokes
    stays_valid = page.get_by_text("stays valid at the server until it expires")
    expect(stays_valid).to_have_count(0 if revokes else 1)
    token = _app_token(deployment, backend, user)

    ui.log_out(page)

    expect(ui.flash(page, "You have been logged out.")).to_be_visible()
    ui.expect_signed_out(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stAlertContentError")).to_have_count(0)
    expect(main.get_by_test_id("stAlertContentWarning")).to_have_count(0)
    if token is not None:
        assert backend.token_works(token) is not revokes, (
            "the token the app held still works" if revokes else "a token that cannot be revoked"
        )


def test_expiry_renews_the_login_or_ends_it_with_a_sentence(
    browser: Browser, expiring: Expiring
) -> None:
    """Once the access token has expired at the backend (on the stub's test clock, else waited
    out in real time), a reload of the page the person was on either shows it still signed in,
    through a refresh, or, where the backend does not refresh, Log in with one sentence; logging
    in again then lands back on that page."""
    deployment, backend = expiring.deployment, expiring.backend
    email = f"e2e-expiry-{uuid.uuid4().hex[:12]}@example.org"
    backend.register(email, PASSWORD)
    context = browser.new_context(base_url=deployment.pages_url)
    try:
        page = context.new_page()
        runs.open_page(page)
        ui.log_in(page, email, PASSWORD)
        ui.go_to(page, "Debug")
        first = _app_token(deployment, backend, email)
        expiring.expiries.pass_access_expiry()

        runs.reload(page)

        if backend.profile.session_mode == "pair":
            expect(ui.heading(page, "Debug")).to_be_visible()
            ui.expect_signed_in(page, email)
            if first is not None:
                assert _app_token(deployment, backend, email) != first, "not through a refresh"
            return
        expect(ui.flash(page, "Your session has ended. Please log in again.")).to_be_visible()
        ui.expect_signed_out(page)
        ui.log_in(page, email, PASSWORD)
        expect(ui.heading(page, "Debug")).to_be_visible()
        ui.expect_signed_in(page, email)
    finally:
        context.close()


def test_the_documents_page_says_when_the_server_keeps_none(
    page: Page, user: str, password: str, backend_capabilities: Discovered
) -> None:
    """Documents offers an upload where the backend keeps documents, and else says, in one
    sentence, that this server keeps none (no error, no empty uploader)."""
    ui.log_in(page, user, password)
    ui.go_to(page, "Documents")
    expect(ui.heading(page, "Documents")).to_be_visible()
    sentence = page.get_by_text("This server does not keep documents.", exact=True)
    uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
    if backend_capabilities.lacks("documents"):
        expect(sentence).to_be_visible()
        expect(uploader).to_have_count(0)
    else:
        expect(sentence).to_have_count(0)
        expect(uploader).to_have_count(1)
    expect(ui.error(page)).to_have_count(0)

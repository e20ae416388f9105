"""Logging out ends the login on the backend too, not only in the browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e import ui
from e2e.api import Backend
from e2e.servers import Deployment


def _app_session(page: Page, controls: Backend, email: str) -> str:
    """The login session the app holds: the one whose id its Debug page shows."""
    ui.go_to(page, "Debug")
    expect(page.get_by_test_id("stJson").first).to_be_visible()
    shown = page.get_by_test_id("stMain").inner_text()
    sids = [s["sid"] for s in controls.sessions(email) if s["sid"] in shown]
    assert len(sids) == 1, "the Debug page should show the app's own session id"
    return str(sids[0])


def test_logout_blocklists_the_app_token(
    page: Page, user: str, password: str, controls: Backend, deployment: Deployment
) -> None:
    """Log out revokes the app's own login at the backend and leaves another device's login open."""
    # `user` was registered through the API: that login is another device's, and must survive.
    ui.log_in(page, user, password)
    sid = _app_session(page, controls, user)
    # The exact token the app holds, where the suite taps the backend.
    tokens = deployment.tokens.issued_to(user, "access") if deployment.tokens else []
    if tokens:
        assert controls.me_status(tokens[-1]) == 200

    ui.log_out(page)

    expect(ui.flash(page, "You have been logged out.")).to_be_visible()
    ui.expect_signed_out(page)
    revoked = {s["sid"]: s["revoked"] for s in controls.sessions(user)}
    assert revoked.pop(sid), "the app's session is still open on the backend"
    assert not any(revoked.values()), "logout ended another device's session"
    if tokens:
        assert controls.me_status(tokens[-1]) == 401, "the token the app held still works"

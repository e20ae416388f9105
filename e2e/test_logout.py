"""Logging out ends the login on the backend too, not only in the browser."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e import runs, ui
from e2e.api import Backend, Lifetimes
from e2e.plugin import SignIn
from e2e.servers import Deployment


def _sids(controls: Backend, email: str) -> set[str]:
    return {str(session["sid"]) for session in controls.sessions(email)}


def _revoked(controls: Backend, email: str) -> dict[str, bool]:
    return {str(s["sid"]): bool(s["revoked"]) for s in controls.sessions(email)}


def test_logout_blocklists_the_app_token(
    page: Page, sign_in: SignIn, user: str, controls: Backend, deployment: Deployment
) -> None:
    """Log out revokes the app's own login at the backend and leaves another device's login open."""
    # `user` was registered through the API: that login is another device's, and must survive.
    other_devices = _sids(controls, user)
    sign_in(page, user)
    [sid] = _sids(controls, user) - other_devices  # the login the app made
    # The exact token the app holds, where the suite taps the backend.
    tokens = deployment.tokens.issued_to(user, kind="access") if deployment.tokens else []

    ui.log_out(page)

    expect(ui.flash(page, "You have been logged out.")).to_be_visible()
    ui.expect_signed_out(page)
    revoked = _revoked(controls, user)
    assert revoked.pop(sid), "the app's session is still open on the backend"
    assert not any(revoked.values()), "logout ended another device's session"
    if tokens:
        assert controls.logout_status(tokens[-1]) == 401, "the token the app held still works"


def test_logout_after_the_access_token_expired_still_revokes(
    context: BrowserContext,
    browser: Browser,
    page: Page,
    sign_in: SignIn,
    user: str,
    controls: Backend,
    lifetimes: Lifetimes,
    deployment: Deployment,
) -> None:
    """A tab idle past its access token's life still revokes the login at the backend on Log
    out, and a copy of the login cookie taken before the logout signs no browser in after it."""
    other_devices = _sids(controls, user)
    sign_in(page, user)
    [sid] = _sids(controls, user) - other_devices
    copied = [c for c in context.cookies() if c.get("name") == "stauth_login"]
    assert copied, "the login cookie was stored"

    controls.advance_clock(lifetimes.access_seconds + 60)
    ui.log_out(page)
    ui.expect_signed_out(page)
    assert _revoked(controls, user)[sid], "the idle tab's logout did not reach the backend"

    thief = browser.new_context(base_url=deployment.pages_url)
    try:
        thief.add_cookies(copied)  # type: ignore[arg-type]
        stolen = thief.new_page()
        runs.open_page(stolen)
        ui.expect_signed_out(stolen)
    finally:
        thief.close()


# Records whether the sidebar ever says both states at once while it changes.
_WATCH_BOTH_STATES = """() => {
  window.__bothStates = false;
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  new MutationObserver(() => {
    const text = sidebar.innerText;
    if (text.includes("Anonymous session") && text.includes("Authenticated")) {
      window.__bothStates = true;
    }
  }).observe(sidebar, { subtree: true, childList: true, characterData: true });
}"""


def test_the_sidebar_never_shows_both_states_during_logout(
    page: Page, sign_in: SignIn, user: str
) -> None:
    """While Log out runs, the sidebar does not say `Anonymous session` beside the old
    `Authenticated` and `Log out`: the signed-in part goes at once."""
    sign_in(page, user)
    ui.go_to(page, "Documents")
    page.evaluate(_WATCH_BOTH_STATES)
    ui.log_out(page)
    ui.expect_signed_out(page)
    assert page.evaluate("() => window.__bothStates") is False

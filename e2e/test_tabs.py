"""Several tabs of one login share one refresh lineage, and one logout."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from e2e import runs, ui
from e2e.api import Backend
from e2e.capabilities import Discovered
from e2e.plugin import Expiries, SignIn


def _second_tab(context: BrowserContext) -> Page:
    tab = context.new_page()
    runs.open_page(tab)
    return tab


def test_two_tabs_refreshing_at_once_stay_signed_in(
    context: BrowserContext,
    page: Page,
    sign_in: SignIn,
    user: str,
    backend: Backend,
    expiries: Expiries,
    backend_capabilities: Discovered,
) -> None:
    """Two tabs of one login refresh together and apart through expiries and both stay signed in
    (on the stub's test clock, or in real time where the backend's tokens live briefly)."""
    keeps_documents = backend_capabilities.lacks("documents") is None
    sign_in(page, user)
    if keeps_documents:
        ui.upload(page, "shared.txt", b"both tabs")
    ui.go_to(page, "Home")
    other = _second_tab(context)
    ui.expect_signed_in(other, user)
    tabs = (page, other)

    # Both at once, then each alone while the other idles through an expiry, then both again.
    for acting in (tabs, (page,), (other,), tabs):
        expiries.pass_access_expiry()
        runs.click_together(*((tab, ui.nav_link(tab, "Documents")) for tab in acting))
        for tab in acting:
            if keeps_documents:
                ui.expect_document(tab, "shared.txt")
            ui.expect_signed_in(tab, user)
        runs.click_together(*((tab, ui.nav_link(tab, "Home")) for tab in acting))

    for tab in tabs:
        ui.expect_signed_in(tab, user)
    if expiries.on_test_clock:  # the stub's controls also show the sessions themselves
        assert not [session for session in backend.sessions(user) if session["revoked"]]


def test_logout_in_one_tab_logs_the_other_out_at_its_next_action(
    context: BrowserContext, page: Page, sign_in: SignIn, user: str
) -> None:
    """Log out in one tab signs the other tab out at its next action, with the flash."""
    sign_in(page, user)
    other = _second_tab(context)
    ui.expect_signed_in(other, user)

    ui.log_out(page)
    ui.expect_signed_out(page)
    ui.go_to(other, "Documents")

    ui.expect_signed_out(other)
    expect(ui.flash(other, "You have been logged out.")).to_be_visible()


def test_a_login_in_an_older_tab_after_a_newer_one_opened_is_kept(
    context: BrowserContext, page: Page, user: str, password: str
) -> None:
    """Opening a second tab does not give the browser a new binding cookie: a login made
    afterwards in the first, older tab is still stored, and a reload of it stays signed in."""
    _second_tab(context)
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    runs.reload(page)
    ui.expect_signed_in(page, user)

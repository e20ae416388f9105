"""What the browser remembers: the login (and its end), and an anonymous visitor's documents."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from e2e import runs, ui


@pytest.mark.core
def test_login_and_logout_persist_across_reload_and_new_tab(
    context: BrowserContext, page: Page, user: str, password: str
) -> None:
    """A login survives a reload and a new tab, and so does its logout."""
    ui.log_in(page, user, password)

    runs.reload(page)
    ui.expect_signed_in(page, user)
    tab = context.new_page()
    runs.open_page(tab)
    ui.expect_signed_in(tab, user)
    tab.close()

    ui.log_out(page)
    expect(ui.flash(page, "You have been logged out.")).to_be_visible()
    runs.reload(page)
    ui.expect_signed_out(page)
    tab = context.new_page()
    runs.open_page(tab)
    ui.expect_signed_out(tab)


@pytest.mark.needs("documents", "anonymous_sessions")
def test_anonymous_documents_persist_across_reload(page: Page) -> None:
    """An anonymous visitor's documents survive a reload."""
    ui.upload(page, "anonymous-notes.txt", b"mine")
    ui.expect_document(page, "anonymous-notes.txt")

    runs.reload(page)

    ui.expect_document(page, "anonymous-notes.txt")
    expect(ui.sidebar(page).get_by_text("Anonymous session")).to_be_visible()

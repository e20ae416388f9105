"""Every page's address, typed or bookmarked, opens a page: never Streamlit's "Page not found";
a signed-in page asked for while signed out shows Log in and, after the login, itself."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e import runs, ui

PUBLIC = {
    "/login": "Log in",
    "/register": "Create account",
    "/documents": "Documents",
    "/reset-password": "Reset password",
}
SIGNED_IN = {"/home": "Home", "/account": "Account", "/debug": "Debug", "/profile": "Profile"}


@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_a_public_address_opens_its_page(page: Page, path: str) -> None:
    """A public page's address opens that page for a visitor who is not signed in."""
    runs.open_page(page, path)
    expect(ui.heading(page, PUBLIC[path])).to_be_visible()
    ui.expect_no_page_not_found(page)


@pytest.mark.parametrize("path", sorted(SIGNED_IN))
def test_a_signed_in_address_asks_to_log_in_then_opens(
    page: Page, user: str, password: str, path: str
) -> None:
    """A signed-in page's address shows Log in first, and the login lands on that page."""
    runs.open_page(page, path)
    expect(ui.heading(page, "Log in")).to_be_visible()
    expect(page.get_by_text(f"Log in to continue to {SIGNED_IN[path]}.")).to_be_visible()
    ui.expect_no_page_not_found(page)

    ui.log_in(page, user, password)

    expect(ui.heading(page, SIGNED_IN[path])).to_be_visible()
    ui.expect_signed_in(page, user)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def test_an_address_that_is_no_page_says_so_and_links_to_the_start(page: Page) -> None:
    """A mistyped address shows "Page not found" with a link to the start, not Log in."""
    answer = page.goto("./no-such-page")
    assert answer is not None
    assert answer.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page).to_have_title("Page not found · Streamlit JWT auth")
    page.get_by_role("link", name="Go to the start page").click()
    expect(ui.heading(page, "Log in")).to_be_visible()
    ui.expect_no_page_not_found(page)


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_log_in_and_register_addresses_show_home_when_signed_in(
    page: Page, user: str, password: str, path: str
) -> None:
    """The Log in and Register addresses show Home to a visitor who is already signed in."""
    ui.log_in(page, user, password)
    runs.open_page(page, path)
    expect(ui.heading(page, "Home")).to_be_visible()
    ui.expect_no_page_not_found(page)


@pytest.mark.parametrize("path", sorted(SIGNED_IN))
def test_a_signed_in_address_opens_after_a_reload(
    page: Page, user: str, password: str, path: str
) -> None:
    """A signed-in page's address opens that page for a visitor signed in on this browser."""
    ui.log_in(page, user, password)
    runs.open_page(page, path)
    expect(ui.heading(page, SIGNED_IN[path])).to_be_visible()
    ui.expect_no_page_not_found(page)


@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_the_browser_tab_names_the_page(page: Page, path: str) -> None:
    """The document title says which page this is, not only the app's name."""
    runs.open_page(page, path)
    expect(ui.heading(page, PUBLIC[path])).to_be_visible()
    named = "Register" if path == "/register" else PUBLIC[path]  # as the menu names it
    expect(page).to_have_title(f"{named} · Streamlit JWT auth")


def test_home_links_to_documents(page: Page, user: str, password: str) -> None:
    """Home's mention of the documents is a link that opens Documents, not bold text."""
    ui.log_in(page, user, password)
    runs.click(page, page.get_by_test_id("stMain").get_by_role("link", name="Open your documents"))
    expect(ui.heading(page, "Documents")).to_be_visible()

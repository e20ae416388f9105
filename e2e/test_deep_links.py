"""Every page's address, typed or bookmarked, opens a page: never Streamlit's "Page not found";
a signed-in page asked for while signed out shows Log in and, after the login, itself."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e import runs, ui
from e2e.plugin import SignIn

PUBLIC = {
    "/login": "Log in",
    "/register": "Create account",
    "/documents": "Documents",
    "/reset-password": "Reset password",
}
SIGNED_IN = {"/home": "Home", "/account": "Account", "/debug": "Debug", "/profile": "Profile"}


def test_each_public_address_opens_its_page_and_names_the_tab(page: Page) -> None:
    """Each public page's address opens that page for a visitor who is not signed in, and the
    document title says which page it is, not only the app's name."""
    for path, heading in sorted(PUBLIC.items()):
        runs.open_page(page, path)
        expect(ui.heading(page, heading)).to_be_visible()
        ui.expect_no_page_not_found(page)
        named = "Register" if path == "/register" else heading  # as the menu names it
        expect(page).to_have_title(f"{named} · Streamlit JWT auth")


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


def test_log_in_and_register_addresses_show_home_when_signed_in(
    page: Page, sign_in: SignIn, user: str
) -> None:
    """The Log in and Register addresses show Home to a visitor who is already signed in."""
    sign_in(page, user)
    for path in ("/login", "/register"):
        runs.open_page(page, path)
        expect(ui.heading(page, "Home")).to_be_visible()
        ui.expect_no_page_not_found(page)


def test_each_signed_in_address_opens_for_a_signed_in_visitor(
    page: Page, sign_in: SignIn, user: str
) -> None:
    """Each signed-in page's address opens that page for a visitor signed in on this browser."""
    sign_in(page, user)
    for path, heading in sorted(SIGNED_IN.items()):
        runs.open_page(page, path)
        expect(ui.heading(page, heading)).to_be_visible()
        ui.expect_no_page_not_found(page)


def test_home_links_to_documents(page: Page, sign_in: SignIn, user: str) -> None:
    """Home's mention of the documents is a link that opens Documents, not bold text."""
    sign_in(page, user)
    runs.click(page, page.get_by_test_id("stMain").get_by_role("link", name="Open your documents"))
    expect(ui.heading(page, "Documents")).to_be_visible()

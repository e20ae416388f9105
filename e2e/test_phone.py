"""The menu on a phone (390x844): it opens from a button that says Menu, and tapping a page in
it (or Log out) closes it, so the page tapped is what the person sees."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from e2e import runs, ui
from e2e.plugin import SignIn

# What the page does, whatever serves it: docker, cluster and prefix leave it to nox -s e2e.
pytestmark = pytest.mark.page_behaviour

PHONE: ViewportSize = {"width": 390, "height": 844}


def _open_menu(page: Page) -> None:
    opener = page.get_by_test_id("stExpandSidebarButton")
    # What a person reads beside the chevron (drawn by the page's style, not in the DOM text).
    shown = opener.evaluate("(button) => getComputedStyle(button, '::after').content")
    assert shown == '"Menu"', shown
    opener.click()
    expect(ui.sidebar(page)).to_have_attribute("data-collapsed", "false")


def test_tapping_a_page_in_the_menu_closes_it(page: Page) -> None:
    """On a phone the menu closes after a page is tapped in it, showing that page."""
    page.set_viewport_size(PHONE)
    runs.open_page(page, "/login")
    _open_menu(page)
    runs.click(page, ui.nav_link(page, "Documents"))
    expect(ui.sidebar(page)).to_have_attribute("data-collapsed", "true")
    expect(ui.heading(page, "Documents")).to_be_in_viewport()


def test_log_out_from_the_menu_closes_it(page: Page, sign_in: SignIn, user: str) -> None:
    """On a phone, Log out in the menu closes the menu and shows Log in."""
    page.set_viewport_size(PHONE)
    sign_in(page, user)
    _open_menu(page)
    ui.log_out(page)
    expect(ui.sidebar(page)).to_have_attribute("data-collapsed", "true")
    expect(ui.heading(page, "Log in")).to_be_in_viewport()

"""Every page's own address opens it (no "Page not found"); a signed-in page asked for while
signed out shows Log in and, after the login, the page that was asked for."""

from __future__ import annotations

import pytest

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver

TITLES = {
    "login": "Log in",
    "register": "Create account",
    "documents": "Documents",
    "reset_password": "Reset password",
    "home": "Home",
    "account": "Account",
    "debug": "Debug",
}


@pytest.mark.parametrize("view", ["login", "register", "documents", "reset_password"])
def test_a_public_page_opens_at_its_address(tab: AppDriver, view: str) -> None:
    assert tab.go_to(view).title == TITLES[view]


@pytest.mark.parametrize("view", ["home", "account", "debug"])
def test_a_signed_in_page_asked_for_while_signed_out_shows_log_in_then_itself(
    tab: AppDriver, user: str, view: str
) -> None:
    assert tab.go_to(view).title == "Log in"
    assert tab.log_in(user, PASSWORD).title == TITLES[view]


@pytest.mark.parametrize("view", ["home", "documents", "account", "debug", "reset_password"])
def test_a_page_opens_at_its_address_when_signed_in(tab: AppDriver, user: str, view: str) -> None:
    tab.log_in(user, PASSWORD)
    assert tab.go_to(view).title == TITLES[view]


@pytest.mark.parametrize("view", ["login", "register"])
def test_log_in_and_register_show_home_when_signed_in(tab: AppDriver, user: str, view: str) -> None:
    tab.log_in(user, PASSWORD)
    assert tab.go_to(view).title == "Home"

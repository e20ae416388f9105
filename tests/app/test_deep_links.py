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
    "profile": "Profile",
}


@pytest.mark.parametrize("view", ["login", "register", "documents", "reset_password"])
def test_a_public_page_opens_at_its_address(tab: AppDriver, view: str) -> None:
    assert tab.go_to(view).title == TITLES[view]


@pytest.mark.parametrize("view", ["home", "account", "debug", "profile"])
def test_a_signed_in_page_asked_for_while_signed_out_shows_log_in_then_itself(
    tab: AppDriver, admin: str, view: str
) -> None:
    assert tab.go_to(view).title == "Log in"
    assert tab.texts("info") == [f"Log in to continue to {TITLES[view]}."]
    assert tab.log_in(admin, PASSWORD).title == TITLES[view]
    assert f"Log in to continue to {TITLES[view]}." not in tab.texts("info")


def test_log_in_opened_by_itself_gives_no_reason_nor_does_register(tab: AppDriver) -> None:
    assert tab.go_to("login").title == "Log in"
    assert not [text for text in tab.texts("info") if text.startswith("Log in to continue")]
    tab.go_to("account").go_to("register")
    assert not [text for text in tab.texts("info") if text.startswith("Log in to continue")]


@pytest.mark.parametrize("view", ["home", "documents", "account", "debug", "reset_password"])
def test_a_page_opens_at_its_address_when_signed_in(tab: AppDriver, admin: str, view: str) -> None:
    tab.log_in(admin, PASSWORD)
    assert tab.go_to(view).title == TITLES[view]


@pytest.mark.parametrize("view", ["login", "register"])
def test_log_in_and_register_show_home_when_signed_in(tab: AppDriver, user: str, view: str) -> None:
    tab.log_in(user, PASSWORD)
    assert tab.go_to(view).title == "Home"


def test_debug_asked_for_by_someone_not_an_admin_shows_home(tab: AppDriver, user: str) -> None:
    tab.go_to("debug")
    assert tab.log_in(user, PASSWORD).title == "Home"
    assert tab.go_to("debug").title == "Home"

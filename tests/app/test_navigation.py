"""Which pages each auth state offers, and what the sidebar says about the session."""

from __future__ import annotations

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver


def test_anonymous_visitors_land_on_log_in(tab: AppDriver) -> None:
    assert tab.title == "Log in"


def test_anonymous_navigation_offers_documents_log_in_and_register(tab: AppDriver) -> None:
    assert [view for view in ("documents", "login", "register") if tab.can_open(view)] == [
        "documents",
        "login",
        "register",
    ]
    assert not tab.can_open("home")
    assert not tab.can_open("debug")


def test_signed_in_navigation_offers_home_documents_and_debug(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD)
    assert tab.title == "Home"
    assert all(tab.can_open(view) for view in ("home", "documents", "debug"))
    assert not tab.can_open("login")
    assert not tab.can_open("register")


def test_sidebar_shows_the_anonymous_banner(tab: AppDriver) -> None:
    sidebar = tab.sidebar_text()
    assert "Anonymous session" in sidebar
    assert "Register to save your data permanently" in sidebar
    assert not [button for button in tab.at.sidebar.button if button.label == "Log out"]


def test_sidebar_shows_email_role_state_and_expiry(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD)
    sidebar = tab.sidebar_text().replace("\\", "")
    assert user in sidebar
    assert "Role: user" in sidebar
    assert "Authenticated" in sidebar
    assert "Token expires in 14 min" in sidebar
    assert [button.label for button in tab.at.sidebar.button] == ["Log out"]

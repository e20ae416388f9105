"""Which pages each auth state shows in the menu, and what the sidebar says about the session."""

from __future__ import annotations

import pytest

from app.services import reset_services
from tests.app.conftest import PASSWORD, TimeTravel
from tests.app.harness import AppDriver, Browser
from tests.app.test_failures import closed_port_url, point_app_at

ACCESS_LIFETIME = 15 * 60


def test_anonymous_visitors_land_on_log_in(tab: AppDriver) -> None:
    assert tab.title == "Log in"


def test_anonymous_navigation_offers_documents_log_in_and_register(
    browser: Browser, menu: list[list[str]]
) -> None:
    AppDriver(browser).settle()
    assert menu[-1] == ["Documents", "Log in", "Register"]


def test_signed_in_navigation_offers_home_documents_profile_and_account(
    tab: AppDriver, user: str, menu: list[list[str]]
) -> None:
    tab.log_in(user, PASSWORD)
    assert menu[-1] == ["Home", "Documents", "Profile", "Account"]


def test_an_admin_is_offered_debug_too(tab: AppDriver, admin: str, menu: list[list[str]]) -> None:
    tab.log_in(admin, PASSWORD)
    assert menu[-1] == ["Home", "Documents", "Profile", "Account", "Debug"]


@pytest.mark.usefixtures("debug_for_everyone")
def test_app_debug_page_everyone_offers_debug_to_any_account(
    tab: AppDriver, user: str, menu: list[list[str]]
) -> None:
    tab.log_in(user, PASSWORD)
    assert menu[-1] == ["Home", "Documents", "Profile", "Account", "Debug"]


def test_app_debug_page_off_offers_it_to_nobody(
    tab: AppDriver, admin: str, menu: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_DEBUG_PAGE", "off")
    reset_services()
    tab.log_in(admin, PASSWORD)
    assert menu[-1] == ["Home", "Documents", "Profile", "Account"]
    assert tab.go_to("debug").title == "Home"


def test_a_login_lands_on_home(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD)
    assert tab.title == "Home"


def test_sidebar_shows_the_anonymous_banner(tab: AppDriver) -> None:
    sidebar = tab.sidebar_text()
    assert "Anonymous session" in sidebar
    assert "Register to save your data permanently" in sidebar
    assert not [button for button in tab.at.sidebar.button if button.label == "Log out"]


def test_sidebar_shows_email_role_state_and_how_long_the_login_lasts(
    tab: AppDriver, user: str
) -> None:
    tab.log_in(user, PASSWORD)
    sidebar = tab.sidebar_text().replace("\\", "")
    assert user in sidebar
    assert "Role: user" in sidebar
    assert "Authenticated" in sidebar
    # A sentence that stays true while the page is open, not a countdown frozen at its last run.
    assert "You stay logged in until you log out or close the browser." in sidebar
    assert "expires in" not in sidebar
    assert [button.label for button in tab.at.sidebar.button] == ["Log out"]


def test_a_failed_restore_does_not_call_the_visitor_anonymous(
    tab: AppDriver, user: str, time_travel: TimeTravel, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab.log_in(user, PASSWORD)
    time_travel.advance(ACCESS_LIFETIME + 60)  # the reload must restore through the backend
    point_app_at(monkeypatch, closed_port_url(), timeout=1)
    reloaded = AppDriver(tab.browser).settle()
    assert [button.label for button in reloaded.at.main.button] == ["Try again"]
    sidebar = reloaded.sidebar_text()
    assert "Anonymous session" not in sidebar
    assert "Session not restored yet" in sidebar


def test_home_links_to_the_documents_page(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD)
    [link] = tab.at.main.get("page_link")
    assert (link.proto.label, link.proto.page) == ("Open your documents", "documents")

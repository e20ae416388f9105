"""The app against a backend that offers only what the seed describes (the stub's minimal
profile): five claims, four auth endpoints, logout answering 200 with a body."""

from __future__ import annotations

import pytest

from tests.app.conftest import PASSWORD, TimeTravel
from tests.app.harness import AppDriver
from tests.stub_server import StubServer

pytestmark = pytest.mark.parametrize("stub", ["minimal"], indirect=True)

ACCESS_LIFETIME = 15 * 60


def refresh_count(stub: StubServer, email: str) -> int:
    return sum(session["refresh_count"] for session in stub.sessions(email))


def test_register_signs_in(tab: AppDriver) -> None:
    tab.go_to("register").register("new@example.com", PASSWORD)
    assert tab.title == "Home"
    assert "new@example.com" in tab.sidebar_text().replace("\\", "")
    assert tab.texts("error") == []


def test_log_in_signs_in(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD)
    assert tab.title == "Home"
    assert "Authenticated" in tab.sidebar_text()


def test_a_wrong_password_is_said_on_the_login_form(tab: AppDriver, user: str) -> None:
    tab.log_in(user, "not the password")
    assert tab.texts("error") == ["Invalid email or password"]


def test_logout_revokes_the_login_at_the_backend(
    tab: AppDriver, user: str, app_env: StubServer
) -> None:
    tab.log_in(user, PASSWORD).click("logout")
    assert tab.title == "Log in"
    assert [session["revoked"] for session in app_env.sessions(user)].count(True) == 1


def test_the_documents_page_says_the_server_keeps_none(tab: AppDriver) -> None:
    tab.go_to("documents")
    assert tab.texts("info") == ["This server does not keep documents."]
    assert tab.texts("error") == []


@pytest.mark.usefixtures("debug_for_everyone")
def test_the_debug_page_says_what_the_server_does_not_describe(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD).go_to("debug")
    assert "This server does not keep anonymous sessions." in tab.texts("info")
    assert tab.texts("error") == []


def test_an_expired_access_token_is_refreshed_without_iat(
    tab: AppDriver, user: str, app_env: StubServer, time_travel: TimeTravel
) -> None:
    tab.log_in(user, PASSWORD)
    time_travel.advance(ACCESS_LIFETIME - 30)  # inside the refresh margin: timed without iat
    tab.settle()
    assert refresh_count(app_env, user) == 1
    assert tab.title == "Home"


def test_a_reload_restores_the_login(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD)
    reloaded = AppDriver(tab.browser).settle()
    assert reloaded.title == "Home"

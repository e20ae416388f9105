"""The Create account page: success and each refusal a person can meet."""

from __future__ import annotations

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver


def open_register(tab: AppDriver) -> AppDriver:
    tab.go_to("register")
    assert tab.title == "Create account"
    return tab


def page_links(tab: AppDriver) -> list[tuple[str, str]]:
    return [(link.proto.label, link.proto.page) for link in tab.at.main.get("page_link")]


def test_a_new_account_lands_on_home_signed_in_and_welcomed(tab: AppDriver) -> None:
    # What the person sees on landing, before the cookie call's report reruns the page.
    open_register(tab).register("bob@example.com", PASSWORD, settle=False)
    assert tab.title == "Home"
    assert tab.texts("success") == ["Welcome! Your account is ready, and you are logged in."]
    tab.settled()
    assert "bob@example.com" in tab.sidebar_text().replace("\\", "")


def test_a_taken_email_is_refused_and_offers_log_in_and_reset(tab: AppDriver, user: str) -> None:
    assert "Log in instead" not in dict(page_links(open_register(tab)))
    tab.register(user, PASSWORD)
    assert tab.texts("error") == ["An account with this email already exists."]
    assert tab.title == "Create account"
    links = dict(page_links(tab))
    assert "Log in instead" in links  # to Log in, which "/" shows signed out
    assert links["Forgot password?"] == "reset-password"


def test_a_confirmation_that_differs_is_refused(tab: AppDriver) -> None:
    open_register(tab).register("bob@example.com", PASSWORD, confirmation=PASSWORD + "!")
    assert tab.texts("error") == ["Passwords do not match."]


def test_a_short_password_is_refused(tab: AppDriver) -> None:
    open_register(tab).register("bob@example.com", "short")
    assert tab.texts("error") == ["Password must be at least 8 characters."]


def test_an_address_without_an_at_sign_is_refused_before_the_backend(tab: AppDriver) -> None:
    open_register(tab).register("not-an-email", PASSWORD)
    assert tab.texts("error") == ["Enter an email address like name@example.com."]
    assert tab.title == "Create account"


def test_an_address_the_backend_refuses_reads_as_a_sentence(tab: AppDriver) -> None:
    open_register(tab).register("bob@example", PASSWORD)
    [message] = tab.texts("error")
    assert message.startswith("That email address is not valid. "), message
    assert "{" not in message
    assert "loc" not in message
    assert "Value is" not in message
    assert tab.title == "Create account"

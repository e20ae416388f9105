"""The Profile page, the README's "Add a page" example: one file in app/views and one line in
navigation.PAGES give a page in the menu, the backend's `me` read with the session's own token
(a refused token refreshed and the page read again), and no menu entry without `me`."""

from __future__ import annotations

import pytest

from app.backend import BackendClient, Unauthorized
from app.navigation import PAGES
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver, readable


def shown_lines(tab: AppDriver) -> list[str]:
    return [readable(str(element.value)) for element in tab.at.main.markdown]


def test_the_page_is_one_declaration() -> None:
    (profile,) = [page for page in PAGES if page.file == "profile.py"]
    assert (profile.title, profile.audience, profile.needs) == ("Profile", "signed_in", "me")


def test_profile_shows_the_account_as_the_backend_describes_it(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD).go_to("profile")
    assert tab.title == "Profile"
    lines = shown_lines(tab)
    assert f"**Email:** {user}" in lines
    assert "**Role:** user" in lines
    assert tab.texts("error") == []


def test_a_refused_token_is_refreshed_and_the_page_read_again(
    tab: AppDriver, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab.log_in(user, PASSWORD)
    original = BackendClient.call
    calls: list[str | None] = []

    def refusing_once(  # type: ignore[no-untyped-def]
        self: BackendClient, method: str, path: str, caller, *args, **kwargs
    ):
        calls.append(caller.access_token)
        if len(calls) == 1:
            raise Unauthorized("The token was refused.")
        return original(self, method, path, caller, *args, **kwargs)

    monkeypatch.setattr(BackendClient, "call", refusing_once)
    tab.go_to("profile")
    assert tab.title == "Profile"
    assert f"**Email:** {user}" in shown_lines(tab)
    assert len(calls) == 2
    assert calls[0] != calls[1]  # read again, with the refreshed token


@pytest.mark.parametrize("stub", ["minimal"], indirect=True)
def test_a_backend_without_me_gets_no_profile_in_the_menu_and_the_address_says_why(
    tab: AppDriver, user: str, menu: list[list[str]]
) -> None:
    tab.log_in(user, PASSWORD)
    assert "Profile" not in menu[-1]
    assert tab.go_to("profile").title == "Profile"
    assert tab.texts("info") == ["This server does not describe accounts."]
    assert tab.texts("error") == []

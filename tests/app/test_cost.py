"""What a run costs: a plain rerun asks the backend nothing; the profile is fetched once; the
pages are made once per session and viewer."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from app import navigation
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver, Browser


def test_a_plain_rerun_of_home_makes_no_backend_request(
    tab: AppDriver, user: str, backend_calls: Counter[str]
) -> None:
    tab.log_in(user, PASSWORD)
    backend_calls.clear()
    for _ in range(5):
        tab.run()
    assert backend_calls == Counter()


@pytest.mark.usefixtures("debug_for_everyone")
def test_the_profile_is_fetched_once_per_login(
    tab: AppDriver, user: str, backend_calls: Counter[str]
) -> None:
    tab.log_in(user, PASSWORD)
    for _ in range(3):
        tab.run()
    tab.go_to("debug").go_to("home")
    assert backend_calls["GET /auth/me"] == 1
    assert backend_calls["POST /auth/login"] == 1


def test_the_pages_are_made_once_per_session_and_viewer(
    browser: Browser, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: Counter[bool] = Counter()  # by whether the viewer is signed in
    original = navigation.Pages.__init__

    def counted(self: navigation.Pages, viewer: navigation.Viewer, *args: Any) -> None:
        made[viewer.authenticated] += 1
        original(self, viewer, *args)

    monkeypatch.setattr(navigation.Pages, "__init__", counted)
    tab = AppDriver(browser).settle()
    tab.log_in(user, PASSWORD)
    for _ in range(3):
        tab.run()
    tab.go_to("profile").go_to("home")
    assert made == Counter({False: 1, True: 1})
    assert AppDriver(browser).settle().title == "Home"  # another tab: its own session
    assert made == Counter({False: 1, True: 2})

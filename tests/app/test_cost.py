"""What a run costs: a plain rerun asks the backend nothing; the profile is fetched once."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver


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

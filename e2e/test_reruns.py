"""The app settles after a login and stays settled: no rerun loop, no endless cookie calls."""

from __future__ import annotations

from playwright.sync_api import Page

from e2e import runs, ui

# Counted: the switch to Home and the run the cookie call's answer starts (the submit's own run,
# cut short by the switch, is not). A little room, but a loop blows straight through it.
LOGIN_RUNS_AT_MOST = 4
QUIET_WINDOW_MS = 2_500


def test_no_rerun_loop_after_login(page: Page, user: str, password: str) -> None:
    """After a login and after a reload the app settles within a few runs and then stays quiet."""
    ended = runs.count_runs(page)
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    assert ended() <= LOGIN_RUNS_AT_MOST, f"{ended()} runs for one login"
    runs.expect_no_run(page, QUIET_WINDOW_MS)

    runs.reload(page)
    ui.expect_signed_in(page, user)
    runs.expect_no_run(page, QUIET_WINDOW_MS)

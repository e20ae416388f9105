"""The app settles after a login and stays settled: no rerun loop, no endless cookie calls."""

from __future__ import annotations

from playwright.sync_api import Page

from e2e import ui

# The submit's run, the switch to Home, and the run the cookie call's answer starts.
LOGIN_RUNS_AT_MOST = 5
QUIET_WINDOW_MS = 2_500


def test_no_rerun_loop_after_login(page: Page, user: str, password: str) -> None:
    runs = ui.count_runs(page)
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    assert runs() <= LOGIN_RUNS_AT_MOST, f"{runs()} runs for one login"
    ui.expect_no_run(page, QUIET_WINDOW_MS)

    ui.reload(page)
    ui.expect_signed_in(page, user)
    ui.expect_no_run(page, QUIET_WINDOW_MS)

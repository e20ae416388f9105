"""What each step costs in script runs, counted on the app's WebSocket: a login is one run of
the page (plus the bridge's fragment storing the cookie), a reload with a fresh token is one,
a plain click is one, and an idle app does not rerun by itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page

from e2e import runs, ui
from e2e.plugin import SignIn
from e2e.servers import Deployment
from e2e.session_cookie import expired, near_expiry

# What the page does, whatever serves it: docker, cluster and prefix leave it to nox -s e2e.
pytestmark = pytest.mark.page_behaviour

QUIET_WINDOW_MS = 2_500


def test_a_login_is_one_full_run_and_at_most_one_fragment_run(
    page: Page, user: str, password: str
) -> None:
    """A login costs one full script run, plus at most one run of the bridge's fragment."""
    count = runs.count_runs(page)
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    assert (count.full, count.fragment <= 1) == (1, True), count
    runs.expect_no_run(page, QUIET_WINDOW_MS)


def test_a_reload_with_a_fresh_token_is_one_run(page: Page, sign_in: SignIn, user: str) -> None:
    """A reload whose login cookie holds a fresh access token signs in in its first run."""
    sign_in(page, user)
    refreshes: list[str] = []
    page.on(
        "request",
        lambda request: refreshes.append(request.url) if "/api/session/" in request.url else None,
    )
    count = runs.count_runs(page)
    runs.reload(page)
    ui.expect_signed_in(page, user)
    assert (count.full, count.fragment) == (1, 0), count
    assert refreshes == [], "no call to the app's routes was needed"
    runs.expect_no_run(page, QUIET_WINDOW_MS)


def test_a_reload_near_expiry_shows_the_page_at_once_and_refreshes_in_the_fragment(
    context: BrowserContext, page: Page, sign_in: SignIn, user: str, deployment: Deployment
) -> None:
    """A reload whose kept token is near expiry renders signed in in its first run and
    refreshes in the bridge's fragment, without another full run."""
    sign_in(page, user)
    near_expiry(context, deployment)
    count = runs.count_runs(page)
    runs.reload(page)
    ui.expect_signed_in(page, user)
    assert (count.full, count.fragment) == (1, 1), count


def test_a_plain_click_is_one_run(page: Page, sign_in: SignIn, user: str) -> None:
    """Moving between pages of a signed-in session costs one run each."""
    sign_in(page, user)
    count = runs.count_runs(page)
    ui.go_to(page, "Documents")
    ui.go_to(page, "Home")
    assert (count.full, count.fragment) == (2, 0), count


def test_a_reload_with_an_expired_kept_token_restores_through_the_route(
    context: BrowserContext, page: Page, sign_in: SignIn, user: str, deployment: Deployment
) -> None:
    """A reload whose kept token has expired waits for the route's refresh, then shows the
    page: two full runs."""
    sign_in(page, user)
    expired(context, deployment)
    count = runs.count_runs(page)
    runs.reload(page)
    ui.expect_signed_in(page, user)
    assert count.full == 2, count

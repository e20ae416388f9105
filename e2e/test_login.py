"""Logging in, and what a wrong guess tells an attacker (nothing)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from app.auth.cookies import LOGIN_COOKIE
from e2e import ui

# Against every backend family too (nox -s backends).
pytestmark = pytest.mark.core


def test_login_success(page: Page, user: str, password: str) -> None:
    """A right email and password land on Home, signed in, with role, login line and Log out."""
    ui.log_in(page, user, password)

    ui.expect_signed_in(page, user)
    expect(ui.heading(page, "Home")).to_be_visible()
    expect(ui.sidebar(page).get_by_text("Role: user")).to_be_visible()
    expect(ui.sidebar(page).get_by_text("until you log out")).to_be_visible()
    expect(ui.sidebar(page).get_by_role("button", name="Log out")).to_be_visible()


def test_login_failure_says_the_same_for_unknown_email_and_wrong_password(
    page: Page, user: str, password: str
) -> None:
    """An unknown email and a wrong password get the same error; the password field is cleared."""
    ui.log_in(page, "nobody-" + user, password)
    unknown_email = ui.error(page)
    expect(unknown_email).to_have_text("Invalid email or password")
    ui.expect_signed_out(page)

    ui.log_in(page, user, password + "-wrong")
    wrong_password = ui.error(page)
    expect(wrong_password).to_have_text("Invalid email or password")
    ui.expect_signed_out(page)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")


# Records, the moment the Log in form is marked working, what the person sees of it.
_WATCH_WORKING = """() => {
  window.__working = null;
  const form = document.querySelector('[data-testid="stForm"]');
  new MutationObserver(() => {
    if (form.getAttribute("aria-busy") !== "true" || window.__working) return;
    const button = form.querySelector('[data-testid="stBaseButton-primaryFormSubmit"]');
    const alert = form.querySelector('[data-testid="stAlert"]');
    window.__working = {
      says: getComputedStyle(button, "::after").content,
      oldErrorShown: alert !== null && getComputedStyle(alert).display !== "none",
    };
  }).observe(form, { attributes: true, attributeFilter: ["aria-busy"] });
}"""


def test_a_sent_login_shows_it_is_working_without_the_old_error(
    page: Page, user: str, password: str
) -> None:
    """From the click on Log in the button says `Logging in…` and the last attempt's error is
    gone; a new failure shows its error and the button as before."""
    ui.log_in(page, user, password + "-wrong")
    expect(ui.error(page)).to_have_text("Invalid email or password")
    page.evaluate(_WATCH_WORKING)
    ui.log_in(page, user, password + "-wrong-again")
    working = page.evaluate("() => window.__working")
    assert working == {"says": '"Logging in…"', "oldErrorShown": False}
    expect(ui.error(page)).to_have_text("Invalid email or password")
    form = page.get_by_test_id("stForm")
    expect(form).not_to_have_attribute("aria-busy", "true")


def _login_cookie_expiry(context: BrowserContext) -> float:
    [cookie] = [c for c in context.cookies() if c.get("name") == LOGIN_COOKIE]
    return float(cookie.get("expires", -1))


def test_keep_me_signed_in_decides_whether_the_login_outlives_the_browser(
    context: BrowserContext, page: Page, user: str, password: str
) -> None:
    """Unticked (the default), the login cookie is a session cookie: closing the browser ends
    the login. Ticked, the browser keeps it for days."""
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    assert _login_cookie_expiry(context) == -1  # a session cookie
    expect(ui.sidebar(page).get_by_text("or close the browser")).to_be_visible()

    ui.log_out(page)
    page.get_by_text("Keep me signed in on this browser", exact=True).click()
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    assert _login_cookie_expiry(context) > time.time() + 24 * 3600

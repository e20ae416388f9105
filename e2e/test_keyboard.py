"""Register and log in with the keyboard alone: Tab reaches each field in order (nothing but a
field's own Show password button in between), Enter submits, and after a failed login the focus
is back on the field to fix, marked invalid."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e import runs, ui

# What the page does, whatever serves it: docker, cluster and prefix leave it to nox -s e2e.
pytestmark = pytest.mark.page_behaviour

# At most this many Tab presses from one field to the next: the password fields' own Show
# password button is the only stop allowed between them.
MAX_STOPS_BETWEEN_FIELDS = 2
# From the top of the page to the form: the skip link, the sidebar's links and buttons.
MAX_STOPS_TO_THE_FORM = 25


def _focused_label(page: Page) -> str | None:
    label: str | None = page.evaluate("() => document.activeElement?.getAttribute('aria-label')")
    return label


def _tab_to(page: Page, label: str, limit: int) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused_label(page) == label:
            return
    raise AssertionError(f"{limit} Tab presses did not reach the field {label!r}")


def _type_into_fields(page: Page, values: dict[str, str]) -> None:
    """Tab to the first field from the top of the page, then type each value, Tab, next field."""
    first = True
    for label, value in values.items():
        _tab_to(page, label, MAX_STOPS_TO_THE_FORM if first else MAX_STOPS_BETWEEN_FIELDS)
        first = False
        page.keyboard.type(value)


def test_keyboard_only_register(page: Page, email: str, password: str) -> None:
    """Create account with the keyboard alone: Tab from field to field, Enter to submit."""
    runs.open_page(page, "/register")
    _type_into_fields(page, {"Email": email, "Password": password, "Confirm password": password})
    runs.act(page, lambda: page.keyboard.press("Enter"))
    ui.expect_signed_in(page, email)


def test_keyboard_only_login(page: Page, user: str, password: str) -> None:
    """Log in with the keyboard alone; a wrong password puts the focus back on Password."""
    runs.open_page(page, "/login")
    _type_into_fields(page, {"Email": user, "Password": password + "-wrong"})
    runs.act(page, lambda: page.keyboard.press("Enter"))

    expect(ui.error(page)).to_have_text("Invalid email or password")
    password_field = page.get_by_label("Password", exact=True)
    expect(password_field).to_be_focused()
    expect(password_field).to_have_attribute("aria-invalid", "true")

    page.keyboard.type(password)
    runs.act(page, lambda: page.keyboard.press("Enter"))
    ui.expect_signed_in(page, user)


def test_a_second_error_in_a_row_marks_and_focuses_the_field_again(
    page: Page, user: str, password: str
) -> None:
    """A wrong password twice in a row: the second failure, like the first, puts the focus on
    Password and marks it invalid (not only the first time)."""
    runs.open_page(page, "/login")
    password_field = page.get_by_label("Password", exact=True)
    _type_into_fields(page, {"Email": user, "Password": password + "-wrong"})
    runs.act(page, lambda: page.keyboard.press("Enter"))
    expect(password_field).to_be_focused()

    page.keyboard.type(password + "-wrong-again")
    expect(password_field).not_to_have_attribute("aria-invalid", "true")
    runs.click(page, page.get_by_role("button", name="Log in", exact=True))
    expect(ui.error(page)).to_have_text("Invalid email or password")
    expect(password_field).to_be_focused()
    expect(password_field).to_have_attribute("aria-invalid", "true")

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


def _focused(page: Page) -> str:
    """The focused element as a person would name it: its tag and its label or text."""
    described: str = page.evaluate(
        """() => { const e = document.activeElement;
          const name = e.getAttribute('aria-label') || (e.innerText || '').trim().slice(0, 40);
          return `${e.tagName.toLowerCase()} ${name}`; }"""
    )
    return described


def test_tab_from_the_top_stops_on_no_scroll_area_or_heading_anchor(page: Page) -> None:
    """Tab from the top of Log in reaches Email without stopping on the main area itself or on
    a heading's anchor link, which a person cannot use for anything."""
    runs.open_page(page, "/login")
    stops = []
    for _ in range(MAX_STOPS_TO_THE_FORM):
        page.keyboard.press("Tab")
        if _focused_label(page) == "Email":
            break
        stops.append(_focused(page))
    else:
        raise AssertionError(f"Tab never reached Email; stops: {stops}")
    assert not [stop for stop in stops if stop.startswith("main ")], stops
    assert not [stop for stop in stops if "Link to heading" in stop], stops


def test_after_login_the_focus_is_on_the_landing_pages_heading(
    page: Page, user: str, password: str
) -> None:
    """The form that had the focus is gone after a login: Home's heading takes it (not the
    page's body, from which a screen reader says nothing and Tab starts over)."""
    runs.open_page(page, "/login")
    ui.log_in(page, user, password)
    ui.expect_signed_in(page, user)
    expect(ui.heading(page, "Home")).to_be_focused()


@pytest.mark.needs("documents")
def test_after_a_delete_the_focus_is_on_the_documents_heading(page: Page) -> None:
    """The deleted row's buttons are gone: the Documents heading takes the focus."""
    runs.open_page(page, "/documents")
    ui.upload(page, "notes.txt", b"some notes")
    ui.expect_document(page, "notes.txt")
    runs.click(page, ui.button(page, "Delete notes.txt"))
    runs.click(page, ui.button(page, "Delete for good notes.txt"))
    expect(ui.document_rows(page)).to_have_count(0)
    expect(ui.heading(page, "Documents")).to_be_focused()

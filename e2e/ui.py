"""What a person sees and does in the app, in the contract's words (CONTRACT.md section 7)."""

from __future__ import annotations

from playwright.sync_api import FilePayload, Locator, Page, expect

from e2e.runs import act, click


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def nav_link(page: Page, name: str) -> Locator:
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True)


def heading(page: Page, name: str) -> Locator:
    return page.get_by_role("heading", name=name)


def go_to(page: Page, name: str) -> None:
    click(page, nav_link(page, name))


def flash(page: Page, text: str) -> Locator:
    return page.get_by_test_id("stMain").get_by_text(text, exact=True)


def expect_document(page: Page, filename: str) -> None:
    expect(heading(page, "Documents")).to_be_visible()
    expect(document_rows(page).filter(has_text=filename)).to_have_count(1)


def expect_signed_in(page: Page, email: str) -> None:
    expect(sidebar(page).get_by_text(email)).to_be_visible()
    expect(sidebar(page).get_by_text("Authenticated", exact=True)).to_be_visible()
    expect(nav_link(page, "Home")).to_be_visible()
    expect(nav_link(page, "Log in")).to_have_count(0)


def expect_signed_out(page: Page) -> None:
    expect(heading(page, "Log in")).to_be_visible()
    expect(nav_link(page, "Log in")).to_be_visible()
    expect(sidebar(page).get_by_text("Anonymous session")).to_be_visible()
    expect(nav_link(page, "Home")).to_have_count(0)


def log_in(page: Page, email: str, password: str) -> None:
    if not heading(page, "Log in").is_visible():
        go_to(page, "Log in")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    click(page, page.get_by_role("button", name="Log in", exact=True))


def register(page: Page, email: str, password: str, confirmation: str | None = None) -> None:
    if not heading(page, "Create account").is_visible():
        go_to(page, "Register")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password", exact=True).fill(
        password if confirmation is None else confirmation
    )
    click(page, page.get_by_role("button", name="Create account", exact=True))


def log_out(page: Page) -> None:
    click(page, sidebar(page).get_by_role("button", name="Log out"))


def upload(page: Page, filename: str, content: bytes) -> None:
    if not heading(page, "Documents").is_visible():
        go_to(page, "Documents")
    uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
    file = FilePayload(name=filename, mimeType="text/plain", buffer=content)
    act(page, lambda: uploader.set_input_files(files=[file]))


def document_rows(page: Page) -> Locator:
    return page.locator('[class*="st-key-document_"]')


def error(page: Page) -> Locator:
    """The page's error message (Streamlit's st.error), there must be exactly one."""
    return page.get_by_test_id("stMain").get_by_test_id("stAlertContentError")


def button(page: Page, name: str) -> Locator:
    return page.get_by_test_id("stMain").get_by_role("button", name=name, exact=True)


def session_rows(page: Page) -> Locator:
    """The Account page's Sessions list: one row per login session of the account."""
    return page.locator('[class*="st-key-session_"]')


def change_password(page: Page, current: str, new: str) -> None:
    if not heading(page, "Account").is_visible():
        go_to(page, "Account")
    page.get_by_label("Current password", exact=True).fill(current)
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("Confirm new password", exact=True).fill(new)
    click(page, button(page, "Change password"))


def expect_no_page_not_found(page: Page) -> None:
    expect(page.get_by_text("Page not found")).to_have_count(0)

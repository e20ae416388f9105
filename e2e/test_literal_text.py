"""The person's own text reads as itself in a real browser: a file name or an email that looks
like an address is no link (Streamlit's Markdown links bare addresses), and a file is called
by the name the backend stored, not the longer one the browser sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e import ui
from e2e.api import Backend
from e2e.servers import Deployment
from e2e.session_cookie import sign_in

# What the page does, whatever serves it: docker, cluster and prefix leave it to nox -s e2e.
pytestmark = pytest.mark.page_behaviour

ADDRESS_LIKE = "www.example.com invoice.txt"


@pytest.mark.needs("documents")
def test_a_file_name_like_an_address_is_no_link(page: Page) -> None:
    """`www.example.com invoice.txt` uploaded: its banner and its row show the name, no link."""
    ui.upload(page, ADDRESS_LIKE, b"due")
    expect(ui.flash(page, f"Uploaded {ADDRESS_LIKE}.")).to_be_visible()
    ui.expect_document(page, ADDRESS_LIKE)
    expect(page.get_by_test_id("stMain").locator("a[href*='example.com']")).to_have_count(0)


def test_the_email_in_the_sidebar_and_on_home_is_no_link(
    page: Page, user: str, password: str, deployment: Deployment, backend: Backend
) -> None:
    """Signed in, the person's email reads as text in the sidebar and on Home, no `mailto:`."""
    sign_in(page, deployment, backend, user, password)
    ui.expect_signed_in(page, user)
    expect(page.get_by_test_id("stMain").get_by_text(user)).to_be_visible()
    expect(page.locator("a[href^='mailto:']")).to_have_count(0)


@pytest.mark.needs("documents")
def test_a_name_with_a_slash_is_called_what_the_backend_stored(page: Page) -> None:
    """A name with `/` in it: the banner names the file as it is listed, its last part."""
    ui.upload(page, "reports/2026/summary.txt", b"sums")
    expect(ui.flash(page, "Uploaded summary.txt.")).to_be_visible()
    ui.expect_document(page, "summary.txt")

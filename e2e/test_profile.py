"""The Profile page in a real browser: the page added as the README's "Add a page" example
reads the account from the backend with the person's own login."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e import ui
from e2e.plugin import SignIn

# What the page does, whatever serves it: docker, cluster and prefix leave it to nox -s e2e.
pytestmark = pytest.mark.page_behaviour


@pytest.mark.needs("me")
def test_profile_shows_the_account_the_backend_describes(
    page: Page, sign_in: SignIn, user: str
) -> None:
    """Profile in the menu opens the account as the backend's `me` describes it, no error."""
    sign_in(page, user)
    ui.go_to(page, "Profile")
    expect(ui.heading(page, "Profile")).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(f"Email: {user}", exact=True)).to_be_visible()
    expect(main.get_by_role("alert")).to_have_count(0)

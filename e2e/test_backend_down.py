"""The backend goes away and comes back: the person reads why, then carries on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e import runs, ui
from e2e.plugin import SignIn
from testbed import ServerProcess


@pytest.mark.needs("documents")
def test_backend_down_shows_a_readable_message_and_recovers(
    page: Page, sign_in: SignIn, user: str, local_stub: ServerProcess
) -> None:
    """With the backend down the person reads a sentence, not a traceback, and carries on after."""
    sign_in(page, user)
    ui.upload(page, "survives.txt", b"still here")
    ui.go_to(page, "Home")

    local_stub.stop()
    try:
        ui.go_to(page, "Documents")
        expect(ui.error(page)).to_contain_text("cannot be reached")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text("Traceback")).to_have_count(0)
    finally:
        local_stub.start()  # same port, same database

    runs.click(page, page.get_by_role("button", name="Try again"))
    ui.expect_document(page, "survives.txt")
    ui.expect_signed_in(page, user)

"""Documents uploaded before signing in move into the account, once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e import ui
from e2e.api import Backend

pytestmark = pytest.mark.needs("documents", "anonymous_sessions")


def test_anonymous_documents_move_to_a_new_account(
    page: Page, email: str, password: str, backend: Backend
) -> None:
    """Anonymous documents move into the account registered next, once, with a flash."""
    ui.upload(page, "draft-one.txt", b"first")
    ui.upload(page, "draft-two.txt", b"second")

    ui.register(page, email, password)

    expect(ui.flash(page, "2 documents moved to your account.")).to_be_visible()
    ui.go_to(page, "Documents")
    ui.expect_document(page, "draft-one.txt")
    ui.expect_document(page, "draft-two.txt")
    ui.log_out(page)
    ui.log_in(page, email, password)
    ui.go_to(page, "Documents")
    ui.expect_document(page, "draft-one.txt")
    ui.expect_document(page, "draft-two.txt")
    expect(ui.document_rows(page)).to_have_count(2)
    owned = backend.documents(backend.log_in(email, password))
    assert sorted(owned) == ["draft-one.txt", "draft-two.txt"]


def test_anonymous_documents_move_into_an_existing_account_on_login(
    page: Page, user: str, password: str, backend: Backend
) -> None:
    """Documents uploaded anonymously move into an existing account when it logs in."""
    ui.upload(page, "scan.txt", b"scanned")

    ui.log_in(page, user, password)

    expect(ui.flash(page, "1 document moved to your account.")).to_be_visible()
    ui.go_to(page, "Documents")
    ui.expect_document(page, "scan.txt")
    assert backend.documents(backend.log_in(user, password)) == ["scan.txt"]

"""Two people on one app server at once: neither sees the other's identity or documents."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from e2e import runs, ui
from e2e.api import Backend

pytestmark = pytest.mark.needs("documents", "anonymous_sessions")


def _visitor(new_context: CreateContextCallback) -> Page:
    page = new_context().new_page()
    runs.open_page(page)
    return page


def test_two_browser_contexts_never_see_each_other(
    new_context: CreateContextCallback, user: str, password: str, backend: Backend
) -> None:
    """Two people on one app server see only their own identity and documents."""
    other = f"other-{uuid.uuid4().hex[:12]}@example.org"
    backend.register(other, password)
    alice, bob = _visitor(new_context), _visitor(new_context)

    ui.upload(alice, "alice-anonymous.txt", b"a")
    ui.upload(bob, "bob-anonymous.txt", b"b")
    ui.expect_document(alice, "alice-anonymous.txt")
    ui.expect_document(bob, "bob-anonymous.txt")
    expect(ui.document_rows(alice)).to_have_count(1)
    expect(ui.document_rows(bob)).to_have_count(1)

    ui.log_in(alice, user, password)
    ui.log_in(bob, other, password)
    ui.upload(alice, "alice-private.txt", b"a2")
    ui.go_to(bob, "Documents")

    ui.expect_signed_in(alice, user)
    ui.expect_signed_in(bob, other)
    expect(ui.sidebar(alice).get_by_text(other)).to_have_count(0)
    expect(ui.sidebar(bob).get_by_text(user)).to_have_count(0)
    ui.expect_document(bob, "bob-anonymous.txt")
    expect(ui.document_rows(bob)).to_have_count(1)
    runs.reload(alice)
    ui.expect_document(alice, "alice-anonymous.txt")
    ui.expect_document(alice, "alice-private.txt")
    expect(ui.document_rows(alice)).to_have_count(2)

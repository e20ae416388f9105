"""A reload or a new tab restores the login and the anonymous documents from the app's
HttpOnly cookies; another browser sees none of it."""

from __future__ import annotations

import httpx
import pytest

from app import browser as browser_module
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver, Browser


def test_a_reload_restores_the_login(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD)
    reloaded = AppDriver(tab.browser).settle()
    assert reloaded.title == "Home"
    assert user in reloaded.sidebar_text().replace("\\", "")


def test_a_reload_keeps_the_page_the_person_was_on(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD)
    reloaded = AppDriver(tab.browser)
    reloaded.at.switch_page("views/documents.py")
    reloaded.settle()
    assert reloaded.title == "Documents"


def test_anonymous_documents_survive_a_reload(tab: AppDriver) -> None:
    tab.go_to("documents").upload("draft.txt", b"anonymous work")
    reloaded = AppDriver(tab.browser).settle().go_to("documents")
    assert reloaded.document_names() == ["draft.txt"]


def test_another_browser_sees_neither_the_login_nor_the_documents(
    tab: AppDriver, user: str, app_routes: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab.go_to("documents").upload("mine.txt", b"private")
    with httpx.Client(base_url=app_routes, timeout=10) as client:
        other_browser = Browser(client)
        # Sessions read the browser's cookies once, when they start: from here on, new
        # sessions are the other browser's.
        monkeypatch.setattr(browser_module, "request_cookies", other_browser.cookies)
        stranger = AppDriver(other_browser).settle().go_to("documents")
        assert stranger.document_names() == []
        assert "Anonymous session" in stranger.sidebar_text()
    assert tab.settle().document_names() == ["mine.txt"]

"""Downloads go through the app's route with the browser's login at click time: an idle page
still downloads after its access token expired, and a failure is a page that says why."""

from __future__ import annotations

import httpx
import pytest

from tests.app.conftest import PASSWORD, TimeTravel
from tests.app.harness import AppDriver, Browser
from tests.stub_server import StubServer

ACCESS_LIFETIME = 15 * 60
REFRESH_LIFETIME = 7 * 24 * 3600


def download(browser: Browser, document_id: str, **headers: str) -> httpx.Response:
    return browser.client.get(f"/api/session/documents/{document_id}/content", headers=headers)


def only_document_id(tab: AppDriver) -> str:
    [button] = [button for button in tab.at.button if button.label == "Delete"]
    return str(button.key).removeprefix("delete_")


@pytest.fixture
def signed_in_with_a_document(tab: AppDriver, user: str) -> str:
    tab.log_in(user, PASSWORD).go_to("documents").upload("notes.txt", b"my notes")
    return only_document_id(tab)


def test_a_download_after_the_access_token_expired_refreshes_and_works(
    tab: AppDriver,
    user: str,
    signed_in_with_a_document: str,
    app_env: StubServer,
    time_travel: TimeTravel,
) -> None:
    cookie_before = tab.browser.cookies()["stauth_login"]
    time_travel.advance(ACCESS_LIFETIME + 60)  # the page sat idle past the token's life
    response = download(tab.browser, signed_in_with_a_document)
    assert response.status_code == httpx.codes.OK
    assert response.content == b"my notes"
    assert "attachment" in response.headers["content-disposition"]
    assert sum(session["refresh_count"] for session in app_env.sessions(user)) == 1
    assert tab.browser.cookies()["stauth_login"] != cookie_before  # the rotated pair is kept


def test_a_download_the_backend_refuses_as_expired_is_retried_after_a_refresh(
    tab: AppDriver, signed_in_with_a_document: str, time_travel: TimeTravel
) -> None:
    time_travel.advance(ACCESS_LIFETIME + 60, app_clock=False)
    assert download(tab.browser, signed_in_with_a_document).content == b"my notes"


def test_an_anonymous_download_uses_the_anonymous_session(tab: AppDriver) -> None:
    tab.go_to("documents").upload("draft.txt", b"anonymous work")
    assert download(tab.browser, only_document_id(tab)).content == b"anonymous work"


def test_an_ended_login_says_so_instead_of_downloading(
    tab: AppDriver, signed_in_with_a_document: str, time_travel: TimeTravel
) -> None:
    time_travel.advance(REFRESH_LIFETIME + 60)
    response = download(tab.browser, signed_in_with_a_document)
    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert "Your session has expired. Please log in again." in response.text
    assert "stauth_login" not in tab.browser.cookies()


def test_someone_elses_document_is_not_found(
    tab: AppDriver, signed_in_with_a_document: str, app_routes: str
) -> None:
    with httpx.Client(base_url=app_routes, timeout=10) as client:
        response = download(Browser(client), signed_in_with_a_document)
    assert response.status_code == httpx.codes.NOT_FOUND
    assert "This document does not exist" in response.text


def test_a_download_started_from_another_site_is_refused(
    tab: AppDriver, signed_in_with_a_document: str
) -> None:
    response = download(tab.browser, signed_in_with_a_document, **{"Sec-Fetch-Site": "same-site"})
    assert response.status_code == httpx.codes.FORBIDDEN

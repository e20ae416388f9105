"""Register or log in with an `anon_session` cookie: its documents move to the user, once."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.stub_backend.helpers import (
    ANON_COOKIE,
    PASSWORD,
    api_client,
    bearer,
    database,
    document_ids,
    login,
    register,
    upload,
)
from tests.stub_server import StubServer


def _anonymous_documents(api: httpx.Client, count: int) -> tuple[str, list[str]]:
    """Upload `count` documents as a fresh anonymous visitor; return its cookie and their ids."""
    api.cookies.clear()
    ids = [upload(api, f"document {n}".encode())["id"] for n in range(count)]
    return api.cookies[ANON_COOKIE], ids


def _with_cookie(api: httpx.Client, cookie: str) -> httpx.Client:
    api.cookies.clear()
    api.cookies.set(ANON_COOKIE, cookie)
    return api


def _anonymous_ids(api: httpx.Client, cookie: str) -> list[str]:
    return document_ids(_with_cookie(api, cookie))


def test_register_moves_the_anonymous_documents_to_the_new_user(api: httpx.Client) -> None:
    _, ids = _anonymous_documents(api, 3)
    before = api.get(f"/documents/{ids[0]}").json()

    tokens = register(api)

    assert tokens["migrated_documents"] == 3
    mine = api.get("/documents", headers=bearer(tokens["access_token"])).json()
    assert mine["owner"] == "user"
    assert [item["id"] for item in mine["items"]] == ids
    # Moved, not copied: the same document with the same bytes and metadata.
    assert mine["items"][0] == before
    content = api.get(f"/documents/{ids[0]}/content", headers=bearer(tokens["access_token"]))
    assert content.content == b"document 0"


def test_register_closes_the_anonymous_session(api: httpx.Client) -> None:
    cookie, _ = _anonymous_documents(api, 2)

    response = api.post("/auth/register", json={"email": "a@example.com", "password": PASSWORD})

    # The browser is told to drop the cookie, and the old value no longer names a session.
    set_cookie = response.headers["set-cookie"].lower()
    assert set_cookie.startswith(f"{ANON_COOKIE}=")
    assert "max-age=0" in set_cookie
    replayed = _with_cookie(api, cookie).get("/session")
    assert replayed.json()["document_count"] == 0
    assert replayed.cookies[ANON_COOKIE] != cookie


def test_login_moves_the_anonymous_documents_into_an_existing_account(api: httpx.Client) -> None:
    token = register(api)["access_token"]
    earlier = upload(api, headers=bearer(token))["id"]
    _, ids = _anonymous_documents(api, 2)

    response = login(api)

    assert response.json()["migrated_documents"] == 2
    assert document_ids(api, headers=bearer(token)) == [earlier, *ids]


def test_a_second_attempt_moves_nothing_and_duplicates_nothing(api: httpx.Client) -> None:
    cookie, ids = _anonymous_documents(api, 2)
    token = register(api)["access_token"]

    again = login(_with_cookie(api, cookie))

    assert again.status_code == httpx.codes.OK
    assert again.json()["migrated_documents"] == 0
    assert document_ids(api, headers=bearer(token)) == ids


def test_only_the_cookies_own_session_is_migrated(api: httpx.Client) -> None:
    other_cookie, other_ids = _anonymous_documents(api, 1)
    _anonymous_documents(api, 2)

    tokens = register(api)

    assert tokens["migrated_documents"] == 2
    assert _anonymous_ids(api, other_cookie) == other_ids


def test_a_refused_registration_moves_nothing(api: httpx.Client) -> None:
    register(api)
    cookie, ids = _anonymous_documents(api, 2)

    taken = api.post("/auth/register", json={"email": "alice@example.com", "password": PASSWORD})

    assert taken.status_code == httpx.codes.CONFLICT
    assert _anonymous_ids(api, cookie) == ids


def test_a_refused_login_moves_nothing(api: httpx.Client) -> None:
    register(api)
    cookie, ids = _anonymous_documents(api, 2)

    assert login(api, password="wrong password").status_code == httpx.codes.UNAUTHORIZED

    assert _anonymous_ids(api, cookie) == ids


def test_concurrent_logins_with_one_cookie_move_each_document_once(
    stub_server: StubServer, api: httpx.Client
) -> None:
    token = register(api)["access_token"]
    cookie, ids = _anonymous_documents(api, 5)
    results: list[int] = []
    start = threading.Barrier(4)

    def log_in() -> None:
        with api_client(stub_server) as client:
            _with_cookie(client, cookie)
            start.wait()
            response = login(client)
            assert response.status_code == httpx.codes.OK, response.text
            results.append(response.json()["migrated_documents"])

    threads = [threading.Thread(target=log_in) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 4
    assert sum(results) == len(ids)
    assert document_ids(api, headers=bearer(token)) == ids


@contextmanager
def _failing_when_the_session_closes(stub_server: StubServer) -> Iterator[None]:
    """Make the last step of a migration fail, after its documents have been moved."""
    with database(stub_server.settings) as db, db:
        db.execute(
            "CREATE TRIGGER injected_failure BEFORE UPDATE OF closed_at ON anon_sessions "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )
    try:
        yield
    finally:
        with database(stub_server.settings) as db, db:
            db.execute("DROP TRIGGER injected_failure")


def _attempt(api: httpx.Client, action: str) -> httpx.Response:
    if action == "register":
        return api.post("/auth/register", json={"email": "alice@example.com", "password": PASSWORD})
    return login(api)


@pytest.mark.parametrize("action", ["register", "login"])
def test_a_migration_that_fails_midway_moves_nothing(
    stub_server: StubServer, api: httpx.Client, action: str
) -> None:
    if action == "login":
        register(api)
    cookie, ids = _anonymous_documents(api, 3)

    with _failing_when_the_session_closes(stub_server):
        failed = _attempt(api, action)

    # An injected fault is the one 5xx allowed here; what matters is that it left nothing behind.
    assert failed.status_code == httpx.codes.INTERNAL_SERVER_ERROR
    assert _anonymous_ids(api, cookie) == ids
    sessions_before = 0 if action == "register" else 1
    assert len(stub_server.sessions("alice@example.com")) == sessions_before
    retried = _attempt(_with_cookie(api, cookie), action)
    assert retried.json()["migrated_documents"] == len(ids)

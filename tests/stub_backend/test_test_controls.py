"""The `/_test` routes: move the clock, empty the store, list a user's sessions; absent without
STUB_TEST_CONTROLS."""

import time
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from stub_backend.clock import MAX_OFFSET_SECONDS
from stub_backend.schemas import MAX_CLOCK_ADVANCE_SECONDS
from tests.stub_backend.helpers import (
    api_client,
    bearer,
    claims_of,
    database,
    login,
    register,
    upload,
)
from tests.stub_server import StubServer, running_stub

CONTROL_PATHS = [
    ("POST", "/_test/clock"),
    ("POST", "/_test/reset"),
    ("GET", "/_test/sessions"),
    ("GET", "/_test/outbox"),
]


def _advance(api: httpx.Client, seconds: float) -> httpx.Response:
    return api.post("/_test/clock", json={"advance_seconds": seconds})


def _row_counts(stub_server: StubServer) -> dict[str, int]:
    """Every table of the store, found in the schema so that a table added later is counted too."""
    with database(stub_server.settings) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        # Table names come from sqlite_master, not from any input.
        count = 'SELECT count(*) FROM "{}"'
        return {name: db.execute(count.format(name)).fetchone()[0] for (name,) in tables}


def test_advancing_the_clock_answers_the_new_now(api: httpx.Client) -> None:
    first = _advance(api, 0).json()["now"]

    response = _advance(api, 3600)

    assert response.status_code == httpx.codes.OK
    assert set(response.json()) == {"now"}
    # Wall time passes between the calls too, but not an hour of it.
    assert 3600 <= response.json()["now"] - first < 3660
    assert abs(first - time.time()) < 5


def test_advancing_the_clock_moves_token_expiry(api: httpx.Client) -> None:
    tokens = register(api)

    _advance(api, 15 * 60)

    response = api.get("/auth/me", headers=bearer(tokens["access_token"]))
    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.json() == {"detail": "Token has expired"}


@pytest.mark.parametrize("seconds", [-1, MAX_CLOCK_ADVANCE_SECONDS + 1, "soon"])
def test_the_clock_only_moves_forward_by_a_sane_amount(api: httpx.Client, seconds: object) -> None:
    assert _advance(api, seconds).status_code == httpx.codes.UNPROCESSABLE_ENTITY  # type: ignore[arg-type]


def test_the_clock_refuses_to_run_past_its_range_and_keeps_serving(api: httpx.Client) -> None:
    for _ in range(MAX_OFFSET_SECONDS // MAX_CLOCK_ADVANCE_SECONDS):
        assert _advance(api, MAX_CLOCK_ADVANCE_SECONDS).status_code == httpx.codes.OK

    refused = _advance(api, MAX_CLOCK_ADVANCE_SECONDS)

    assert refused.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    # The list form the schema promises for every 422, with a sentence to read.
    [error] = refused.json()["detail"]
    assert "reset it first" in error["msg"]
    # Every time the backend shows is still a date it can write.
    assert api.get("/session").status_code == httpx.codes.OK
    assert api.get("/auth/me", headers=bearer(register(api)["access_token"])).is_success


def test_reset_empties_every_table_and_resets_the_clock(
    api: httpx.Client, stub_server: StubServer
) -> None:
    upload(api)  # an anonymous session and a document
    tokens = register(api)
    login(api, password="wrong password")  # a login failure
    # A reset link asked for, and so a request counted.
    api.post("/auth/password-reset/request", json={"email": "alice@example.com"})
    api.post("/auth/logout", headers=bearer(tokens["access_token"]))  # a blocklisted jti
    _advance(api, 86_400)
    assert all(_row_counts(stub_server).values())

    response = api.post("/_test/reset")

    assert response.status_code == httpx.codes.OK
    assert set(_row_counts(stub_server).values()) == {0}
    assert api.get("/_test/outbox", params={"email": "alice@example.com"}).json() == {
        "messages": []
    }
    assert abs(_advance(api, 0).json()["now"] - time.time()) < 5


def test_after_a_reset_the_old_users_are_gone(api: httpx.Client) -> None:
    tokens = register(api)

    api.post("/_test/reset")

    assert api.get("/auth/me", headers=bearer(tokens["access_token"])).status_code == 401
    assert login(api).status_code == httpx.codes.UNAUTHORIZED
    assert register(api)["migrated_documents"] == 0  # the email is free again


def test_sessions_lists_each_session_of_the_user(
    api: httpx.Client, stub_server: StubServer
) -> None:
    first = register(api)
    api.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    api.post("/auth/logout", headers=bearer(login(api).json()["access_token"]))
    register(api, email="bob@example.com")

    response = api.get("/_test/sessions", params={"email": "Alice@Example.com"})

    assert response.status_code == httpx.codes.OK
    sessions = response.json()["sessions"]
    assert [set(session) for session in sessions] == [
        {"sid", "revoked", "refresh_count", "created_at"}
    ] * 2
    assert sessions[0]["sid"] == claims_of(first["access_token"])["sid"]
    assert [(s["revoked"], s["refresh_count"]) for s in sessions] == [(False, 1), (True, 0)]
    created = datetime.fromisoformat(sessions[0]["created_at"]).timestamp()
    assert abs(created - claims_of(first["access_token"])["iat"]) < 1


def test_sessions_of_an_unknown_email_is_an_empty_list(api: httpx.Client) -> None:
    response = api.get("/_test/sessions", params={"email": "nobody@example.com"})

    assert response.json() == {"sessions": []}


@pytest.mark.parametrize(("method", "path"), CONTROL_PATHS)
def test_without_stub_test_controls_the_paths_are_404(
    tmp_path: Path, method: str, path: str
) -> None:
    with running_stub(tmp_path, stub_test_controls=False) as server, api_client(server) as api:
        response = api.request(method, path, params={"email": "alice@example.com"})
        schema_paths = httpx.get(f"{server.base_url}/openapi.json").json()["paths"]

    assert response.status_code == httpx.codes.NOT_FOUND
    assert not any("/_test/" in schema_path for schema_path in schema_paths)

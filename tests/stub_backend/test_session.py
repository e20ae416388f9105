"""GET /session: a user's session, or an anonymous one named by an HttpOnly cookie."""

from pathlib import Path

import httpx

from tests.stub_backend.helpers import (
    ANON_COOKIE,
    api_client,
    bearer,
    claims_of,
    database,
    register,
)
from tests.stub_server import StubServer, running_stub


def test_a_first_visit_opens_an_anonymous_session_and_sets_its_cookie(api: httpx.Client) -> None:
    response = api.get("/session")

    assert response.status_code == httpx.codes.OK
    body = response.json()
    assert body["session_type"] == "anonymous"
    assert set(body) == {"session_type", "session_id", "created_at", "document_count"}
    assert body["document_count"] == 0
    cookie = response.headers["set-cookie"]
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/", "max-age=2592000"} <= attributes
    assert "secure" not in attributes
    value = api.cookies[ANON_COOKIE]
    assert len(value) >= 40
    assert body["session_id"] != value


def test_the_cookie_brings_back_the_same_anonymous_session(api: httpx.Client) -> None:
    first = api.get("/session")

    second = api.get("/session")

    assert second.json()["session_id"] == first.json()["session_id"]
    assert "set-cookie" not in second.headers


def test_an_unknown_cookie_gets_a_fresh_session(api: httpx.Client) -> None:
    api.cookies.set(ANON_COOKIE, "made-up")
    response = api.get("/session")
    assert response.request.headers["cookie"] == f"{ANON_COOKIE}=made-up"

    assert response.json()["session_type"] == "anonymous"
    assert response.cookies[ANON_COOKIE] != "made-up"


def test_a_bearer_token_makes_the_session_authenticated(api: httpx.Client) -> None:
    api.get("/session")
    tokens = register(api)

    response = api.get("/session", headers=bearer(tokens["access_token"]))

    assert response.json() == {
        "session_type": "authenticated",
        "user_id": claims_of(tokens["access_token"])["user_id"],
        "email": "alice@example.com",
        "sid": claims_of(tokens["access_token"])["sid"],
    }


def test_the_cookie_value_is_stored_hashed(api: httpx.Client, stub_server: StubServer) -> None:
    api.get("/session")

    with database(stub_server.settings) as db:
        dump = "\n".join(db.iterdump())
    assert api.cookies[ANON_COOKIE] not in dump


def test_the_cookie_is_secure_when_configured(tmp_path: Path) -> None:
    with running_stub(tmp_path, stub_cookie_secure=True) as server, api_client(server) as api:
        cookie = api.get("/session").headers["set-cookie"]

    assert "secure" in {part.strip().lower() for part in cookie.split(";")}

"""GET /auth/sessions and DELETE /auth/sessions/{sid}: a user's own open sessions."""

import httpx

from tests.stub_backend.helpers import bearer, claims_of, login, register
from tests.stub_server import StubServer


def _sessions(api: httpx.Client, access_token: str) -> list[dict[str, object]]:
    response = api.get("/auth/sessions", headers=bearer(access_token))
    assert response.status_code == httpx.codes.OK, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def _sid(tokens: dict[str, str]) -> str:
    sid: str = claims_of(tokens["access_token"])["sid"]
    return sid


def test_lists_the_callers_open_sessions_and_marks_the_current_one(
    api: httpx.Client, stub_server: StubServer
) -> None:
    first = register(api)
    stub_server.advance_clock(60)
    second = api.post(
        "/auth/login",
        data={"username": "alice@example.com", "password": "correct horse battery"},
        headers={"User-Agent": "Firefox on a laptop"},
    ).json()
    register(api, email="bob@example.com")

    items = _sessions(api, second["access_token"])

    assert [(item["sid"], item["current"]) for item in items] == [
        (_sid(first), False),
        (_sid(second), True),
    ]
    assert items[1]["user_agent"] == "Firefox on a laptop"
    assert set(items[0]) >= {"sid", "created_at", "last_used_at", "current"}


def test_last_used_moves_with_each_refresh(api: httpx.Client, stub_server: StubServer) -> None:
    tokens = register(api)
    [before] = _sessions(api, tokens["access_token"])
    stub_server.advance_clock(120)

    refreshed = api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).json()

    [after] = _sessions(api, refreshed["access_token"])
    assert after["created_at"] == before["created_at"]
    assert after["last_used_at"] != before["last_used_at"]


def test_revoked_sessions_are_not_listed(api: httpx.Client) -> None:
    first = register(api)
    second = login(api).json()
    api.post("/auth/logout", headers=bearer(first["access_token"]))

    assert [item["sid"] for item in _sessions(api, second["access_token"])] == [_sid(second)]


def test_deleting_a_session_ends_it(api: httpx.Client, stub_server: StubServer) -> None:
    caller = register(api)
    other = login(api).json()

    response = api.delete(f"/auth/sessions/{_sid(other)}", headers=bearer(caller["access_token"]))

    assert response.status_code == httpx.codes.NO_CONTENT
    assert api.get("/auth/me", headers=bearer(other["access_token"])).status_code == 401
    assert api.get("/auth/me", headers=bearer(caller["access_token"])).status_code == 200
    assert [s["revoked"] for s in stub_server.sessions("alice@example.com")] == [False, True]


def test_another_users_session_is_not_found(api: httpx.Client, stub_server: StubServer) -> None:
    alice = register(api)
    bob = register(api, email="bob@example.com")

    response = api.delete(f"/auth/sessions/{_sid(bob)}", headers=bearer(alice["access_token"]))

    assert response.status_code == httpx.codes.NOT_FOUND
    assert response.json() == {"detail": "Session not found"}
    assert stub_server.sessions("bob@example.com")[0]["revoked"] is False


def test_an_unknown_or_ended_session_is_not_found(api: httpx.Client) -> None:
    caller = register(api)
    other = login(api).json()
    headers = bearer(caller["access_token"])
    api.delete(f"/auth/sessions/{_sid(other)}", headers=headers)

    assert api.delete(f"/auth/sessions/{_sid(other)}", headers=headers).status_code == 404
    assert api.delete("/auth/sessions/nonexistent", headers=headers).status_code == 404


def test_without_a_token_both_are_401(api: httpx.Client) -> None:
    assert api.get("/auth/sessions").status_code == httpx.codes.UNAUTHORIZED
    assert api.delete("/auth/sessions/x").status_code == httpx.codes.UNAUTHORIZED

"""POST /auth/refresh: rotation in one sid, a grace window for racing repeats, reuse revokes."""

import threading
from pathlib import Path
from typing import Any

import httpx

from tests.stub_backend.helpers import api_client, bearer, claims_of, database, forge, register
from tests.stub_server import StubServer, running_stub


def _refresh(api: httpx.Client, refresh_token: str) -> httpx.Response:
    return api.post("/auth/refresh", json={"refresh_token": refresh_token})


def _me_status(api: httpx.Client, access_token: str) -> int:
    return api.get("/auth/me", headers=bearer(access_token)).status_code


def test_refresh_rotates_the_pair_within_the_session(
    api: httpx.Client, stub_server: StubServer
) -> None:
    first = register(api)

    response = _refresh(api, first["refresh_token"])

    assert response.status_code == httpx.codes.OK
    second = response.json()
    assert set(second) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert second["refresh_token"] != first["refresh_token"]
    assert claims_of(second["access_token"])["sid"] == claims_of(first["access_token"])["sid"]
    assert _me_status(api, second["access_token"]) == httpx.codes.OK
    [session] = stub_server.sessions("alice@example.com")
    assert session["refresh_count"] == 1
    assert session["revoked"] is False


def test_a_repeat_within_the_grace_window_answers_a_valid_pair_of_the_same_session(
    api: httpx.Client, stub_server: StubServer
) -> None:
    first = register(api)
    assert _refresh(api, first["refresh_token"]).status_code == httpx.codes.OK
    # Well inside the 10 s grace, with room for a slow machine's real seconds on top.
    stub_server.advance_clock(5)

    repeat = _refresh(api, first["refresh_token"])

    assert repeat.status_code == httpx.codes.OK
    tokens = repeat.json()
    assert claims_of(tokens["access_token"])["sid"] == claims_of(first["access_token"])["sid"]
    assert _me_status(api, tokens["access_token"]) == httpx.codes.OK
    assert _refresh(api, tokens["refresh_token"]).status_code == httpx.codes.OK
    assert stub_server.sessions("alice@example.com")[0]["revoked"] is False


def test_reuse_after_the_grace_window_revokes_the_whole_session(
    api: httpx.Client, stub_server: StubServer
) -> None:
    first = register(api)
    other_session = api.post(
        "/auth/login", data={"username": "alice@example.com", "password": "correct horse battery"}
    ).json()
    second = _refresh(api, first["refresh_token"]).json()
    stub_server.advance_clock(11)

    reuse = _refresh(api, first["refresh_token"])

    assert reuse.status_code == httpx.codes.UNAUTHORIZED
    assert reuse.headers["www-authenticate"] == "Bearer"
    assert _me_status(api, first["access_token"]) == httpx.codes.UNAUTHORIZED
    assert _me_status(api, second["access_token"]) == httpx.codes.UNAUTHORIZED
    assert _refresh(api, second["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED
    revoked = {s["sid"]: s["revoked"] for s in stub_server.sessions("alice@example.com")}
    assert revoked == {
        claims_of(first["access_token"])["sid"]: True,
        claims_of(other_session["access_token"])["sid"]: False,
    }
    assert _me_status(api, other_session["access_token"]) == httpx.codes.OK


def test_two_concurrent_refreshes_with_one_token_both_succeed(tmp_path: Path) -> None:
    with running_stub(tmp_path) as server:
        with api_client(server) as api:
            first = register(api)
        results: list[httpx.Response] = []
        start = threading.Barrier(2)

        def refresh_once() -> None:
            with api_client(server) as client:
                start.wait()
                results.append(_refresh(client, first["refresh_token"]))

        threads = [threading.Thread(target=refresh_once) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert [r.status_code for r in results] == [200, 200]
        pairs: list[dict[str, Any]] = [r.json() for r in results]
        sid = claims_of(first["access_token"])["sid"]
        assert {claims_of(pair["access_token"])["sid"] for pair in pairs} == {sid}
        [session] = server.sessions("alice@example.com")
        assert session["refresh_count"] == 2
        assert session["revoked"] is False

        # The race is forgiven; a replay of the same token after the window is not.
        server.advance_clock(11)
        with api_client(server) as api:
            assert _refresh(api, first["refresh_token"]).status_code == 401
            for pair in pairs:
                assert _me_status(api, pair["access_token"]) == 401
                assert _refresh(api, pair["refresh_token"]).status_code == 401
        assert server.sessions("alice@example.com")[0]["revoked"] is True


def test_an_expired_refresh_token_is_refused(tmp_path: Path) -> None:
    # A tenth of a day: 8640 seconds.
    with running_stub(tmp_path, refresh_token_expire_days=0.1) as server, api_client(server) as api:
        first = register(api)
        claims = claims_of(first["refresh_token"])
        assert claims["exp"] - claims["iat"] == 8640
        server.advance_clock(8641)

        assert _refresh(api, first["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED


def test_fractional_lifetimes_let_tests_expire_access_tokens_in_seconds(tmp_path: Path) -> None:
    with (
        running_stub(tmp_path, access_token_expire_minutes=0.05) as server,
        api_client(server) as api,
    ):
        first = register(api)
        assert first["expires_in"] == 3
        server.advance_clock(4)
        assert _me_status(api, first["access_token"]) == httpx.codes.UNAUTHORIZED

        second = _refresh(api, first["refresh_token"]).json()

        assert _me_status(api, second["access_token"]) == httpx.codes.OK


def test_a_malformed_refresh_token_is_refused(api: httpx.Client) -> None:
    register(api)

    for token in ["", "not-a-token", "a.b.c"]:
        assert _refresh(api, token).status_code == httpx.codes.UNAUTHORIZED


def test_a_well_signed_refresh_token_the_backend_never_issued_is_refused(api: httpx.Client) -> None:
    claims = claims_of(register(api)["refresh_token"])

    response = _refresh(api, forge({**claims, "jti": "f" * 32}))

    assert response.status_code == httpx.codes.UNAUTHORIZED


def test_a_refresh_token_of_a_logged_out_session_is_refused(api: httpx.Client) -> None:
    tokens = register(api)
    api.post("/auth/logout", headers=bearer(tokens["access_token"]))

    assert _refresh(api, tokens["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED


def test_refresh_needs_a_refresh_token_field(api: httpx.Client) -> None:
    assert api.post("/auth/refresh", json={}).status_code == httpx.codes.UNPROCESSABLE_ENTITY


def test_refresh_tokens_are_stored_hashed(api: httpx.Client, stub_server: StubServer) -> None:
    tokens = register(api)
    with database(stub_server.settings) as db:
        dump = "\n".join(db.iterdump())

    assert tokens["refresh_token"] not in dump
    assert tokens["refresh_token"].split(".")[2] not in dump


def test_repeats_within_the_grace_window_never_fork_the_lineage(
    api: httpx.Client, stub_server: StubServer
) -> None:
    first = register(api)
    successor = _refresh(api, first["refresh_token"]).json()
    repeats = [_refresh(api, first["refresh_token"]).json() for _ in range(2)]
    stub_server.advance_clock(11)

    # One of the three siblings carries the lineage on; that consumes the other two.
    winner = _refresh(api, repeats[0]["refresh_token"])
    assert winner.status_code == httpx.codes.OK
    stub_server.advance_clock(11)
    assert _refresh(api, winner.json()["refresh_token"]).status_code == httpx.codes.OK

    for loser in (successor, repeats[1]):
        assert _refresh(api, loser["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED
    # Used up, then presented after the window: reuse, as for any consumed token.
    assert stub_server.sessions("alice@example.com")[0]["revoked"] is True


def test_a_sibling_presented_within_grace_of_the_winner_answers_a_pair_of_the_same_session(
    api: httpx.Client, stub_server: StubServer
) -> None:
    first = register(api)
    tab_one = _refresh(api, first["refresh_token"]).json()
    tab_two = _refresh(api, first["refresh_token"]).json()
    stub_server.advance_clock(600)

    # Two tabs racing again, ten minutes later, each with its own sibling.
    one = _refresh(api, tab_one["refresh_token"])
    two = _refresh(api, tab_two["refresh_token"])

    assert [one.status_code, two.status_code] == [httpx.codes.OK, httpx.codes.OK]
    sid = claims_of(first["access_token"])["sid"]
    assert {claims_of(r.json()["access_token"])["sid"] for r in (one, two)} == {sid}
    stub_server.advance_clock(11)
    assert _refresh(api, two.json()["refresh_token"]).status_code == httpx.codes.OK
    stub_server.advance_clock(11)
    assert _refresh(api, one.json()["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED

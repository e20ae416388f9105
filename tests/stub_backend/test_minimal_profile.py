"""STUB_PROFILE=minimal: the seed's five claims and four endpoints, with the full semantics of
rotation, reuse detection and revocation kept server-side by `jti`."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from stub_backend.profile import SEED_CLAIMS
from tests.stub_backend.helpers import api_client, bearer, claims_of, forge, login, register
from tests.stub_server import StubServer, running_stub, stub_settings

SEED_PATHS = {
    "/api/v1/auth/login",
    "/api/v1/auth/register",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/healthz",
}
ABSENT = [
    ("GET", "/auth/me"),
    ("POST", "/auth/logout-all"),
    ("GET", "/session"),
    ("GET", "/documents"),
    ("POST", "/documents"),
    ("GET", "/documents/x"),
    ("POST", "/auth/change-password"),
    ("GET", "/auth/sessions"),
    ("DELETE", "/auth/sessions/x"),
    ("POST", "/auth/password-reset/request"),
    ("POST", "/auth/password-reset/confirm"),
]


@pytest.fixture
def minimal(tmp_path: Path) -> Iterator[StubServer]:
    with running_stub(tmp_path, stub_profile="minimal") as server:
        yield server


@pytest.fixture
def api(minimal: StubServer) -> Iterator[httpx.Client]:
    with api_client(minimal) as client:
        yield client


def _refresh(api: httpx.Client, refresh_token: str) -> httpx.Response:
    return api.post("/auth/refresh", json={"refresh_token": refresh_token})


def _logout(api: httpx.Client, access_token: str) -> httpx.Response:
    return api.post("/auth/logout", headers=bearer(access_token))


def test_every_token_carries_only_the_seeds_five_claims(api: httpx.Client) -> None:
    registered = register(api)
    logged_in = login(api).json()
    refreshed = _refresh(api, logged_in["refresh_token"]).json()

    for pair in (registered, logged_in, refreshed):
        for token in (pair["access_token"], pair["refresh_token"]):
            assert set(claims_of(token)) == set(SEED_CLAIMS)


def test_token_answers_hold_only_the_two_tokens(api: httpx.Client) -> None:
    registered = register(api)
    logged_in = login(api).json()
    refreshed = _refresh(api, logged_in["refresh_token"]).json()

    for answer in (registered, logged_in, refreshed):
        assert set(answer) == {"access_token", "refresh_token"}


@pytest.mark.parametrize(("method", "path"), ABSENT)
def test_everything_beyond_the_seed_is_404(api: httpx.Client, method: str, path: str) -> None:
    token = register(api)["access_token"]

    response = api.request(method, path, headers=bearer(token))

    assert response.status_code == httpx.codes.NOT_FOUND
    assert response.json() == {"detail": "Not Found"}


def test_the_openapi_document_lists_only_the_seeds_routes(tmp_path: Path) -> None:
    with running_stub(tmp_path, stub_profile="minimal", stub_test_controls=False) as server:
        paths = httpx.get(f"{server.base_url}/openapi.json").json()["paths"]

    assert set(paths) == SEED_PATHS


def test_test_controls_still_mount(api: httpx.Client, minimal: StubServer) -> None:
    register(api)

    assert [s["revoked"] for s in minimal.sessions("alice@example.com")] == [False]
    assert api.post("/_test/reset").status_code == httpx.codes.OK


def test_logout_answers_200_with_json_and_ends_the_session(
    api: httpx.Client, minimal: StubServer
) -> None:
    tokens = register(api)

    response = _logout(api, tokens["access_token"])

    assert response.status_code == httpx.codes.OK
    assert response.json() == {"message": "Logged out"}
    assert _logout(api, tokens["access_token"]).status_code == httpx.codes.UNAUTHORIZED
    assert _refresh(api, tokens["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED
    assert minimal.sessions("alice@example.com")[0]["revoked"] is True


def test_logout_revokes_the_session_of_every_access_token_in_it(api: httpx.Client) -> None:
    first = register(api)
    second = _refresh(api, first["refresh_token"]).json()

    assert _logout(api, first["access_token"]).status_code == httpx.codes.OK

    # Never logged out itself, and its claims name no session: refused for the session the
    # backend knows it belongs to.
    assert _logout(api, second["access_token"]).status_code == httpx.codes.UNAUTHORIZED


def test_refresh_rotates_within_the_session(api: httpx.Client, minimal: StubServer) -> None:
    first = register(api)

    second = _refresh(api, first["refresh_token"])

    assert second.status_code == httpx.codes.OK
    assert second.json()["refresh_token"] != first["refresh_token"]
    [session] = minimal.sessions("alice@example.com")
    assert (session["refresh_count"], session["revoked"]) == (1, False)


def test_reuse_after_the_grace_window_revokes_the_session(
    api: httpx.Client, minimal: StubServer
) -> None:
    first = register(api)
    other = login(api).json()
    second = _refresh(api, first["refresh_token"]).json()
    minimal.advance_clock(11)

    assert _refresh(api, first["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED

    assert _refresh(api, second["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED
    assert _logout(api, second["access_token"]).status_code == httpx.codes.UNAUTHORIZED
    assert [s["revoked"] for s in minimal.sessions("alice@example.com")] == [True, False]
    assert _logout(api, other["access_token"]).status_code == httpx.codes.OK


def test_a_repeat_within_the_grace_window_answers_a_pair(
    api: httpx.Client, minimal: StubServer
) -> None:
    first = register(api)
    _refresh(api, first["refresh_token"])
    minimal.advance_clock(5)

    repeat = _refresh(api, first["refresh_token"])

    assert repeat.status_code == httpx.codes.OK
    assert _refresh(api, repeat.json()["refresh_token"]).status_code == httpx.codes.OK


def test_an_access_token_is_refused_as_a_refresh_token(api: httpx.Client) -> None:
    tokens = register(api)

    assert _refresh(api, tokens["access_token"]).status_code == httpx.codes.UNAUTHORIZED


def test_a_refresh_token_is_refused_as_an_access_token(api: httpx.Client) -> None:
    tokens = register(api)

    assert _logout(api, tokens["refresh_token"]).status_code == httpx.codes.UNAUTHORIZED
    assert _logout(api, tokens["access_token"]).status_code == httpx.codes.OK


def test_a_well_signed_token_the_backend_never_issued_is_refused(api: httpx.Client) -> None:
    claims = claims_of(register(api)["access_token"])

    assert _logout(api, forge({**claims, "jti": "f" * 32})).status_code == 401
    assert _logout(api, forge({**claims, "jti": claims["jti"]})).status_code == 200


def test_an_unknown_profile_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="stub_profile"):
        stub_settings(tmp_path, stub_profile="tiny")


def test_under_another_prefix_the_api_answers_there_only(tmp_path: Path) -> None:
    # A staging backend may answer under /api; the suite starts the stub so (--api-prefix).
    with (
        running_stub(
            tmp_path, stub_profile="minimal", stub_api_prefix="api/", stub_test_controls=False
        ) as server,
        httpx.Client(base_url=server.base_url, timeout=30.0) as root,
        httpx.Client(base_url=f"{server.base_url}/api", timeout=30.0) as api,
    ):
        paths = set(root.get("/openapi.json").json()["paths"])
        registered = register(api)
        refreshed = _refresh(api, registered["refresh_token"])
        seed_path = root.post("/api/v1/auth/login", json={})

    assert paths == {path.replace("/api/v1", "/api") for path in SEED_PATHS}
    assert refreshed.status_code == httpx.codes.OK
    assert seed_path.status_code == httpx.codes.NOT_FOUND

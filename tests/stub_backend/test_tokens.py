"""An access token is accepted only if every check holds; each forged variant here breaks one."""

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from stub_backend.security import REQUIRED_CLAIMS
from tests.stub_backend.helpers import bearer, claims_of, database, forge, login, register
from tests.stub_server import StubServer

ANOTHER_KEY = "another-key-entirely-7d1c9e3a5b8f2a4c6e0d1b3f5a7c9e2b"


def _unsigned(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _with_old_signature(token: str, **changes: Any) -> str:
    header, _, signature = token.split(".")
    payload = {**claims_of(token), **changes}
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"{header}.{body}.{signature}"


def _without(claim: str) -> Callable[[dict[str, Any]], str]:
    return lambda claims: forge({k: v for k, v in claims.items() if k != claim})


FORGERIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "alg none": _unsigned,
    "another key": lambda claims: forge(claims, key=ANOTHER_KEY),
    "HS384 with the right key": lambda claims: forge(claims, algorithm="HS384"),
    "role admin": lambda claims: forge({**claims, "role": "superuser"}),
    "type id": lambda claims: forge({**claims, "type": "id"}),
    "exp as text": lambda claims: forge({**claims, "exp": str(claims["exp"])}),
    "user_id as number": lambda claims: forge({**claims, "user_id": 1}),
    "unknown sid": lambda claims: forge({**claims, "sid": "0" * 32}),
    "another user's id": lambda claims: forge({**claims, "user_id": "0" * 32}),
    **{f"missing {claim}": _without(claim) for claim in REQUIRED_CLAIMS},
}


def _assert_refused(api: httpx.Client, token: str) -> None:
    response = api.get("/auth/me", headers=bearer(token))
    assert response.status_code == httpx.codes.UNAUTHORIZED, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert isinstance(response.json()["detail"], str)


def test_a_genuine_token_is_accepted(api: httpx.Client) -> None:
    tokens = register(api)

    assert api.get("/auth/me", headers=bearer(tokens["access_token"])).status_code == 200
    assert api.get("/auth/me", headers=bearer(forge(claims_of(tokens["access_token"])))).is_success


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_access_token_is_refused(
    api: httpx.Client, forgery: Callable[[dict[str, Any]], str]
) -> None:
    claims = claims_of(register(api)["access_token"])

    _assert_refused(api, forgery(claims))


@pytest.mark.parametrize("changes", [{"role": "admin"}, {"sub": "bob@example.com"}, {"exp": 2**40}])
def test_tampered_claims_under_the_old_signature_are_refused(
    api: httpx.Client, changes: dict[str, Any]
) -> None:
    token = register(api)["access_token"]

    _assert_refused(api, _with_old_signature(token, **changes))


@pytest.mark.parametrize("garbage", ["x", "a.b.c", "Bearer", "ü" * 10, "e30.e30.e30"])
def test_a_malformed_token_is_refused(api: httpx.Client, garbage: str) -> None:
    register(api)

    # Bytes, because a header value need not be ASCII on the wire.
    header = [(b"Authorization", f"Bearer {garbage}".encode())]
    response = api.get("/auth/me", headers=header)

    assert response.status_code == httpx.codes.UNAUTHORIZED


def test_a_token_expires_on_the_backends_clock(api: httpx.Client, stub_server: StubServer) -> None:
    token = register(api)["access_token"]

    stub_server.advance_clock(15 * 60 - 5)
    assert api.get("/auth/me", headers=bearer(token)).status_code == httpx.codes.OK
    stub_server.advance_clock(10)
    _assert_refused(api, token)


def test_tokens_are_stamped_with_the_backends_clock(
    api: httpx.Client, stub_server: StubServer
) -> None:
    now = stub_server.advance_clock(86_400)

    claims = claims_of(register(api)["access_token"])

    assert abs(claims["iat"] - now) < 5
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert claims["iat"] > time.time() + 86_000


def test_a_refresh_token_is_refused_as_an_access_token(api: httpx.Client) -> None:
    tokens = register(api)

    _assert_refused(api, tokens["refresh_token"])


def test_an_access_token_is_refused_as_a_refresh_token(api: httpx.Client) -> None:
    tokens = register(api)

    response = api.post("/auth/refresh", json={"refresh_token": tokens["access_token"]})

    assert response.status_code == httpx.codes.UNAUTHORIZED


def test_a_blocklisted_jti_is_refused_even_in_an_open_session(api: httpx.Client) -> None:
    logged_out = register(api)["access_token"]
    still_open = login(api).json()["access_token"]
    assert api.post("/auth/logout", headers=bearer(logged_out)).status_code == 204

    # Same jti as the logged-out token, but the sid of a session that is still open.
    reused_jti = forge({**claims_of(still_open), "jti": claims_of(logged_out)["jti"]})

    assert api.get("/auth/me", headers=bearer(still_open)).status_code == httpx.codes.OK
    _assert_refused(api, reused_jti)


def test_a_revoked_session_refuses_its_other_access_tokens(api: httpx.Client) -> None:
    first = register(api)
    second = api.post("/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    assert api.post("/auth/logout", headers=bearer(first["access_token"])).status_code == 204

    # Never logged out itself (its jti is not blocklisted); refused only for its sid.
    _assert_refused(api, second["access_token"])


def test_a_deleted_users_token_is_refused(api: httpx.Client, stub_server: StubServer) -> None:
    token = register(api)["access_token"]

    # No endpoint deletes users; the database does, leaving the session row in place.
    with database(stub_server.settings) as db, db:
        db.execute("DELETE FROM users")

    _assert_refused(api, token)


@pytest.mark.parametrize("path", ["/session", "/documents", "/documents/x", "/documents/x/content"])
def test_a_bad_token_is_401_where_anonymous_callers_are_welcome(
    api: httpx.Client, path: str
) -> None:
    api.get("/session")  # an anonymous cookie must not rescue the bad token

    response = api.get(path, headers=bearer("not-a-token"))

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Basic YWxpY2U6cGFzc3dvcmQ=", "", "Bearer"])
def test_an_authorization_header_that_is_not_a_bearer_token_is_401(
    api: httpx.Client, header: str
) -> None:
    response = api.get("/documents", headers={"Authorization": header})

    assert response.status_code == httpx.codes.UNAUTHORIZED

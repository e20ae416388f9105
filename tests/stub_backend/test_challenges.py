"""Every route that needs a token answers 401 with `WWW-Authenticate: Bearer` (never 403) when
the token is missing or bad, and the body is a JSON `detail` sentence."""

from collections.abc import Callable

import httpx
import pytest

from tests.stub_backend.helpers import bearer, register
from tests.stub_server import StubServer

TOKEN_ONLY_ROUTES = [("POST", "/auth/logout"), ("POST", "/auth/logout-all"), ("GET", "/auth/me")]


def _no_token(api: httpx.Client, stub_server: StubServer) -> dict[str, str]:
    return {}


def _garbage(api: httpx.Client, stub_server: StubServer) -> dict[str, str]:
    return bearer("not-a-token")


def _refresh_token(api: httpx.Client, stub_server: StubServer) -> dict[str, str]:
    return bearer(register(api)["refresh_token"])


def _expired(api: httpx.Client, stub_server: StubServer) -> dict[str, str]:
    token = register(api)["access_token"]
    stub_server.advance_clock(15 * 60)
    return bearer(token)


def _logged_out(api: httpx.Client, stub_server: StubServer) -> dict[str, str]:
    token = register(api)["access_token"]
    api.post("/auth/logout", headers=bearer(token))
    return bearer(token)


CREDENTIALS: dict[str, Callable[[httpx.Client, StubServer], dict[str, str]]] = {
    "no token": _no_token,
    "garbage": _garbage,
    "a refresh token": _refresh_token,
    "an expired token": _expired,
    "a logged-out token": _logged_out,
}


@pytest.mark.parametrize(("method", "path"), TOKEN_ONLY_ROUTES)
@pytest.mark.parametrize("credentials", CREDENTIALS.values(), ids=CREDENTIALS.keys())
def test_a_missing_or_bad_token_is_401_with_a_bearer_challenge(
    api: httpx.Client,
    stub_server: StubServer,
    method: str,
    path: str,
    credentials: Callable[[httpx.Client, StubServer], dict[str, str]],
) -> None:
    headers = credentials(api, stub_server)

    response = api.request(method, path, headers=headers)

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"
    assert isinstance(response.json()["detail"], str)

"""Inputs that once made the stub answer 500; each must get an ordinary 4xx or success instead.
Every error body is JSON with a `detail`, whichever layer answers."""

import httpx
import pytest

from tests.stub_backend.helpers import bearer, register

# JSON may carry a lone surrogate ("\ud800"), which no UTF-8 encoder accepts; httpx's `json=`
# would refuse to send it, so these bodies are written by hand.
LONE_SURROGATE_REFRESH = b'{"refresh_token": "\\ud800"}'


def _post_json(api: httpx.Client, path: str, body: bytes, **headers: str) -> httpx.Response:
    return api.post(path, content=body, headers={"Content-Type": "application/json", **headers})


def test_a_refresh_token_with_a_lone_surrogate_is_401(api: httpx.Client) -> None:
    response = _post_json(api, "/auth/refresh", LONE_SURROGATE_REFRESH)

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"


def test_logout_with_a_lone_surrogate_refresh_token_still_logs_out(api: httpx.Client) -> None:
    token = register(api)["access_token"]

    response = _post_json(api, "/auth/logout", LONE_SURROGATE_REFRESH, **bearer(token))

    assert response.status_code == httpx.codes.NO_CONTENT
    assert api.get("/auth/me", headers=bearer(token)).status_code == httpx.codes.UNAUTHORIZED


def test_a_non_ascii_bearer_token_is_401(api: httpx.Client) -> None:
    response = api.get("/auth/me", headers=[(b"Authorization", "Bearer \u00e9\u00e8".encode())])

    assert response.status_code == httpx.codes.UNAUTHORIZED


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/no-such-route", httpx.codes.NOT_FOUND),
        ("PUT", "/auth/login", httpx.codes.METHOD_NOT_ALLOWED),
        ("POST", "/auth/register", httpx.codes.UNPROCESSABLE_ENTITY),
    ],
)
def test_framework_errors_are_json_with_a_detail(
    api: httpx.Client, method: str, path: str, status: int
) -> None:
    response = api.request(
        method, path, content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"]

"""POST /auth/change-password: the right current password, a strong new one; every other session
ends, the caller's stays."""

from pathlib import Path

import httpx
import pytest

from tests.stub_backend.helpers import PASSWORD, api_client, bearer, login, register
from tests.stub_server import StubServer, running_stub

NEW_PASSWORD = "a brand new passphrase"


def _change(
    api: httpx.Client, access_token: str, current: str = PASSWORD, new: str = NEW_PASSWORD
) -> httpx.Response:
    return api.post(
        "/auth/change-password",
        json={"current_password": current, "new_password": new},
        headers=bearer(access_token),
    )


def _me_status(api: httpx.Client, access_token: str) -> int:
    return api.get("/auth/me", headers=bearer(access_token)).status_code


def test_the_new_password_logs_in_and_the_old_one_no_longer_does(api: httpx.Client) -> None:
    tokens = register(api)

    response = _change(api, tokens["access_token"])

    assert response.status_code == httpx.codes.NO_CONTENT
    assert response.content == b""
    assert login(api).status_code == httpx.codes.UNAUTHORIZED
    assert login(api, password=NEW_PASSWORD).status_code == httpx.codes.OK


def test_every_other_session_ends_and_the_callers_stays(
    api: httpx.Client, stub_server: StubServer
) -> None:
    caller = register(api)
    other = login(api).json()
    register(api, email="bob@example.com")

    _change(api, caller["access_token"])

    assert _me_status(api, caller["access_token"]) == httpx.codes.OK
    assert _me_status(api, other["access_token"]) == httpx.codes.UNAUTHORIZED
    refreshed = api.post("/auth/refresh", json={"refresh_token": caller["refresh_token"]})
    assert refreshed.status_code == httpx.codes.OK
    assert [s["revoked"] for s in stub_server.sessions("alice@example.com")] == [False, True]
    assert [s["revoked"] for s in stub_server.sessions("bob@example.com")] == [False]


def test_a_wrong_current_password_is_401_and_changes_nothing(api: httpx.Client) -> None:
    tokens = register(api)
    other = login(api).json()

    response = _change(api, tokens["access_token"], current="not my password")

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.json() == {"detail": "Current password is incorrect"}
    assert login(api).status_code == httpx.codes.OK
    assert _me_status(api, other["access_token"]) == httpx.codes.OK


def test_guesses_at_the_current_password_are_throttled_like_logins(tmp_path: Path) -> None:
    with (
        running_stub(tmp_path, login_max_failures=2, login_first_delay_seconds=100) as server,
        api_client(server) as api,
    ):
        tokens = register(api)
        for _ in range(2):
            assert _change(api, tokens["access_token"], current="guess").status_code == 401

        response = _change(api, tokens["access_token"])

        assert response.status_code == httpx.codes.TOO_MANY_REQUESTS
        assert int(response.headers["retry-after"]) >= 1
        server.advance_clock(100)
        assert _change(api, tokens["access_token"]).status_code == httpx.codes.NO_CONTENT


@pytest.mark.parametrize("weak", ["short", "x" * 129, "password123", "QWERTYUIOP"])
def test_a_weak_new_password_is_422(api: httpx.Client, weak: str) -> None:
    tokens = register(api)

    response = _change(api, tokens["access_token"], new=weak)

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert all(isinstance(item["msg"], str) for item in response.json()["detail"])
    assert login(api).status_code == httpx.codes.OK


def test_without_a_token_it_is_401(api: httpx.Client) -> None:
    register(api)

    response = api.post(
        "/auth/change-password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"

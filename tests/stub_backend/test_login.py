"""POST /auth/login: OAuth2 form; one answer for unknown email and wrong password. The throttle
has its own file."""

import statistics
import time
from pathlib import Path

import httpx

from tests.stub_backend.helpers import PASSWORD, api_client, bearer, claims_of, login, register
from tests.stub_server import running_stub


def test_login_with_the_oauth2_form_answers_a_token_pair(api: httpx.Client) -> None:
    register(api)

    response = login(api)

    assert response.status_code == httpx.codes.OK
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["migrated_documents"] == 0
    assert api.get("/auth/me", headers=bearer(body["access_token"])).status_code == httpx.codes.OK


def test_each_login_opens_a_new_session(api: httpx.Client) -> None:
    registered = register(api)

    logged_in = login(api).json()

    assert (
        claims_of(logged_in["access_token"])["sid"] != claims_of(registered["access_token"])["sid"]
    )


def test_login_refuses_json(api: httpx.Client) -> None:
    register(api)

    response = api.post("/auth/login", json={"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY


def test_unknown_email_and_wrong_password_get_the_same_answer(api: httpx.Client) -> None:
    register(api)

    wrong_password = login(api, password="not the password")
    unknown_email = login(api, email="nobody@example.com")

    for response in (wrong_password, unknown_email):
        assert response.status_code == httpx.codes.UNAUTHORIZED
        assert response.json() == {"detail": "Invalid email or password"}
        assert response.headers["www-authenticate"] == "Bearer"
    assert wrong_password.content == unknown_email.content


def _median_seconds(api: httpx.Client, emails: list[str]) -> float:
    durations = []
    for email in emails:
        started = time.perf_counter()
        assert login(api, email=email, password="not the password").status_code == 401
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def test_unknown_email_takes_as_long_as_wrong_password(tmp_path: Path) -> None:
    # The real argon2id cost: with the test cost both answers are too fast to tell apart.
    with (
        running_stub(tmp_path, stub_argon2_time_cost=3, stub_argon2_memory_kib=65536) as server,
        api_client(server) as api,
    ):
        register(api)
        known = _median_seconds(api, ["alice@example.com"] * 3)
        unknown = _median_seconds(api, [f"nobody{n}@example.com" for n in range(3)])

    # Skipping the hash for unknown emails would make them about a hundred times faster.
    assert unknown > known / 3

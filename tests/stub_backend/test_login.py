"""POST /auth/login: OAuth2 form; one answer for unknown email and wrong password; 429 limit."""

import statistics
import threading
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


def test_too_many_failures_answer_429_even_with_the_right_password(api: httpx.Client) -> None:
    register(api)
    for _ in range(5):
        assert login(api, password="wrong password").status_code == httpx.codes.UNAUTHORIZED

    response = login(api)

    assert response.status_code == httpx.codes.TOO_MANY_REQUESTS
    assert 890 <= int(response.headers["retry-after"]) <= 900
    assert "Try again in" in response.json()["detail"]


def test_the_limit_lifts_once_the_oldest_failure_leaves_the_window(
    tmp_path: Path,
) -> None:
    with (
        running_stub(tmp_path, login_max_failures=2, login_failure_window_seconds=60) as server,
        api_client(server) as api,
    ):
        register(api)
        login(api, password="wrong password")
        server.advance_clock(20)
        login(api, password="wrong password")

        limited = login(api)
        assert limited.status_code == httpx.codes.TOO_MANY_REQUESTS
        retry_after = int(limited.headers["retry-after"])
        assert 39 <= retry_after <= 40

        server.advance_clock(retry_after - 2)
        assert login(api).status_code == httpx.codes.TOO_MANY_REQUESTS
        server.advance_clock(2)
        assert login(api).status_code == httpx.codes.OK


def test_a_successful_login_clears_the_failures(api: httpx.Client) -> None:
    register(api)
    for _ in range(4):
        login(api, password="wrong password")
    assert login(api).status_code == httpx.codes.OK

    for _ in range(4):
        assert login(api, password="wrong password").status_code == httpx.codes.UNAUTHORIZED
    assert login(api).status_code == httpx.codes.OK


def test_failures_count_per_email_whatever_its_case(api: httpx.Client) -> None:
    register(api, email="alice@example.com")
    register(api, email="bob@example.com")
    for _ in range(5):
        login(api, email="ALICE@example.com", password="wrong password")

    assert login(api, email="alice@example.com").status_code == httpx.codes.TOO_MANY_REQUESTS
    assert login(api, email="bob@example.com").status_code == httpx.codes.OK


def test_unknown_emails_are_limited_too(api: httpx.Client) -> None:
    for _ in range(5):
        login(api, email="nobody@example.com")

    assert login(api, email="nobody@example.com").status_code == httpx.codes.TOO_MANY_REQUESTS


def test_parallel_guesses_cannot_overrun_the_limit(tmp_path: Path) -> None:
    with running_stub(tmp_path, login_max_failures=3) as server:
        with api_client(server) as api:
            register(api)
        statuses: list[int] = []
        start = threading.Barrier(8)

        def guess() -> None:
            with api_client(server) as client:
                start.wait()
                statuses.append(login(client, password="wrong password").status_code)

        threads = [threading.Thread(target=guess) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(statuses) == [401] * 3 + [429] * 5

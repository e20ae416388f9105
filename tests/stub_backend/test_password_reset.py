"""POST /auth/password-reset/request and /confirm, and the outbox test control."""

import logging
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from stub_backend.outbox import Message, Outbox
from stub_backend.security import Passwords
from stub_backend.store.accounts import Accounts
from tests.stub_backend.helpers import PASSWORD, api_client, bearer, database, login, register
from tests.stub_server import StubServer, running_stub

NEW_PASSWORD = "a brand new passphrase"
SENT = {"message": "If an account exists for this email, a reset link has been sent."}


def _request(api: httpx.Client, email: str = "alice@example.com") -> httpx.Response:
    return api.post("/auth/password-reset/request", json={"email": email})


def _confirm(api: httpx.Client, token: str, new_password: str = NEW_PASSWORD) -> httpx.Response:
    return api.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": new_password}
    )


def _outbox(api: httpx.Client, email: str = "alice@example.com") -> list[dict[str, Any]]:
    response = api.get("/_test/outbox", params={"email": email})
    assert response.status_code == httpx.codes.OK, response.text
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


def _reset_token(api: httpx.Client, email: str = "alice@example.com") -> str:
    assert _request(api, email).status_code == httpx.codes.ACCEPTED
    token: str = _outbox(api, email)[-1]["reset_token"]
    return token


def test_a_request_answers_202_and_mails_a_link(api: httpx.Client) -> None:
    register(api)

    response = _request(api, "Alice@Example.com")

    assert response.status_code == httpx.codes.ACCEPTED
    assert response.json() == SENT
    [message] = _outbox(api)
    assert set(message) == {"to", "reset_token", "created_at"}
    assert message["to"] == "alice@example.com"


def test_an_unknown_email_gets_the_same_answer_and_no_mail(api: httpx.Client) -> None:
    response = _request(api, "nobody@example.com")

    assert response.status_code == httpx.codes.ACCEPTED
    assert response.json() == SENT
    assert _outbox(api, "nobody@example.com") == []


def test_the_link_is_logged_at_warning_under_the_apps_address(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        running_stub(tmp_path, stub_reset_link_base="http://127.0.0.1:9999/") as server,
        api_client(server) as api,
        caplog.at_level(logging.WARNING),
    ):
        register(api)
        token = _reset_token(api)

    link = f"http://127.0.0.1:9999/reset-password?token={token}"
    assert any(
        record.levelno == logging.WARNING and link in record.getMessage()
        for record in caplog.records
    )


@pytest.mark.parametrize("email", ["not-an-email", "", "a@"])
def test_an_invalid_email_is_422(api: httpx.Client, email: str) -> None:
    assert _request(api, email).status_code == httpx.codes.UNPROCESSABLE_ENTITY


def test_confirming_sets_the_password_and_ends_every_session(
    api: httpx.Client, stub_server: StubServer
) -> None:
    tokens = register(api)
    login(api)

    response = _confirm(api, _reset_token(api))

    assert response.status_code == httpx.codes.NO_CONTENT
    assert response.content == b""
    assert {s["revoked"] for s in stub_server.sessions("alice@example.com")} == {True}
    assert api.get("/auth/me", headers=bearer(tokens["access_token"])).status_code == 401
    assert login(api).status_code == httpx.codes.UNAUTHORIZED
    assert login(api, password=NEW_PASSWORD).status_code == httpx.codes.OK


def test_a_link_works_once(api: httpx.Client) -> None:
    register(api)
    token = _reset_token(api)
    _confirm(api, token)

    response = _confirm(api, token, "yet another passphrase")

    assert response.status_code == httpx.codes.BAD_REQUEST
    assert isinstance(response.json()["detail"], str)
    assert login(api, password=NEW_PASSWORD).status_code == httpx.codes.OK


def test_a_link_expires_after_30_minutes_on_the_backends_clock(
    api: httpx.Client, stub_server: StubServer
) -> None:
    register(api)
    stale, fresh = _reset_token(api), _reset_token(api)
    stub_server.advance_clock(30 * 60 - 10)
    assert _confirm(api, fresh).status_code == httpx.codes.NO_CONTENT

    register(api, email="bob@example.com")
    late = _reset_token(api, "bob@example.com")
    stub_server.advance_clock(30 * 60 + 1)

    assert _confirm(api, late).status_code == httpx.codes.BAD_REQUEST
    assert _confirm(api, stale).status_code == httpx.codes.BAD_REQUEST


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 500])
def test_an_unknown_link_is_400(api: httpx.Client, token: str) -> None:
    register(api)

    assert _confirm(api, token).status_code == httpx.codes.BAD_REQUEST


def test_a_weak_password_is_422_and_keeps_the_link(api: httpx.Client) -> None:
    register(api)
    token = _reset_token(api)

    assert _confirm(api, token, "password1").status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert _confirm(api, token, "short").status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert _confirm(api, token).status_code == httpx.codes.NO_CONTENT


def test_a_password_change_voids_pending_links(api: httpx.Client) -> None:
    tokens = register(api)
    token = _reset_token(api)
    api.post(
        "/auth/change-password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(tokens["access_token"]),
    )

    assert _confirm(api, token, "yet another passphrase").status_code == 400


def test_a_reset_lifts_the_login_throttle_of_the_email(tmp_path: Path) -> None:
    # A long first delay: the real seconds of a slow machine must not lift it first.
    with (
        running_stub(tmp_path, login_first_delay_seconds=100) as server,
        api_client(server) as api,
    ):
        register(api)
        for _ in range(5):
            login(api, password="wrong password")
        assert login(api).status_code == httpx.codes.TOO_MANY_REQUESTS

        _confirm(api, _reset_token(api))

        assert login(api, password=NEW_PASSWORD).status_code == httpx.codes.OK


def test_too_many_requests_for_one_email_are_429(
    api: httpx.Client, stub_server: StubServer
) -> None:
    for email in ("alice@example.com", "nobody@example.com"):
        for _ in range(3):
            assert _request(api, email).status_code == httpx.codes.ACCEPTED

        response = _request(api, email)

        assert response.status_code == httpx.codes.TOO_MANY_REQUESTS
        assert 1 <= int(response.headers["retry-after"]) <= 900
        assert "Try again in" in response.json()["detail"]
    stub_server.advance_clock(901)
    assert _request(api).status_code == httpx.codes.ACCEPTED


def test_too_many_requests_from_one_client_are_429(tmp_path: Path) -> None:
    with (
        running_stub(tmp_path, password_reset_max_per_client=2) as server,
        api_client(server) as api,
    ):
        assert _request(api, "a@example.com").status_code == httpx.codes.ACCEPTED
        assert _request(api, "b@example.com").status_code == httpx.codes.ACCEPTED

        assert _request(api, "c@example.com").status_code == httpx.codes.TOO_MANY_REQUESTS


def test_reset_tokens_are_stored_hashed(api: httpx.Client, stub_server: StubServer) -> None:
    register(api)
    token = _reset_token(api)

    with database(stub_server.settings) as db:
        dump = "\n".join(db.iterdump())

    assert token not in dump


def test_without_test_controls_no_reset_token_is_kept_in_memory() -> None:
    outbox = Outbox(keep=False)

    outbox.post(Message(to="alice@example.com", reset_token="t", created_at=0.0))

    assert outbox.messages_to("alice@example.com") == []


def test_a_made_up_token_is_refused_before_any_password_is_hashed(
    api: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[str] = []
    real_hash = Passwords.hash

    def counted_hash(self: Passwords, password: str) -> str:
        hashed.append(password)
        return real_hash(self, password)

    monkeypatch.setattr(Passwords, "hash", counted_hash)

    assert _confirm(api, "a-token-nobody-was-sent").status_code == httpx.codes.BAD_REQUEST
    assert hashed == []  # an argon2id hash per made-up token would be free work for anyone


def test_confirm_attempts_from_one_client_are_throttled(tmp_path: Path) -> None:
    with (
        running_stub(tmp_path, password_reset_confirm_max_per_client=3) as stub,
        api_client(stub) as api,
    ):
        refused = [_confirm(api, f"made-up-{n}").status_code for n in range(3)]
        throttled = _confirm(api, "made-up-3")
    assert refused == [httpx.codes.BAD_REQUEST] * 3
    assert throttled.status_code == httpx.codes.TOO_MANY_REQUESTS
    assert int(throttled.headers["Retry-After"]) > 0


def test_a_request_is_answered_before_the_account_is_looked_up(
    api: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(api)
    release, finished = threading.Event(), threading.Event()
    real_credentials = Accounts.credentials

    def held_credentials(self: Accounts, email: str) -> Any:
        if email == "alice@example.com":
            release.wait(timeout=5)
        found = real_credentials(self, email)
        finished.set()
        return found

    monkeypatch.setattr(Accounts, "credentials", held_credentials)
    try:
        # Answered while the lookup is held: the answer waits for nothing that depends on
        # whether the account exists, so known and unknown emails take the same time.
        assert _request(api).status_code == httpx.codes.ACCEPTED
        assert not finished.is_set()
    finally:
        release.set()
    assert len(_outbox(api)) == 1  # the link is still sent (the outbox waits for the send)

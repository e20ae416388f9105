"""POST /auth/register: 201 TokenPair + migrated_documents; 409 taken; 422 bad email, weak
password."""

from pathlib import Path

import httpx
import pytest

from tests.stub_backend.helpers import PASSWORD, bearer, claims_of, database, login, register
from tests.stub_server import StubServer, running_stub


def test_register_answers_201_with_a_token_pair(api: httpx.Client) -> None:
    response = api.post("/auth/register", json={"email": "alice@example.com", "password": PASSWORD})

    assert response.status_code == httpx.codes.CREATED
    body = response.json()
    assert set(body) == {
        "access_token",
        "refresh_token",
        "token_type",
        "expires_in",
        "migrated_documents",
    }
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 15 * 60
    assert body["migrated_documents"] == 0
    assert claims_of(body["access_token"])["type"] == "access"
    assert claims_of(body["refresh_token"])["type"] == "refresh"


def test_register_opens_a_session_shared_by_both_tokens(api: httpx.Client) -> None:
    tokens = register(api)

    access, refresh = claims_of(tokens["access_token"]), claims_of(tokens["refresh_token"])
    assert access["sid"] == refresh["sid"]
    assert access["sub"] == "alice@example.com"
    assert access["role"] == "user"


def test_register_stores_the_email_in_lower_case(api: httpx.Client) -> None:
    tokens = register(api, email="Alice@Example.COM")

    me = api.get("/auth/me", headers=bearer(tokens["access_token"])).json()
    assert me["email"] == "alice@example.com"
    assert login(api, email="ALICE@example.com").status_code == httpx.codes.OK


def test_register_refuses_a_taken_email_whatever_its_case(api: httpx.Client) -> None:
    register(api, email="alice@example.com")

    response = api.post("/auth/register", json={"email": "ALICE@example.com", "password": PASSWORD})

    assert response.status_code == httpx.codes.CONFLICT
    assert response.json() == {"detail": "An account with this email already exists."}


@pytest.mark.parametrize("email", ["not-an-email", "", "alice@", "@example.com", "a b@example.com"])
def test_register_refuses_an_invalid_email(api: httpx.Client, email: str) -> None:
    response = api.post("/auth/register", json={"email": email, "password": PASSWORD})

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "email"]
    assert error["msg"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567", "Password must be at least 8 characters."),
        ("x" * 129, "Password must be at most 128 characters."),
    ],
)
def test_register_refuses_a_password_outside_8_to_128_characters(
    api: httpx.Client, password: str, message: str
) -> None:
    response = api.post("/auth/register", json={"email": "alice@example.com", "password": password})

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert [error["msg"] for error in response.json()["detail"]] == [message]


@pytest.mark.parametrize("password", ["qm4#zr8!", "é" * 128])
def test_register_accepts_passwords_at_the_length_limits(api: httpx.Client, password: str) -> None:
    register(api, password=password)

    assert login(api, password=password).status_code == httpx.codes.OK


@pytest.mark.parametrize("password", ["12345678", "password123", "IloveYou"])
def test_register_refuses_one_of_the_most_common_passwords(
    api: httpx.Client, password: str
) -> None:
    response = api.post("/auth/register", json={"email": "alice@example.com", "password": password})

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert [error["msg"] for error in response.json()["detail"]] == [
        "This password is too common; choose another."
    ]


def test_a_refused_password_is_not_echoed_back(api: httpx.Client) -> None:
    response = api.post(
        "/auth/register", json={"email": "alice@example.com", "password": "hunter2"}
    )

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert "hunter2" not in response.text


@pytest.mark.parametrize("body", [{}, {"email": "alice@example.com"}, {"password": PASSWORD}])
def test_register_needs_both_fields(api: httpx.Client, body: dict[str, str]) -> None:
    response = api.post("/auth/register", json=body)

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert all(error["msg"] for error in response.json()["detail"])


def test_admin_emails_register_with_the_admin_role(tmp_path: Path) -> None:
    with (
        running_stub(tmp_path, stub_admin_emails="root@example.com, Boss@Example.com") as server,
        httpx.Client(base_url=f"{server.base_url}/api/v1") as api,
    ):
        boss = register(api, email="boss@example.com")
        alice = register(api, email="alice@example.com")

        assert claims_of(boss["access_token"])["role"] == "admin"
        assert api.get("/auth/me", headers=bearer(boss["access_token"])).json()["role"] == "admin"
        assert claims_of(alice["access_token"])["role"] == "user"


def test_passwords_are_stored_as_argon2id_hashes(
    api: httpx.Client, stub_server: StubServer
) -> None:
    register(api, password=PASSWORD)

    with database(stub_server.settings) as db:
        [(stored,)] = db.execute("SELECT password_hash FROM users").fetchall()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored

"""What the app relies on in the full-stack FastAPI template's API (our stand-in for it)."""

import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from tests.backends import template_api
from tests.backends_checks.conftest import SUPERUSER_EMAIL, backend_settings, client_of
from tests.backends_checks.helpers import (
    PASSWORD,
    bearer,
    forged,
    new_email,
    wait_until_expired,
)
from tests.stub_server import TEST_JWT_SECRET

USER_KEYS = {"id", "email", "is_active", "is_superuser", "full_name", "created_at"}
NOT_VALIDATED = {"detail": "Could not validate credentials"}


def signup(api: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return api.post("/users/signup", json={"email": email, "password": password})


def login(api: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return api.post("/login/access-token", data={"username": email, "password": password})


def token_of(api: httpx.Client, email: str | None = None) -> str:
    email = email or new_email()
    signup(api, email)
    token: str = login(api, email).json()["access_token"]
    return token


def superuser_token(api: httpx.Client) -> str:
    signup(api, SUPERUSER_EMAIL)  # 400 when another test signed it up first
    return token_of(api, SUPERUSER_EMAIL)


def test_signup_answers_200_and_the_public_user_without_tokens(
    template_api_client: httpx.Client,
) -> None:
    email = new_email()

    response = template_api_client.post(
        "/users/signup", json={"email": email, "password": PASSWORD, "full_name": "Ada"}
    )

    assert response.status_code == httpx.codes.OK
    body = response.json()
    assert set(body) == USER_KEYS
    assert body["email"] == email
    assert body["full_name"] == "Ada"
    assert body["is_active"] is True
    assert body["is_superuser"] is False
    assert uuid.UUID(body["id"])


def test_a_taken_email_is_400_with_the_templates_sentence(
    template_api_client: httpx.Client,
) -> None:
    email = new_email()
    signup(template_api_client, email)

    response = signup(template_api_client, email)

    assert response.status_code == httpx.codes.BAD_REQUEST
    assert response.json() == {"detail": "The user with this email already exists in the system"}


@pytest.mark.parametrize(
    ("email", "password"),
    [(None, "7-chars"), (None, "x" * 129), ("not-an-email", PASSWORD)],
    ids=["short-password", "long-password", "bad-email"],
)
def test_signup_validation_is_422(
    template_api_client: httpx.Client, email: str | None, password: str
) -> None:
    response = signup(template_api_client, email or new_email(), password=password)

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY


def test_a_128_character_password_is_accepted(template_api_client: httpx.Client) -> None:
    email = new_email()

    assert signup(template_api_client, email, password="x" * 128).is_success
    assert login(template_api_client, email, password="x" * 128).is_success


def test_login_takes_the_oauth2_form_and_answers_a_bearer_token(
    template_api_client: httpx.Client,
) -> None:
    email = new_email()
    signup(template_api_client, email)

    response = login(template_api_client, email)

    assert response.status_code == httpx.codes.OK
    body = response.json()
    assert set(body) == {"access_token", "token_type"}
    assert body["token_type"] == "bearer"


@pytest.mark.parametrize("known_email", [True, False], ids=["wrong-password", "unknown-email"])
def test_bad_credentials_are_400_incorrect_email_or_password(
    template_api_client: httpx.Client, known_email: bool
) -> None:
    email = new_email()
    if known_email:
        signup(template_api_client, email)

    response = login(template_api_client, email, password="wrong-password")

    assert response.status_code == httpx.codes.BAD_REQUEST
    assert response.json() == {"detail": "Incorrect email or password"}


def test_the_token_carries_exactly_sub_and_an_integer_exp(
    template_api_client: httpx.Client,
) -> None:
    email = new_email()
    user_id = signup(template_api_client, email).json()["id"]

    token = login(template_api_client, email).json()["access_token"]

    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(token, TEST_JWT_SECRET, algorithms=["HS256"])
    assert set(claims) == {"sub", "exp"}
    assert claims["sub"] == user_id
    assert isinstance(claims["exp"], int)
    assert 890 < claims["exp"] - time.time() <= 900


def test_me_answers_the_public_user(template_api_client: httpx.Client) -> None:
    email = new_email()
    signed_up = signup(template_api_client, email).json()
    token = login(template_api_client, email).json()["access_token"]

    response = template_api_client.get("/users/me", headers=bearer(token))

    assert response.status_code == httpx.codes.OK
    assert response.json() == signed_up


def test_no_token_is_401_not_authenticated(template_api_client: httpx.Client) -> None:
    response = template_api_client.get("/users/me")

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.json() == {"detail": "Not authenticated"}


@pytest.mark.parametrize("kind", ["not-a-jwt", "forged"])
def test_a_bad_token_is_403_could_not_validate_credentials(
    template_api_client: httpx.Client, kind: str
) -> None:
    token = forged(token_of(template_api_client)) if kind == "forged" else "not-a-jwt"

    response = template_api_client.get("/users/me", headers=bearer(token))

    assert response.status_code == httpx.codes.FORBIDDEN
    assert response.json() == NOT_VALIDATED


def test_a_valid_token_of_no_user_is_404(template_api_client: httpx.Client) -> None:
    expire = datetime.now(UTC) + timedelta(minutes=5)
    token = jwt.encode({"exp": expire, "sub": str(uuid.uuid4())}, TEST_JWT_SECRET)

    response = template_api_client.get("/users/me", headers=bearer(token))

    assert response.status_code == httpx.codes.NOT_FOUND
    assert response.json() == {"detail": "User not found"}


def test_an_expired_token_is_403(template_short_api: httpx.Client) -> None:
    token = token_of(template_short_api)
    assert template_short_api.get("/users/me", headers=bearer(token)).is_success

    wait_until_expired(token)

    response = template_short_api.get("/users/me", headers=bearer(token))
    assert response.status_code == httpx.codes.FORBIDDEN
    assert response.json() == NOT_VALIDATED


def test_a_superuser_email_signs_up_a_superuser(template_api_client: httpx.Client) -> None:
    token = superuser_token(template_api_client)

    me = template_api_client.get("/users/me", headers=bearer(token))

    assert me.json()["is_superuser"] is True


def test_a_deactivated_user_is_400_inactive_user(template_api_client: httpx.Client) -> None:
    root = superuser_token(template_api_client)
    email = new_email()
    user_id = signup(template_api_client, email).json()["id"]
    token = login(template_api_client, email).json()["access_token"]

    patched = template_api_client.patch(
        f"/users/{user_id}", json={"is_active": False}, headers=bearer(root)
    )

    assert patched.json()["is_active"] is False
    inactive = {"detail": "Inactive user"}
    assert login(template_api_client, email).json() == inactive
    me = template_api_client.get("/users/me", headers=bearer(token))
    assert me.status_code == httpx.codes.BAD_REQUEST
    assert me.json() == inactive


def test_only_a_superuser_may_update_a_user(template_api_client: httpx.Client) -> None:
    email = new_email()
    user_id = signup(template_api_client, email).json()["id"]
    token = login(template_api_client, email).json()["access_token"]

    response = template_api_client.patch(
        f"/users/{user_id}", json={"is_superuser": True}, headers=bearer(token)
    )

    assert response.status_code == httpx.codes.FORBIDDEN
    assert response.json() == {"detail": "The user doesn't have enough privileges"}


def test_the_openapi_document_is_under_api_v1(template_api_client: httpx.Client) -> None:
    root = template_api_client.base_url.copy_with(path="/")

    assert template_api_client.get("/openapi.json").status_code == httpx.codes.OK
    assert template_api_client.get(root.join("/openapi.json")).status_code == httpx.codes.NOT_FOUND


def test_the_health_check_answers_true(template_api_client: httpx.Client) -> None:
    assert template_api_client.get("/utils/health-check/").json() is True


def test_users_survive_a_restart(tmp_path: Path) -> None:
    email = new_email()
    settings = template_api.Settings(**backend_settings(tmp_path / "db.sqlite3"))
    prefix = template_api.API_V1_STR
    with client_of(template_api.create_app(settings), "template-1", prefix=prefix) as api:
        signup(api, email)

    with client_of(template_api.create_app(settings), "template-2", prefix=prefix) as api:
        assert login(api, email).status_code == httpx.codes.OK

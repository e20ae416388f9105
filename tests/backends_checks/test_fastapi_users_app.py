"""What the app relies on in a fastapi-users 15 backend (JWT strategy, Bearer transport)."""

import time
from pathlib import Path

import httpx
import jwt
import pytest

from tests.backends import fastapi_users_app
from tests.backends_checks.conftest import SUPERUSER_EMAIL, backend_settings, client_of
from tests.backends_checks.helpers import (
    PASSWORD,
    bearer,
    claims_of,
    forged,
    new_email,
    wait_until_expired,
)
from tests.stub_server import TEST_JWT_SECRET

USER_KEYS = {"id", "email", "is_active", "is_superuser", "is_verified"}


def register(api: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return api.post("/auth/register", json={"email": email, "password": password})


def login(api: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return api.post("/auth/jwt/login", data={"username": email, "password": password})


def token_of(api: httpx.Client, email: str | None = None) -> str:
    email = email or new_email()
    register(api, email)
    token: str = login(api, email).json()["access_token"]
    return token


def superuser_token(api: httpx.Client) -> str:
    register(api, SUPERUSER_EMAIL)  # 400 when another test registered it first
    token: str = login(api, SUPERUSER_EMAIL).json()["access_token"]
    return token


def test_register_answers_201_and_the_user_without_tokens(fastapi_users_api: httpx.Client) -> None:
    email = new_email()

    response = fastapi_users_api.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "is_superuser": True}
    )

    assert response.status_code == httpx.codes.CREATED
    body = response.json()
    assert set(body) == USER_KEYS
    assert body["email"] == email
    assert body["is_active"] is True
    assert body["is_superuser"] is False
    assert body["is_verified"] is False


def test_a_taken_email_is_400_register_user_already_exists(
    fastapi_users_api: httpx.Client,
) -> None:
    email = new_email()
    register(fastapi_users_api, email)

    response = register(fastapi_users_api, email.upper())

    assert response.status_code == httpx.codes.BAD_REQUEST
    assert response.json() == {"detail": "REGISTER_USER_ALREADY_EXISTS"}


def test_a_short_password_is_400_with_code_and_reason(fastapi_users_api: httpx.Client) -> None:
    response = register(fastapi_users_api, new_email(), password="short")

    assert response.status_code == httpx.codes.BAD_REQUEST
    assert response.json() == {
        "detail": {
            "code": "REGISTER_INVALID_PASSWORD",
            "reason": "Password should be at least 8 characters",
        }
    }


def test_a_malformed_email_is_422(fastapi_users_api: httpx.Client) -> None:
    assert (
        register(fastapi_users_api, "not-an-email").status_code == httpx.codes.UNPROCESSABLE_ENTITY
    )


def test_login_takes_the_oauth2_form_and_answers_a_bearer_token(
    fastapi_users_api: httpx.Client,
) -> None:
    email = new_email()
    register(fastapi_users_api, email)

    response = login(fastapi_users_api, email.upper())

    assert response.status_code == httpx.codes.OK
    body = response.json()
    assert set(body) == {"access_token", "token_type"}
    assert body["token_type"] == "bearer"
    json_login = fastapi_users_api.post(
        "/auth/jwt/login", json={"username": email, "password": PASSWORD}
    )
    assert json_login.status_code == httpx.codes.UNPROCESSABLE_ENTITY


@pytest.mark.parametrize("known_email", [True, False], ids=["wrong-password", "unknown-email"])
def test_bad_credentials_are_400_login_bad_credentials(
    fastapi_users_api: httpx.Client, known_email: bool
) -> None:
    email = new_email()
    if known_email:
        register(fastapi_users_api, email)

    response = login(fastapi_users_api, email, password="wrong-password")

    assert response.status_code == httpx.codes.BAD_REQUEST
    assert response.json() == {"detail": "LOGIN_BAD_CREDENTIALS"}


def test_the_token_carries_sub_aud_and_an_integer_exp(fastapi_users_api: httpx.Client) -> None:
    email = new_email()
    user_id = register(fastapi_users_api, email).json()["id"]

    token = login(fastapi_users_api, email).json()["access_token"]

    claims = jwt.decode(token, TEST_JWT_SECRET, algorithms=["HS256"], audience="fastapi-users:auth")
    assert set(claims) == {"sub", "aud", "exp"}
    assert claims["sub"] == user_id
    assert claims["aud"] == ["fastapi-users:auth"]
    assert isinstance(claims["exp"], int)
    assert 890 < claims["exp"] - time.time() <= 900


def test_me_answers_the_user(fastapi_users_api: httpx.Client) -> None:
    email = new_email()
    registered = register(fastapi_users_api, email).json()
    token = login(fastapi_users_api, email).json()["access_token"]

    response = fastapi_users_api.get("/users/me", headers=bearer(token))

    assert response.status_code == httpx.codes.OK
    assert response.json() == registered


@pytest.mark.parametrize("token", [None, "not-a-jwt", "forged"])
def test_a_missing_or_bad_token_is_401_unauthorized(
    fastapi_users_api: httpx.Client, token: str | None
) -> None:
    if token == "forged":
        token = forged(token_of(fastapi_users_api))
    headers = bearer(token) if token else {}

    response = fastapi_users_api.get("/users/me", headers=headers)

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.json() == {"detail": "Unauthorized"}


def test_a_superuser_email_registers_a_superuser(tmp_path: Path) -> None:
    settings = fastapi_users_app.Settings(**backend_settings(tmp_path / "db.sqlite3"))
    with client_of(fastapi_users_app.create_app(settings), "fastapi-users-root") as api:
        registered = register(api, SUPERUSER_EMAIL.upper())
        me = api.get("/users/me", headers=bearer(superuser_token(api)))

    assert registered.json()["is_superuser"] is True
    assert me.json()["is_superuser"] is True


def test_logout_is_204_and_cannot_revoke_the_token(fastapi_users_api: httpx.Client) -> None:
    token = token_of(fastapi_users_api)

    response = fastapi_users_api.post("/auth/jwt/logout", headers=bearer(token))

    assert response.status_code == httpx.codes.NO_CONTENT
    assert fastapi_users_api.get("/users/me", headers=bearer(token)).status_code == httpx.codes.OK


def test_an_expired_token_is_401(fastapi_users_short_api: httpx.Client) -> None:
    token = token_of(fastapi_users_short_api)
    assert fastapi_users_short_api.get("/users/me", headers=bearer(token)).is_success

    wait_until_expired(token)

    response = fastapi_users_short_api.get("/users/me", headers=bearer(token))
    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.json() == {"detail": "Unauthorized"}


def test_forgot_password_is_202(fastapi_users_api: httpx.Client) -> None:
    email = new_email()
    register(fastapi_users_api, email)

    response = fastapi_users_api.post("/auth/forgot-password", json={"email": email})

    assert response.status_code == httpx.codes.ACCEPTED


def test_a_deactivated_user_can_neither_log_in_nor_use_a_token(
    fastapi_users_api: httpx.Client,
) -> None:
    root = superuser_token(fastapi_users_api)
    email = new_email()
    user_id = register(fastapi_users_api, email).json()["id"]
    token = login(fastapi_users_api, email).json()["access_token"]

    patched = fastapi_users_api.patch(
        f"/users/{user_id}", json={"is_active": False}, headers=bearer(root)
    )

    assert patched.json()["is_active"] is False
    assert login(fastapi_users_api, email).json() == {"detail": "LOGIN_BAD_CREDENTIALS"}
    me = fastapi_users_api.get("/users/me", headers=bearer(token))
    assert me.status_code == httpx.codes.UNAUTHORIZED


def test_users_survive_a_restart(tmp_path: Path) -> None:
    email = new_email()
    settings = fastapi_users_app.Settings(**backend_settings(tmp_path / "db.sqlite3"))
    with client_of(fastapi_users_app.create_app(settings), "fastapi-users-1") as api:
        register(api, email)

    with client_of(fastapi_users_app.create_app(settings), "fastapi-users-2") as api:
        response = login(api, email)

    assert response.status_code == httpx.codes.OK
    assert claims_of(response.json()["access_token"])["aud"] == ["fastapi-users:auth"]

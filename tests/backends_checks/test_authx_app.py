"""What the app relies on in an AuthX 1.7 backend: its token pair, refresh, blocklist logout,
and AuthX's default error answers (422 for an expired token, bodies without `detail`)."""

import time
from pathlib import Path

import httpx
import jwt
import pytest

from tests.backends import authx_app
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

ACCESS_CLAIMS = {"sub", "jti", "type", "fresh", "csrf", "iat", "exp", "email", "role"}
REVOKED = {"message": "Invalid token", "error_type": "RevokedTokenError"}
EXPIRED = {"message": "Token has expired", "error_type": "TokenExpiredError"}


def register(api: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return api.post("/auth/register", json={"email": email, "password": password})


def login(api: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return api.post("/auth/login", json={"username": email, "password": password})


def pair_of(api: httpx.Client, email: str | None = None) -> tuple[str, str]:
    email = email or new_email()
    register(api, email)
    body = login(api, email).json()
    return body["access_token"], body["refresh_token"]


def test_register_answers_201_id_and_email_without_tokens(authx_api: httpx.Client) -> None:
    email = new_email()

    response = register(authx_api, email)

    assert response.status_code == httpx.codes.CREATED
    assert set(response.json()) == {"id", "email"}
    assert response.json()["email"] == email


def test_a_taken_email_is_409(authx_api: httpx.Client) -> None:
    email = new_email()
    register(authx_api, email)

    response = register(authx_api, email.upper())

    assert response.status_code == httpx.codes.CONFLICT
    assert response.json() == {"detail": "Email already registered"}


def test_a_short_password_is_422(authx_api: httpx.Client) -> None:
    response = register(authx_api, new_email(), password="7-chars")

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY


def test_login_takes_json_and_answers_a_token_pair(authx_api: httpx.Client) -> None:
    email = new_email()
    register(authx_api, email)

    response = login(authx_api, email)

    assert response.status_code == httpx.codes.OK
    body = response.json()
    assert set(body) == {"access_token", "refresh_token", "token_type"}
    assert body["token_type"] == "bearer"


@pytest.mark.parametrize("known_email", [True, False], ids=["wrong-password", "unknown-email"])
def test_bad_credentials_are_401(authx_api: httpx.Client, known_email: bool) -> None:
    email = new_email()
    if known_email:
        register(authx_api, email)

    response = login(authx_api, email, password="wrong-password")

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.json() == {"detail": "Invalid email or password"}


def test_the_tokens_carry_authx_claims_a_float_exp_and_ours(authx_api: httpx.Client) -> None:
    email = new_email()
    user_id = register(authx_api, email).json()["id"]

    access, refresh = pair_of(authx_api, email)

    claims = jwt.decode(access, TEST_JWT_SECRET, algorithms=["HS256"])
    assert set(claims) == ACCESS_CLAIMS
    assert (claims["sub"], claims["email"], claims["role"]) == (user_id, email, "user")
    assert (claims["type"], claims["fresh"], claims["csrf"]) == ("access", False, "")
    assert isinstance(claims["exp"], float)
    assert isinstance(claims["iat"], int)
    assert 890 < claims["exp"] - time.time() <= 900
    refresh_claims = jwt.decode(refresh, TEST_JWT_SECRET, algorithms=["HS256"])
    assert set(refresh_claims) == ACCESS_CLAIMS - {"fresh"}
    assert refresh_claims["type"] == "refresh"
    assert refresh_claims["jti"] != claims["jti"]


def test_me_answers_id_email_and_role(authx_api: httpx.Client) -> None:
    email = new_email()
    user_id = register(authx_api, email).json()["id"]
    access, _ = pair_of(authx_api, email)

    response = authx_api.get("/auth/me", headers=bearer(access))

    assert response.json() == {"id": user_id, "email": email, "role": "user"}


def test_a_superuser_email_is_an_admin(authx_api: httpx.Client) -> None:
    access, _ = pair_of(authx_api, SUPERUSER_EMAIL)

    assert claims_of(access)["role"] == "admin"
    assert authx_api.get("/auth/me", headers=bearer(access)).json()["role"] == "admin"


def test_refresh_answers_a_new_access_token_with_the_same_claims(
    authx_api: httpx.Client,
) -> None:
    access, refresh = pair_of(authx_api)

    response = authx_api.post("/auth/refresh", headers=bearer(refresh))

    assert response.status_code == httpx.codes.OK
    body = response.json()
    assert set(body) == {"access_token", "token_type"}
    new_claims, old_claims = claims_of(body["access_token"]), claims_of(access)
    assert new_claims["jti"] != old_claims["jti"]
    for claim in ("sub", "email", "role", "type"):
        assert new_claims[claim] == old_claims[claim]
    me = authx_api.get("/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == httpx.codes.OK


def test_each_endpoint_refuses_the_other_kind_of_token(authx_api: httpx.Client) -> None:
    access, refresh = pair_of(authx_api)

    as_access = authx_api.get("/auth/me", headers=bearer(refresh))
    as_refresh = authx_api.post("/auth/refresh", headers=bearer(access))

    assert as_access.status_code == httpx.codes.UNAUTHORIZED
    assert as_access.json() == {
        "message": "Access token required",
        "error_type": "AccessTokenRequiredError",
    }
    assert as_refresh.status_code == httpx.codes.UNAUTHORIZED
    assert as_refresh.json() == {
        "message": "Refresh token required",
        "error_type": "RefreshTokenRequiredError",
    }


def test_no_token_is_401_missing_token_error(authx_api: httpx.Client) -> None:
    response = authx_api.get("/auth/me")

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.json() == {"message": "Token Error", "error_type": "MissingTokenError"}


def test_a_bad_token_is_422_without_detail(authx_api: httpx.Client) -> None:
    access, _ = pair_of(authx_api)

    not_a_jwt = authx_api.get("/auth/me", headers=bearer("not-a-jwt"))
    forged_one = authx_api.get("/auth/me", headers=bearer(forged(access)))

    assert not_a_jwt.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert not_a_jwt.json() == {"message": "Invalid Token", "error_type": "JWTDecodeError"}
    assert forged_one.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert forged_one.json() == {
        "message": "Signature verification failed",
        "error_type": "TokenInvalidSignatureError",
    }


def test_logout_revokes_the_access_token_only(authx_api: httpx.Client) -> None:
    access, refresh = pair_of(authx_api)

    response = authx_api.post("/auth/logout", headers=bearer(access))

    assert response.status_code == httpx.codes.NO_CONTENT
    me = authx_api.get("/auth/me", headers=bearer(access))
    assert me.status_code == httpx.codes.UNAUTHORIZED
    assert me.json() == REVOKED
    assert authx_api.post("/auth/refresh", headers=bearer(refresh)).is_success


def test_logout_with_the_refresh_token_revokes_both(authx_api: httpx.Client) -> None:
    access, refresh = pair_of(authx_api)

    response = authx_api.post(
        "/auth/logout", headers=bearer(access), json={"refresh_token": refresh}
    )

    assert response.status_code == httpx.codes.NO_CONTENT
    refreshed = authx_api.post("/auth/refresh", headers=bearer(refresh))
    assert refreshed.status_code == httpx.codes.UNAUTHORIZED
    assert refreshed.json() == REVOKED


def test_logout_ignores_another_users_refresh_token(authx_api: httpx.Client) -> None:
    access, _ = pair_of(authx_api)
    _, others_refresh = pair_of(authx_api)

    authx_api.post("/auth/logout", headers=bearer(access), json={"refresh_token": others_refresh})

    assert authx_api.post("/auth/refresh", headers=bearer(others_refresh)).is_success


def test_expired_tokens_are_422_unless_revoked(authx_short_api: httpx.Client) -> None:
    access, refresh = pair_of(authx_short_api)
    revoked_access, revoked_refresh = pair_of(authx_short_api)
    assert authx_short_api.get("/auth/me", headers=bearer(access)).is_success
    authx_short_api.post("/auth/logout", headers=bearer(revoked_access))

    wait_until_expired(revoked_refresh)  # issued last

    me = authx_short_api.get("/auth/me", headers=bearer(access))
    refreshed = authx_short_api.post("/auth/refresh", headers=bearer(refresh))
    assert me.status_code == refreshed.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert me.json() == refreshed.json() == EXPIRED
    # The blocklist is asked before the token is verified.
    revoked = authx_short_api.get("/auth/me", headers=bearer(revoked_access))
    assert revoked.status_code == httpx.codes.UNAUTHORIZED
    assert revoked.json() == REVOKED


def test_users_and_revocations_survive_a_restart(tmp_path: Path) -> None:
    email = new_email()
    settings = authx_app.Settings(**backend_settings(tmp_path / "db.sqlite3"))
    with client_of(authx_app.create_app(settings), "authx-1") as api:
        access, _ = pair_of(api, email)
        api.post("/auth/logout", headers=bearer(access))

    with client_of(authx_app.create_app(settings), "authx-2") as api:
        assert login(api, email).status_code == httpx.codes.OK
        assert api.get("/auth/me", headers=bearer(access)).json() == REVOKED

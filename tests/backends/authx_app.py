"""An AuthX 1.7.1 backend, built as AuthX's docs build one (`AuthXConfig`, `auth.handle_errors`,
`access_token_required` / `refresh_token_required`, a blocklist callback); the routes, the user
table and the SQLite blocklist are the integrator's, so ours.

What the app relies on, read from AuthX's source and checked in
`tests/backends_checks/test_authx_app.py`:

- `POST /auth/register`, JSON `{email, password}`: 201 `{"id", "email"}`, no tokens. A taken
  email (case-insensitive): 409 `{"detail": "Email already registered"}`; a password shorter
  than 8 or a malformed email: 422 (FastAPI's validation body).
- `POST /auth/login`, JSON `{"username": <email>, "password"}`: 200 `{"access_token",
  "refresh_token", "token_type": "bearer"}`; bad credentials: 401 `{"detail": "Invalid email or
  password"}`.
- `POST /auth/refresh`, the refresh token in `Authorization: Bearer`: 200 `{"access_token",
  "token_type": "bearer"}`, a new access token with the same `email` and `role` (no rotation).
- `POST /auth/logout`, the access token in `Authorization: Bearer`, optional JSON
  `{"refresh_token"}`: 204; both tokens' `jti` are blocklisted in SQLite (a refresh token that
  is not the same user's, or does not verify, is ignored).
- `GET /auth/me` (access token): `{"id", "email", "role"}`, `role` "user" or "admin"
  (`BACKEND_SUPERUSER_EMAILS`).
- Claims: access `sub` (the user's UUID), `jti`, `type` "access", `fresh` false, `iat` (an
  integer), `exp` (a **float**: `(now + delta).timestamp()`), `csrf` "" (empty, as cookies are
  not a location), `email`, `role`; refresh the same without `fresh`. PyJWT checks `int(exp)`,
  so a token dies up to a second before its float `exp`.
- Errors are AuthX's defaults (`handle_errors`): bodies `{"message", "error_type"}`, no
  `detail`. Expired: **422** `{"message": "Token has expired", "error_type":
  "TokenExpiredError"}`; bad signature: 422 `"Signature verification failed"`,
  `TokenInvalidSignatureError`; not a JWT: 422 `"Invalid Token"`, `JWTDecodeError`; revoked
  (blocklisted): **401** `{"message": "Invalid token", "error_type": "RevokedTokenError"}`,
  checked before the signature and expiry; no `Authorization` header: 401 `{"message": "Token
  Error", "error_type": "MissingTokenError"}`; a refresh token where an access token is
  required: 401 `"Access token required"`, `AccessTokenRequiredError`, and the reverse 401
  `"Refresh token required"`, `RefreshTokenRequiredError`.
- `AuthXConfig` is a pydantic `BaseSettings`: any `JWT_*` variable in the environment that we
  do not pass explicitly (e.g. `JWT_DECODE_AUDIENCE`) changes it.
"""

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import jwt
from authx import AuthX, AuthXConfig, RequestToken, TokenPayload
from authx.exceptions import AuthXException
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Response, status
from pydantic import BaseModel, EmailStr, Field

from tests.backends.common import (
    BackendSettings,
    cheap_password_hash,
    create_sqlite_schema,
    health_router,
    run,
    sqlite_connection,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    hashed_password TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS revoked_tokens (jti TEXT PRIMARY KEY);
"""
Role = Literal["user", "admin"]

password_hash = cheap_password_hash()
# Verified against when the email is unknown, so both failures take as long.
DUMMY_HASH = password_hash.hash(uuid.uuid4().hex)


class Settings(BackendSettings):
    db_path: Path = Path(".data/authx.sqlite3")
    # AuthX's own default: 20 days.
    refresh_token_seconds: float = Field(default=20 * 86400, gt=0, allow_inf_nan=False)


class RegisterRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=8)


class RegisteredUser(BaseModel):
    id: str
    email: str


class LoginRequest(BaseModel):
    username: str
    password: str


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"


class AccessToken(BaseModel):
    access_token: str
    token_type: str = "bearer"


class LogoutRequest(BaseModel):
    refresh_token: str | None = None


class Me(BaseModel):
    id: str
    email: str
    role: Role


class Store:
    """Users and revoked token ids in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        create_sqlite_schema(path, SCHEMA)

    def connection(self) -> Iterator[sqlite3.Connection]:
        with sqlite_connection(self.path) as connection:
            yield connection

    def is_revoked(self, token: str, **kwargs: Any) -> bool:
        """AuthX's blocklist callback: it hands over the raw token, we keep its `jti`."""
        try:
            jti = jwt.decode(token, options={"verify_signature": False}).get("jti")
        except jwt.PyJWTError:
            return False  # AuthX refuses it when it verifies it
        with sqlite_connection(self.path) as connection:
            found = connection.execute("SELECT 1 FROM revoked_tokens WHERE jti = ?", (jti,))
            return found.fetchone() is not None


def _auth(settings: Settings) -> AuthX[dict[str, Any]]:
    config = AuthXConfig(
        JWT_SECRET_KEY=settings.jwt_secret.get_secret_value(),
        JWT_TOKEN_LOCATION=["headers"],
        JWT_ACCESS_TOKEN_EXPIRES=timedelta(seconds=settings.access_token_seconds),
        JWT_REFRESH_TOKEN_EXPIRES=timedelta(seconds=settings.refresh_token_seconds),
    )
    return AuthX(config=config)


def _auth_router(auth: AuthX[dict[str, Any]], store: Store, settings: Settings) -> APIRouter:
    router = APIRouter(prefix="/auth", tags=["auth"])
    # Inline, not aliases: the dependencies are this app's own `auth` and `store`.
    # scope="function": a logout's revocation is committed before the 204, not after it.
    db = Depends(store.connection, scope="function")
    access = Depends(auth.access_token_required)
    refresh = Depends(auth.refresh_token_required)

    @router.post("/register", status_code=status.HTTP_201_CREATED)
    def register(
        body: RegisterRequest, connection: Annotated[sqlite3.Connection, db]
    ) -> RegisteredUser:
        user = RegisteredUser(id=str(uuid.uuid4()), email=body.email.lower())
        role: Role = "admin" if settings.is_superuser(user.email) else "user"
        try:
            connection.execute(
                "INSERT INTO users (id, email, hashed_password, role) VALUES (?, ?, ?, ?)",
                (user.id, user.email, password_hash.hash(body.password), role),
            )
        except sqlite3.IntegrityError:
            raise HTTPException(status.HTTP_409_CONFLICT, "Email already registered") from None
        return user

    @router.post("/login")
    def login(body: LoginRequest, connection: Annotated[sqlite3.Connection, db]) -> TokenPair:
        row = connection.execute(
            "SELECT id, email, hashed_password, role FROM users WHERE email = ?",
            (body.username.strip().lower(),),
        ).fetchone()
        verified, _ = password_hash.verify_and_update(
            body.password, row["hashed_password"] if row else DUMMY_HASH
        )
        if not (row and verified):
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid email or password")
        claims = {"email": row["email"], "role": row["role"]}
        return TokenPair(
            access_token=auth.create_access_token(uid=row["id"], data=claims),
            refresh_token=auth.create_refresh_token(uid=row["id"], data=claims),
        )

    @router.post("/refresh")
    def refresh_access(payload: Annotated[TokenPayload, refresh]) -> AccessToken:
        claims = {key: getattr(payload, key) for key in ("email", "role")}
        return AccessToken(access_token=auth.create_access_token(uid=payload.sub, data=claims))

    @router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
    def logout(
        payload: Annotated[TokenPayload, access],
        connection: Annotated[sqlite3.Connection, db],
        body: LogoutRequest | None = None,
    ) -> Response:
        jtis = [payload.jti]
        if body and body.refresh_token:
            jtis.append(_refresh_jti(auth, body.refresh_token, subject=payload.sub))
        connection.executemany(
            "INSERT OR IGNORE INTO revoked_tokens (jti) VALUES (?)",
            [(jti,) for jti in jtis if jti],
        )
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @router.get("/me")
    def me(
        payload: Annotated[TokenPayload, access], connection: Annotated[sqlite3.Connection, db]
    ) -> Me:
        row = connection.execute(
            "SELECT id, email, role FROM users WHERE id = ?", (payload.sub,)
        ).fetchone()
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "User not found")
        return Me.model_validate(dict(row))

    return router


def _refresh_jti(auth: AuthX[dict[str, Any]], token: str, *, subject: str) -> str | None:
    """The `jti` of this user's valid refresh token, else None: nothing else is worth revoking."""
    try:
        payload = auth.verify_token(
            RequestToken(token=token, type="refresh", location="headers"), verify_csrf=False
        )
    except AuthXException:
        return None
    return payload.jti if payload.sub == subject else None


def create_app(settings: Settings) -> FastAPI:
    store = Store(settings.db_path)
    auth = _auth(settings)
    auth.set_callback_token_blocklist(store.is_revoked)
    app = FastAPI(title="AuthX backend")
    auth.handle_errors(app)
    app.include_router(health_router)
    app.include_router(_auth_router(auth, store, settings))
    return app


if __name__ == "__main__":
    raise SystemExit(run("authx_app", Settings, create_app))

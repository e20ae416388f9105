"""A stand-in for the full-stack FastAPI template's API (fastapi/full-stack-fastapi-template,
`backend/app`, as of 2026-08), written from its routes, `api/deps.py` and `core/security.py`
with SQLite instead of SQLModel + PostgreSQL. The template is not a package, so this is ours.

What the app relies on, checked in `tests/backends_checks/test_template_api.py`:

- `POST /api/v1/login/access-token`, OAuth2 form: 200 `{"access_token", "token_type":
  "bearer"}`. Wrong password or unknown email: 400 `{"detail": "Incorrect email or password"}`;
  a deactivated user: 400 `{"detail": "Inactive user"}`. The email is matched exactly as stored
  (EmailStr lowercases only the domain at signup).
- `POST /api/v1/users/signup`, JSON `{email, password (8 to 128), full_name?}`: 200 the user
  public JSON `{"email", "is_active", "is_superuser", "full_name", "id", "created_at"}`, no
  tokens. A taken email: 400 `{"detail": "The user with this email already exists in the
  system"}`; a short password or bad email: 422 (FastAPI's validation body).
- `GET /api/v1/users/me` (Bearer): the user public JSON. No token: 401 `{"detail": "Not
  authenticated"}` (OAuth2PasswordBearer); a bad or expired token: **403** `{"detail": "Could
  not validate credentials"}`; a valid token of a deleted user: 404 `{"detail": "User not
  found"}`; of a deactivated one: 400 `{"detail": "Inactive user"}`.
- Token: HS256, claims exactly `exp` (an integer) and `sub` (the user's UUID as a string). No
  refresh and no logout (its front end forgets the token); nothing can be revoked.
- `POST /api/v1/login/test-token` (Bearer): the user; `GET /api/v1/utils/health-check/`:
  `true`; `PATCH /api/v1/users/{id}`: superusers only (how a test deactivates a user). The
  OpenAPI document is at `/api/v1/openapi.json`, not `/openapi.json`.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import jwt
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from jwt.exceptions import InvalidTokenError
from pydantic import BaseModel, EmailStr, Field, ValidationError

from tests.backends.common import (
    BackendSettings,
    cheap_password_hash,
    create_sqlite_schema,
    health_router,
    run,
    sqlite_connection,
)

API_V1_STR = "/api/v1"
ALGORITHM = "HS256"
SCHEMA = """
CREATE TABLE IF NOT EXISTS user (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    hashed_password TEXT NOT NULL,
    full_name TEXT,
    is_active INTEGER NOT NULL DEFAULT 1,
    is_superuser INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
"""

password_hash = cheap_password_hash()
# Verified against when the email is unknown, so both failures take as long (the template's
# `crud.DUMMY_HASH`, made with our cheap parameters).
DUMMY_HASH = password_hash.hash(uuid.uuid4().hex)


class Settings(BackendSettings):
    db_path: Path = Path(".data/template.sqlite3")


# -- models.py ---------------------------------------------------------------------------------


class UserRegister(BaseModel):
    email: EmailStr = Field(max_length=255)
    password: str = Field(min_length=8, max_length=128)
    full_name: str | None = Field(default=None, max_length=255)


class UserUpdate(BaseModel):
    email: EmailStr | None = Field(default=None, max_length=255)
    is_active: bool | None = None
    is_superuser: bool | None = None
    full_name: str | None = Field(default=None, max_length=255)
    password: str | None = Field(default=None, min_length=8, max_length=128)


class UserPublic(BaseModel):
    email: EmailStr
    is_active: bool = True
    is_superuser: bool = False
    full_name: str | None = None
    id: uuid.UUID
    created_at: datetime | None = None


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class TokenPayload(BaseModel):
    sub: str | None = None


# -- core/security.py --------------------------------------------------------------------------


def create_access_token(secret: str, subject: str | Any, expires_delta: timedelta) -> str:
    expire = datetime.now(UTC) + expires_delta
    return jwt.encode({"exp": expire, "sub": str(subject)}, secret, algorithm=ALGORITHM)


# -- api/deps.py -------------------------------------------------------------------------------

reusable_oauth2 = OAuth2PasswordBearer(tokenUrl=f"{API_V1_STR}/login/access-token")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_db(settings: SettingsDep) -> Iterator[sqlite3.Connection]:
    with sqlite_connection(settings.db_path) as connection:
        yield connection


# scope="function": the commit lands before the answer, not after it (the template commits in
# its crud functions instead), so a client may log in as soon as it has signed up.
SessionDep = Annotated[sqlite3.Connection, Depends(get_db, scope="function")]
TokenDep = Annotated[str, Depends(reusable_oauth2)]


def get_current_user(session: SessionDep, settings: SettingsDep, token: TokenDep) -> UserPublic:
    secret = settings.jwt_secret.get_secret_value()
    try:
        token_data = TokenPayload(**jwt.decode(token, secret, algorithms=[ALGORITHM]))
    except (InvalidTokenError, ValidationError):
        raise HTTPException(
            status_code=status.HTTP_403_FORBIDDEN, detail="Could not validate credentials"
        ) from None
    user = _user_by_id(session, token_data.sub)
    if not user:
        raise HTTPException(status_code=404, detail="User not found")
    if not user.is_active:
        raise HTTPException(status_code=400, detail="Inactive user")
    return user


CurrentUser = Annotated[UserPublic, Depends(get_current_user)]


def get_current_active_superuser(current_user: CurrentUser) -> UserPublic:
    if not current_user.is_superuser:
        raise HTTPException(status_code=403, detail="The user doesn't have enough privileges")
    return current_user


# -- crud.py -----------------------------------------------------------------------------------

_PUBLIC_COLUMNS = "id, email, full_name, is_active, is_superuser, created_at"


def _user_by_id(session: sqlite3.Connection, user_id: str | None) -> UserPublic | None:
    row = session.execute(
        f"SELECT {_PUBLIC_COLUMNS} FROM user WHERE id = ?",  # noqa: S608 (a constant)
        (user_id,),
    ).fetchone()
    return UserPublic.model_validate(dict(row)) if row else None


def get_user_by_email(session: sqlite3.Connection, email: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = session.execute(
        "SELECT * FROM user WHERE email = ?", (email,)
    ).fetchone()
    return row


def create_user(session: sqlite3.Connection, user_in: UserRegister, *, superuser: bool) -> str:
    user_id = str(uuid.uuid4())
    session.execute(
        "INSERT INTO user (id, email, hashed_password, full_name, is_superuser, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            user_id,
            user_in.email,
            password_hash.hash(user_in.password),
            user_in.full_name,
            superuser,
            datetime.now(UTC).isoformat(),
        ),
    )
    return user_id


def authenticate(session: sqlite3.Connection, email: str, password: str) -> sqlite3.Row | None:
    db_user = get_user_by_email(session, email)
    if not db_user:
        password_hash.verify_and_update(password, DUMMY_HASH)
        return None
    verified, _ = password_hash.verify_and_update(password, db_user["hashed_password"])
    return db_user if verified else None


# -- api/routes ---------------------------------------------------------------------------------

login_router = APIRouter(tags=["login"])
users_router = APIRouter(prefix="/users", tags=["users"])
utils_router = APIRouter(prefix="/utils", tags=["utils"])


@login_router.post("/login/access-token")
def login_access_token(
    session: SessionDep,
    settings: SettingsDep,
    form_data: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    user = authenticate(session, form_data.username, form_data.password)
    if not user:
        raise HTTPException(status_code=400, detail="Incorrect email or password")
    if not user["is_active"]:
        raise HTTPException(status_code=400, detail="Inactive user")
    expires = timedelta(seconds=settings.access_token_seconds)
    secret = settings.jwt_secret.get_secret_value()
    return Token(access_token=create_access_token(secret, user["id"], expires_delta=expires))


@login_router.post("/login/test-token")
def test_token(current_user: CurrentUser) -> UserPublic:
    return current_user


@users_router.get("/me")
def read_user_me(current_user: CurrentUser) -> UserPublic:
    return current_user


@users_router.post("/signup")
def register_user(session: SessionDep, settings: SettingsDep, user_in: UserRegister) -> UserPublic:
    taken = HTTPException(
        status_code=400, detail="The user with this email already exists in the system"
    )
    if get_user_by_email(session, user_in.email):
        raise taken
    try:
        user_id = create_user(session, user_in, superuser=settings.is_superuser(user_in.email))
    except sqlite3.IntegrityError:
        # The same email signed up between the look-up and the insert.
        raise taken from None
    user = _user_by_id(session, user_id)
    assert user is not None
    return user


@users_router.patch("/{user_id}", dependencies=[Depends(get_current_active_superuser)])
def update_user(session: SessionDep, user_id: uuid.UUID, user_in: UserUpdate) -> UserPublic:
    if not _user_by_id(session, str(user_id)):
        raise HTTPException(
            status_code=404, detail="The user with this id does not exist in the system"
        )
    if user_in.email:
        existing_user = get_user_by_email(session, user_in.email)
        if existing_user and existing_user["id"] != str(user_id):
            raise HTTPException(status_code=409, detail="User with this email already exists")
    changes = user_in.model_dump(exclude_unset=True)
    if (password := changes.pop("password", None)) is not None:
        changes["hashed_password"] = password_hash.hash(password)
    for column, value in changes.items():
        # Column names come from UserUpdate's fields, never from the request's keys.
        session.execute(f"UPDATE user SET {column} = ? WHERE id = ?", (value, str(user_id)))  # noqa: S608
    user = _user_by_id(session, str(user_id))
    assert user is not None
    return user


@utils_router.get("/health-check/")
async def health_check() -> bool:
    return True


def create_app(settings: Settings) -> FastAPI:
    create_sqlite_schema(settings.db_path, SCHEMA)
    app = FastAPI(
        title="full-stack-fastapi-template stand-in", openapi_url=f"{API_V1_STR}/openapi.json"
    )
    app.state.settings = settings
    app.include_router(health_router)
    api_router = APIRouter()
    for router in (login_router, users_router, utils_router):
        api_router.include_router(router)
    app.include_router(api_router, prefix=API_V1_STR)
    return app


if __name__ == "__main__":
    raise SystemExit(run("template_api", Settings, create_app))

"""A fastapi-users 15.0.5 backend, built as its SQLAlchemy + JWT "full example" builds one.

Differences from the example: a factory instead of module globals (each test serves its own
database), cheap argon2, passwords shorter than 8 refused, `BACKEND_SUPERUSER_EMAILS`, and no
verify router. What the app relies on, read from fastapi-users' source and checked in
`tests/backends_checks/test_fastapi_users_app.py`:

- `POST /auth/jwt/login`, OAuth2 form (`username` is the email): 200
  `{"access_token", "token_type": "bearer"}`. Wrong password, unknown email or an inactive user:
  400 `{"detail": "LOGIN_BAD_CREDENTIALS"}`. The email is matched case-insensitively.
- `POST /auth/register`, JSON `{email, password}`: 201 the user (below), no tokens. A taken
  email: 400 `{"detail": "REGISTER_USER_ALREADY_EXISTS"}`; a weak password: 400 `{"detail":
  {"code": "REGISTER_INVALID_PASSWORD", "reason": "Password should be at least 8 characters"}}`
  (checked before the email); a malformed email: 422. `is_superuser` in the body is ignored.
- `GET /users/me` (Bearer): `{"id", "email", "is_active", "is_superuser", "is_verified"}`.
  A missing, bad, expired or inactive user's token: 401 `{"detail": "Unauthorized"}`.
- Token claims: exactly `sub` (the user's UUID), `aud` `["fastapi-users:auth"]`, `exp` (an
  integer: PyJWT truncates the datetime, so a token lives up to a second less than its lifetime).
- `POST /auth/jwt/logout` (Bearer): 204, and the token stays valid: the JWT strategy cannot
  revoke (`JWTStrategyDestroyNotSupportedError`, swallowed).
- `POST /auth/forgot-password {email}`: 202 (the reset token is logged); `POST
  /auth/reset-password {token, password}`: 200; `PATCH /users/{id}`: superusers only.
"""

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi_users import BaseUserManager, FastAPIUsers, InvalidPasswordException, UUIDIDMixin
from fastapi_users import schemas as user_schemas
from fastapi_users.authentication import AuthenticationBackend, BearerTransport, JWTStrategy
from fastapi_users.password import PasswordHelper
from fastapi_users_db_sqlalchemy import SQLAlchemyBaseUserTableUUID, SQLAlchemyUserDatabase
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

from tests.backends.common import BackendSettings, cheap_password_hash, health_router, run

MIN_PASSWORD_LENGTH = 8
logger = logging.getLogger(__name__)
password_helper = PasswordHelper(cheap_password_hash())


class Settings(BackendSettings):
    db_path: Path = Path(".data/fastapi-users.sqlite3")


class Base(DeclarativeBase):
    pass


class User(SQLAlchemyBaseUserTableUUID, Base):
    pass


class UserRead(user_schemas.BaseUser[uuid.UUID]):
    pass


class UserCreate(user_schemas.BaseUserCreate):
    pass


class UserUpdate(user_schemas.BaseUserUpdate):
    pass


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    def __init__(
        self, user_db: SQLAlchemyUserDatabase[User, uuid.UUID], settings: Settings
    ) -> None:
        super().__init__(user_db, password_helper)
        self.settings = settings
        secret = settings.jwt_secret.get_secret_value()
        self.reset_password_token_secret = secret
        self.verification_token_secret = secret

    async def validate_password(self, password: str, user: user_schemas.UC | User) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidPasswordException(
                reason=f"Password should be at least {MIN_PASSWORD_LENGTH} characters"
            )

    async def on_after_register(self, user: User, request: Request | None = None) -> None:
        if self.settings.is_superuser(user.email):
            await self.user_db.update(user, {"is_superuser": True})

    async def on_after_forgot_password(
        self, user: User, token: str, request: Request | None = None
    ) -> None:
        logger.info("password reset token for %s: %s", user.email, token)


def create_app(settings: Settings) -> FastAPI:
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(f"sqlite+aiosqlite:///{settings.db_path}")
    session_maker = async_sessionmaker(engine, expire_on_commit=False)

    async def get_async_session() -> AsyncIterator[AsyncSession]:
        async with session_maker() as session:
            yield session

    async def get_user_db(
        session: Annotated[AsyncSession, Depends(get_async_session)],
    ) -> AsyncIterator[SQLAlchemyUserDatabase[User, uuid.UUID]]:
        yield SQLAlchemyUserDatabase(session, User)

    async def get_user_manager(
        user_db: Annotated[SQLAlchemyUserDatabase[User, uuid.UUID], Depends(get_user_db)],
    ) -> AsyncIterator[UserManager]:
        yield UserManager(user_db, settings)

    def get_jwt_strategy() -> JWTStrategy[User, uuid.UUID]:
        # Annotated `int`, but it only reaches `timedelta(seconds=...)`: a float is fine.
        return JWTStrategy(
            secret=settings.jwt_secret,
            lifetime_seconds=settings.access_token_seconds,  # type: ignore[arg-type]
        )

    auth_backend = AuthenticationBackend(
        name="jwt",
        transport=BearerTransport(tokenUrl="auth/jwt/login"),
        get_strategy=get_jwt_strategy,
    )
    fastapi_users = FastAPIUsers[User, uuid.UUID](get_user_manager, [auth_backend])

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        yield
        await engine.dispose()

    app = FastAPI(lifespan=lifespan)
    app.include_router(health_router)
    app.include_router(
        fastapi_users.get_auth_router(auth_backend), prefix="/auth/jwt", tags=["auth"]
    )
    app.include_router(
        fastapi_users.get_register_router(UserRead, UserCreate), prefix="/auth", tags=["auth"]
    )
    app.include_router(fastapi_users.get_reset_password_router(), prefix="/auth", tags=["auth"])
    app.include_router(
        fastapi_users.get_users_router(UserRead, UserUpdate), prefix="/users", tags=["users"]
    )
    return app


if __name__ == "__main__":
    raise SystemExit(run("fastapi_users_app", Settings, create_app))

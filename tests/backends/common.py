"""What the test backends share: settings, cheap password hashing, the health route, SQLite, and
the `python -m` entry point."""

from __future__ import annotations

import secrets
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import uvicorn
from fastapi import APIRouter, FastAPI
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from secret_policy import weak_secret_reason

HEALTH_PATH = "/healthz"


class BackendSettings(BaseSettings):
    """Read from `BACKEND_*` environment variables; tests pass field names instead."""

    model_config = SettingsConfigDict(env_prefix="BACKEND_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    db_path: Path = Path(".data/backend.sqlite3")
    # Random when unset: users survive a restart, their tokens do not.
    jwt_secret: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_urlsafe(48)))
    access_token_seconds: float = Field(default=900, gt=0, allow_inf_nan=False)
    # Who registers as a superuser (or "admin"), since these backends have no other way.
    superuser_emails: Annotated[frozenset[str], NoDecode] = frozenset()

    @field_validator("superuser_emails", mode="before")
    @classmethod
    def _split_emails(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple | set | frozenset):
            return frozenset(str(email).strip().lower() for email in value if str(email).strip())
        return value

    @field_validator("jwt_secret")
    @classmethod
    def _refuse_weak_secret(cls, value: SecretStr) -> SecretStr:
        if reason := weak_secret_reason(value.get_secret_value()):
            raise PydanticCustomError("weak_secret", "it {reason}", {"reason": reason})
        return value

    def is_superuser(self, email: str) -> bool:
        return email.strip().lower() in self.superuser_emails


def cheap_password_hash() -> PasswordHash:
    """argon2id at its cheapest: the suites register hundreds of users. Test backends only."""
    return PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


health_router = APIRouter()


@health_router.get(HEALTH_PATH, include_in_schema=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@contextmanager
def sqlite_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """One connection for one unit of work: committed when the block ends, rolled back on error."""
    connection = sqlite3.connect(path, timeout=10.0)
    connection.row_factory = sqlite3.Row
    try:
        with connection:
            yield connection
    finally:
        connection.close()


def create_sqlite_schema(path: Path, ddl: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite_connection(path) as connection:
        # WAL: readers do not wait for the writer while a suite registers users in parallel.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.executescript(ddl)


SettingsT = TypeVar("SettingsT", bound=BackendSettings)


def run(
    name: str, settings_class: type[SettingsT], create_app: Callable[[SettingsT], FastAPI]
) -> int:
    """`python -m tests.backends.<name>`: serve with uvicorn, settings from the environment."""
    try:
        settings = settings_class()
    except ValidationError as error:
        problems = "; ".join(
            f"BACKEND_{'.'.join(map(str, item['loc'])).upper()}: {item['msg']}"
            for item in error.errors()
        )
        print(f"{name}: refusing to start: {problems}", file=sys.stderr)
        return 2
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    return 0

"""Each backend served on a free loopback port, once per module: normal lifetimes, and a second
server whose tokens live two seconds (PyJWT truncates `exp`, so one second could be none)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.backends import authx_app, fastapi_users_app, template_api
from tests.backends.common import HEALTH_PATH
from tests.loopback import serving
from tests.stub_server import TEST_JWT_SECRET

SUPERUSER_EMAIL = "root@example.com"
SHORT_LIFETIME_SECONDS = 2.0


def backend_settings(db_path: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "db_path": db_path,
        "jwt_secret": TEST_JWT_SECRET,
        "superuser_emails": SUPERUSER_EMAIL,
        **overrides,
    }


@contextmanager
def client_of(app: FastAPI, name: str, *, prefix: str = "") -> Iterator[httpx.Client]:
    with (
        serving(app, name=name, health_path=HEALTH_PATH) as base_url,
        httpx.Client(base_url=base_url + prefix, timeout=10.0) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def fastapi_users_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db_path = tmp_path_factory.mktemp("fastapi-users") / "db.sqlite3"
    settings = fastapi_users_app.Settings(**backend_settings(db_path))
    with client_of(fastapi_users_app.create_app(settings), "fastapi-users") as client:
        yield client


@pytest.fixture(scope="module")
def fastapi_users_short_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db_path = tmp_path_factory.mktemp("fastapi-users-short") / "db.sqlite3"
    values = backend_settings(db_path, access_token_seconds=SHORT_LIFETIME_SECONDS)
    settings = fastapi_users_app.Settings(**values)
    with client_of(fastapi_users_app.create_app(settings), "fastapi-users-short") as client:
        yield client


@pytest.fixture(scope="module")
def template_api_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A client of `/api/v1`, where the template mounts every route."""
    db_path = tmp_path_factory.mktemp("template") / "db.sqlite3"
    app = template_api.create_app(template_api.Settings(**backend_settings(db_path)))
    with client_of(app, "template", prefix=template_api.API_V1_STR) as client:
        yield client


@pytest.fixture(scope="module")
def template_short_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db_path = tmp_path_factory.mktemp("template-short") / "db.sqlite3"
    values = backend_settings(db_path, access_token_seconds=SHORT_LIFETIME_SECONDS)
    app = template_api.create_app(template_api.Settings(**values))
    with client_of(app, "template-short", prefix=template_api.API_V1_STR) as client:
        yield client


@pytest.fixture(scope="module")
def authx_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db_path = tmp_path_factory.mktemp("authx") / "db.sqlite3"
    settings = authx_app.Settings(**backend_settings(db_path))
    with client_of(authx_app.create_app(settings), "authx") as client:
        yield client


@pytest.fixture(scope="module")
def authx_short_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db_path = tmp_path_factory.mktemp("authx-short") / "db.sqlite3"
    values = backend_settings(
        db_path,
        access_token_seconds=SHORT_LIFETIME_SECONDS,
        refresh_token_seconds=SHORT_LIFETIME_SECONDS,
    )
    with client_of(authx_app.create_app(authx_app.Settings(**values)), "authx-short") as client:
        yield client

"""Small verbs the stub backend's tests share: register, log in, read and forge tokens."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import httpx
import jwt

from stub_backend.settings import Settings
from tests.stub_server import TEST_JWT_SECRET, StubServer

PASSWORD = "correct horse battery"
ANON_COOKIE = "anon_session"


def api_client(server: StubServer) -> httpx.Client:
    return httpx.Client(base_url=f"{server.base_url}/api/v1", timeout=30.0)


def register(
    client: httpx.Client, email: str = "alice@example.com", password: str = PASSWORD
) -> dict[str, Any]:
    response = client.post("/auth/register", json={"email": email, "password": password})
    assert response.status_code == httpx.codes.CREATED, response.text
    body: dict[str, Any] = response.json()
    return body


def login(
    client: httpx.Client, email: str = "alice@example.com", password: str = PASSWORD
) -> httpx.Response:
    return client.post("/auth/login", data={"username": email, "password": password})


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def claims_of(token: str) -> dict[str, Any]:
    """What a token says, without checking it: the tests check the backend, not PyJWT."""
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def forge(claims: dict[str, Any], key: str = TEST_JWT_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def upload(client: httpx.Client, content: bytes = b"hello", **kwargs: Any) -> dict[str, Any]:
    response = client.post(
        "/documents", files={"file": ("notes.txt", content, "text/plain")}, **kwargs
    )
    assert response.status_code == httpx.codes.CREATED, response.text
    body: dict[str, Any] = response.json()
    return body


def document_ids(client: httpx.Client, **kwargs: Any) -> list[str]:
    response = client.get("/documents", **kwargs)
    assert response.status_code == httpx.codes.OK, response.text
    return [item["id"] for item in response.json()["items"]]


@contextmanager
def database(settings: Settings) -> Iterator[sqlite3.Connection]:
    """The stub's database file, opened directly: for what no endpoint shows."""
    with closing(sqlite3.connect(settings.stub_db_path)) as connection:
        yield connection

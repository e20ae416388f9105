"""The auth layer runs on any object of its `Backend` protocol handed in through
`app.services.use_backend`: here an in-memory double, with no HTTP backend at all, drives the
real app script and the app's own routes through sign-in, a refused token and its refresh."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import jwt
import pytest
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from app import browser as browser_module
from app.auth.routes import ROUTES
from app.backend import (
    Caller,
    Capabilities,
    Document,
    DocumentContent,
    LoginSessionList,
    NotOffered,
    Profile,
    TokenPair,
    Unauthorized,
)
from app.backend.profile import BackendProfile
from app.services import reset_services, use_backend
from tests.app.conftest import APP_SECRET
from tests.app.harness import AppDriver, Browser
from tests.loopback import serving

Model = TypeVar("Model", bound=BaseModel)
EMAIL = "someone@example.com"
PASSWORD = "a long enough password"


class InMemoryBackend:
    """Just enough of a backend: one account, tokens it can revoke, one document."""

    profile = BackendProfile()
    capabilities = Capabilities(
        me=False,
        logout_all=False,
        anonymous_sessions=False,
        change_password=False,
        password_reset=False,
        sessions=False,
    )

    def __init__(self) -> None:
        self.live: set[str] = set()
        self.callers: list[str | None] = []
        self.refreshes = 0

    def _pair(self) -> TokenPair:
        now = time.time()
        claims = {"sub": EMAIL, "user_id": "7", "role": "user", "jti": uuid.uuid4().hex}
        access = jwt.encode({**claims, "iat": now, "exp": now + 900}, "k" * 32)
        self.live.add(access)
        return TokenPair(access_token=access, refresh_token=uuid.uuid4().hex)

    def _check(self, caller: Caller) -> None:
        self.callers.append(caller.access_token)
        if caller.access_token not in self.live:
            raise Unauthorized("Not authenticated.")

    def login(self, email: str, password: str, caller: Caller) -> TokenPair:
        if (email, password) != (EMAIL, PASSWORD):
            raise Unauthorized("Invalid email or password")
        return self._pair()

    def register(self, email: str, password: str, caller: Caller) -> TokenPair:
        raise NotOffered("register", "No sign-up here.")

    def refresh(self, refresh_token: str) -> TokenPair:
        self.refreshes += 1
        return self._pair()

    def logout(self, caller: Caller, refresh_token: str | None = None) -> None:
        self._check(caller)
        self.live.discard(caller.access_token or "")

    def identify(self, caller: Caller) -> Profile:
        return Profile(user_id="7", email=EMAIL, role="user")

    def me(self, caller: Caller) -> Profile:
        raise NotOffered("me", "")

    def logout_all(self, caller: Caller) -> None:
        raise NotOffered("logout_all", "")

    def session(self, caller: Caller) -> dict[str, Any]:
        raise NotOffered("anonymous_sessions", "")

    def list_documents(self, caller: Caller) -> list[Document]:
        self._check(caller)
        return [Document(id="d1", filename="notes.txt", size=5)]

    def upload_document(
        self, caller: Caller, filename: str, content: bytes, content_type: str
    ) -> Document:
        raise NotOffered("documents", "")

    def document_content(self, caller: Caller, document_id: str) -> DocumentContent:
        self._check(caller)
        return DocumentContent(b"notes", "text/plain", None)

    def delete_document(self, caller: Caller, document_id: str) -> None:
        self._check(caller)

    def change_password(self, caller: Caller, current: str, new: str) -> None:
        raise NotOffered("change_password", "")

    def request_password_reset(self, email: str) -> None:
        raise NotOffered("password_reset", "")

    def confirm_password_reset(self, token: str, new_password: str) -> None:
        raise NotOffered("password_reset", "")

    def list_sessions(self, caller: Caller) -> LoginSessionList:
        raise NotOffered("sessions", "")

    def revoke_session(self, caller: Caller, sid: str) -> None:
        raise NotOffered("sessions", "")

    def call(
        self,
        method: str,
        path: str,
        caller: Caller,
        answer: type[Model] | None = None,
        *,
        capability: str | None = None,
        json: object = None,
    ) -> Model | None:
        raise NotOffered(capability or "call", "")


@pytest.fixture
def backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemoryBackend]:
    # Nothing listens here: every call goes to the double.
    monkeypatch.setenv("API_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("APP_SECRET_KEY", APP_SECRET)
    monkeypatch.setenv("APP_DATA_DIR", str(tmp_path / "app-data"))
    double = InMemoryBackend()
    use_backend(double)
    yield double
    reset_services()


@pytest.fixture
def any_tab(backend: InMemoryBackend, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppDriver]:
    routes = Starlette(routes=[*ROUTES, Route("/health", lambda _: PlainTextResponse("ok"))])
    with (
        serving(routes, name="app-routes", health_path="/health") as base_url,
        httpx.Client(base_url=base_url, timeout=10) as client,
    ):
        profile = Browser(client)
        monkeypatch.setattr(browser_module, "request_cookies", profile.cookies)
        yield AppDriver(profile).settle()


def test_a_backend_handed_in_signs_in_and_serves_the_pages(
    any_tab: AppDriver, backend: InMemoryBackend
) -> None:
    any_tab.log_in(EMAIL, PASSWORD)
    assert any_tab.title == "Home"
    any_tab.go_to("documents")
    assert any_tab.document_names() == ["notes.txt"]
    assert backend.callers[-1] in backend.live


def test_a_token_the_handed_in_backend_refuses_is_renewed_through_the_routes(
    any_tab: AppDriver, backend: InMemoryBackend
) -> None:
    any_tab.log_in(EMAIL, PASSWORD)
    backend.live.clear()  # every token so far refused
    any_tab.go_to("documents")
    assert backend.refreshes == 1
    assert any_tab.document_names() == ["notes.txt"]
    refused, renewed = backend.callers[-2:]
    assert refused != renewed
    assert renewed in backend.live

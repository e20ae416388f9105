"""Typed client for the backend API (CONTRACT.md section 1).

No `st.*` here: this module turns HTTP into values and typed errors, and pages decide how to
show them. One connection pool serves every browser session, so its cookie jar refuses all
cookies: each call carries the caller's own credentials explicitly (see `Caller`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx

ANON_COOKIE = "anon_session"


class BackendError(Exception):
    """A call failed; `detail` is a sentence fit to show a person."""

    def __init__(self, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


class BackendUnavailable(BackendError):
    """The backend could not be reached, or did not answer in time."""


class ServerError(BackendError):
    """The backend answered 5xx: its bug, not the user's input."""


class Unauthorized(BackendError):
    """401: the credentials are missing, expired or revoked."""


class RateLimited(BackendError):
    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, 429)
        self.retry_after = retry_after


class Conflict(BackendError):
    """409, e.g. the email is taken."""


class InvalidInput(BackendError):
    """422 or 400: the input was refused; `detail` lists why."""


class NotFound(BackendError):
    """404, also for another owner's document."""


class PayloadTooLarge(BackendError):
    """413: the upload is bigger than the backend accepts."""


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: float


@dataclass(frozen=True)
class SignIn:
    tokens: TokenPair
    migrated_documents: int


@dataclass(frozen=True)
class Profile:
    user_id: str
    email: str
    role: str
    created_at: str


@dataclass(frozen=True)
class Document:
    id: str
    filename: str
    size: int
    content_type: str
    created_at: str


@dataclass
class Caller:
    """Who a call is made for: a Bearer token, else an anonymous session cookie, else nobody.

    When the backend opens a new anonymous session for the caller, the client stores its cookie
    value in `anon_session`, so whoever owns this object sees the change.
    """

    access_token: str | None = None
    anon_session: str | None = None

    def headers(self) -> dict[str, str]:
        if self.access_token:
            return {"Authorization": f"Bearer {self.access_token}"}
        if self.anon_session:
            return {"Cookie": f"{ANON_COOKIE}={self.anon_session}"}
        return {}


_ERRORS_BY_STATUS: Mapping[int, type[BackendError]] = {
    400: InvalidInput,
    401: Unauthorized,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    422: InvalidInput,
}


class BackendClient:
    """The backend's API as typed methods."""

    def __init__(
        self, api_url: str, timeout: float, transport: httpx.BaseTransport | None = None
    ) -> None:
        self._http = httpx.Client(
            base_url=api_url,
            timeout=timeout,
            transport=transport,
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )

    def close(self) -> None:
        self._http.close()

    def login(self, email: str, password: str, caller: Caller) -> SignIn:
        form = {"username": email, "password": password}
        return _sign_in(self._request("POST", "/auth/login", caller, data=form))

    def register(self, email: str, password: str, caller: Caller) -> SignIn:
        body = {"email": email, "password": password}
        return _sign_in(self._request("POST", "/auth/register", caller, json=body))

    def refresh(self, refresh_token: str) -> TokenPair:
        body = {"refresh_token": refresh_token}
        return _token_pair(self._request("POST", "/auth/refresh", Caller(), json=body).json())

    def logout(self, access_token: str) -> None:
        self._request("POST", "/auth/logout", Caller(access_token=access_token))

    def me(self, access_token: str) -> Profile:
        data = self._request("GET", "/auth/me", Caller(access_token=access_token)).json()
        return Profile(
            user_id=str(data["user_id"]),
            email=data["email"],
            role=data["role"],
            created_at=str(data["created_at"]),
        )

    def session(self, caller: Caller) -> dict[str, Any]:
        result: dict[str, Any] = self._request("GET", "/session", caller).json()
        return result

    def list_documents(self, caller: Caller) -> list[Document]:
        items = self._request("GET", "/documents", caller).json()["items"]
        return [_document(item) for item in items]

    def upload_document(
        self, caller: Caller, filename: str, content: bytes, content_type: str
    ) -> Document:
        files = {"file": (filename, content, content_type or "application/octet-stream")}
        return _document(self._request("POST", "/documents", caller, files=files).json())

    def document_content(self, caller: Caller, document_id: str) -> bytes:
        return self._request("GET", f"/documents/{document_id}/content", caller).content

    def delete_document(self, caller: Caller, document_id: str) -> None:
        self._request("DELETE", f"/documents/{document_id}", caller)

    def _request(self, method: str, path: str, caller: Caller, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, headers=caller.headers(), **kwargs)
        except httpx.TimeoutException as error:
            raise BackendUnavailable("The server took too long to answer.") from error
        except httpx.TransportError as error:
            raise BackendUnavailable("The server cannot be reached.") from error
        issued = response.cookies.get(ANON_COOKIE)
        if issued:
            caller.anon_session = issued
        if response.is_success:
            return response
        raise _error_for(response)


def _error_for(response: httpx.Response) -> BackendError:
    status = response.status_code
    detail = _detail_sentence(response)
    if status == 429:
        return RateLimited(detail, _retry_after(response))
    if status >= 500:
        return ServerError(f"The server had a problem (HTTP {status}).", status)
    return _ERRORS_BY_STATUS.get(status, BackendError)(detail, status)


def _detail_sentence(response: httpx.Response) -> str:
    """The backend's own sentence, or FastAPI's validation list joined into one."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, str) and detail:
        return detail
    if isinstance(detail, list):
        messages = [str(item.get("msg", "")) for item in detail if isinstance(item, dict)]
        joined = " ".join(_sentence(message) for message in messages if message)
        if joined:
            return joined
    return f"The request was refused (HTTP {response.status_code})."


def _sentence(message: str) -> str:
    message = message.removeprefix("Value error, ")
    message = message[:1].upper() + message[1:]
    return message if message.endswith(".") else message + "."


def _retry_after(response: httpx.Response) -> int:
    try:
        return max(1, int(response.headers.get("Retry-After", "60")))
    except ValueError:
        return 60


def _token_pair(data: Mapping[str, Any]) -> TokenPair:
    return TokenPair(
        access_token=data["access_token"],
        refresh_token=data["refresh_token"],
        expires_in=float(data.get("expires_in", 0)),
    )


def _sign_in(response: httpx.Response) -> SignIn:
    data = response.json()
    return SignIn(_token_pair(data), int(data.get("migrated_documents", 0)))


def _document(data: Mapping[str, Any]) -> Document:
    return Document(
        id=str(data["id"]),
        filename=data["filename"],
        size=int(data["size"]),
        content_type=data.get("content_type") or "application/octet-stream",
        created_at=str(data["created_at"]),
    )

"""Typed client for the backend API (CONTRACT.md sections 0 and 1).

No `st.*` here: this module turns HTTP into models and typed errors, and pages decide how to
show them. One connection pool serves every browser session, so its cookie jar refuses all
cookies: each call carries the caller's own credentials explicitly (see `Caller`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from app.backend.capabilities import MISSING, Capabilities, CapabilityRegistry, from_openapi
from app.backend.errors import (
    BackendError,
    BackendUnavailable,
    Conflict,
    InvalidInput,
    NotFound,
    NotOffered,
    PayloadTooLarge,
    RateLimited,
    ServerError,
    Unauthorized,
    UnusableAnswer,
)
from app.backend.models import (
    Document,
    DocumentContent,
    DocumentList,
    LoginSessionList,
    Profile,
    TokenPair,
)

ANON_COOKIE = "anon_session"
Model = TypeVar("Model", bound=BaseModel)


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
# An optional endpoint that is not there: FastAPI answers 404 for an unknown path and 405 for a
# known path with another method.
_NOT_THERE = frozenset({404, 405})


class BackendClient:
    """The backend's API as typed methods; `capabilities` says which optional parts exist."""

    def __init__(
        self,
        base_url: str,
        prefix: str,
        timeout: float,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._prefix = prefix
        self._http = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )
        self._registry = CapabilityRegistry(self._discover)

    def close(self) -> None:
        self._http.close()

    @property
    def capabilities(self) -> Capabilities:
        return self._registry.current()

    # ---- required (CONTRACT section 0) ------------------------------------------------------

    def login(self, email: str, password: str, caller: Caller) -> TokenPair:
        form = {"username": email, "password": password}
        return _token_pair(self._request("POST", "/auth/login", caller, data=form))

    def register(self, email: str, password: str, caller: Caller) -> TokenPair:
        body = {"email": email, "password": password}
        return _token_pair(self._request("POST", "/auth/register", caller, json=body))

    def refresh(self, refresh_token: str) -> TokenPair:
        body = {"refresh_token": refresh_token}
        return _token_pair(self._request("POST", "/auth/refresh", Caller(), json=body))

    def logout(self, access_token: str, refresh_token: str | None = None) -> None:
        """Any 2xx is success: the seed's backend answers 200 with a body, the stub 204."""
        body = {"refresh_token": refresh_token} if refresh_token else None
        self._request("POST", "/auth/logout", Caller(access_token=access_token), json=body)

    # ---- optional ---------------------------------------------------------------------------

    def me(self, access_token: str) -> Profile:
        response = self._request("GET", "/auth/me", Caller(access_token), capability="me")
        return _parse(Profile, response)

    def logout_all(self, access_token: str) -> None:
        self._request("POST", "/auth/logout-all", Caller(access_token), capability="logout_all")

    def session(self, caller: Caller) -> dict[str, Any]:
        response = self._request("GET", "/session", caller, capability="anonymous_sessions")
        body = _json(response)
        if not isinstance(body, dict):
            raise _unusable(response)
        return body

    def list_documents(self, caller: Caller) -> list[Document]:
        response = self._request("GET", "/documents", caller, capability="documents")
        return list(_parse(DocumentList, response).items)

    def upload_document(
        self, caller: Caller, filename: str, content: bytes, content_type: str
    ) -> Document:
        files = {"file": (filename, content, content_type or "application/octet-stream")}
        response = self._request("POST", "/documents", caller, files=files, capability="documents")
        return _parse(Document, response)

    def document_content(self, caller: Caller, document_id: str) -> DocumentContent:
        response = self._request("GET", f"/documents/{document_id}/content", caller)
        return DocumentContent(
            response.content,
            response.headers.get("content-type", "application/octet-stream"),
            response.headers.get("content-disposition"),
        )

    def delete_document(self, caller: Caller, document_id: str) -> None:
        self._request("DELETE", f"/documents/{document_id}", caller)

    def change_password(self, access_token: str, current: str, new: str) -> None:
        body = {"current_password": current, "new_password": new}
        self._request(
            "POST",
            "/auth/change-password",
            Caller(access_token),
            json=body,
            capability="change_password",
        )

    def request_password_reset(self, email: str) -> None:
        body = {"email": email}
        self._request(
            "POST", "/auth/password-reset/request", Caller(), json=body, capability="password_reset"
        )

    def confirm_password_reset(self, token: str, new_password: str) -> None:
        body = {"token": token, "new_password": new_password}
        self._request(
            "POST", "/auth/password-reset/confirm", Caller(), json=body, capability="password_reset"
        )

    def list_sessions(self, access_token: str) -> LoginSessionList:
        response = self._request(
            "GET", "/auth/sessions", Caller(access_token), capability="sessions"
        )
        return _parse(LoginSessionList, response)

    def revoke_session(self, access_token: str, sid: str) -> None:
        self._request("DELETE", f"/auth/sessions/{sid}", Caller(access_token))

    # ---- transport --------------------------------------------------------------------------

    def _discover(self) -> Capabilities | None:
        """The backend's OpenAPI document (FastAPI serves it at /openapi.json), if it has one."""
        try:
            response = self._http.get("/openapi.json")
            document = response.json() if response.is_success else None
        except (httpx.HTTPError, ValueError):
            return None
        return from_openapi(document, self._prefix) if isinstance(document, dict) else None

    def _request(
        self,
        method: str,
        path: str,
        caller: Caller,
        *,
        capability: str | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        if capability is not None and not getattr(self.capabilities, capability):
            raise NotOffered(capability, MISSING[capability])
        try:
            response = self._http.request(
                method, self._prefix + path, headers=caller.headers(), **kwargs
            )
        except httpx.TimeoutException as error:
            raise BackendUnavailable("The server took too long to answer.") from error
        except httpx.TransportError as error:
            raise BackendUnavailable("The server cannot be reached.") from error
        issued = response.cookies.get(ANON_COOKIE)
        if issued:
            caller.anon_session = issued
        if response.is_success:
            return response
        if capability is not None and response.status_code in _NOT_THERE:
            self._registry.mark_missing(capability)
            raise NotOffered(capability, MISSING[capability])
        raise _error_for(response)


def _error_for(response: httpx.Response) -> BackendError:
    status = response.status_code
    detail = _detail_sentence(response)
    if status == 429:
        return RateLimited(detail, _retry_after(response))
    if status >= 500:
        return ServerError(f"The server had a problem (HTTP {status}).", status)
    return _ERRORS_BY_STATUS.get(status, BackendError)(detail, status)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _detail_sentence(response: httpx.Response) -> str:
    """The backend's own sentence, or FastAPI's validation list joined into one."""
    body = _json(response)
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str) and detail.strip():
        return detail.strip()[:300]
    if isinstance(detail, list):
        messages = [str(item.get("msg", "")) for item in detail if isinstance(item, dict)]
        joined = " ".join(_sentence(message) for message in messages if message)
        if joined:
            return joined[:300]
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


def _unusable(response: httpx.Response) -> UnusableAnswer:
    return UnusableAnswer(
        "The server sent an answer the app cannot read.", status=response.status_code
    )


def _parse(model: type[Model], response: httpx.Response) -> Model:
    try:
        return model.model_validate(_json(response))
    except ValidationError as error:
        raise _unusable(response) from error


def _server_time(response: httpx.Response) -> float | None:
    """The backend's clock from the `Date` header; a proxy in between may have added its own,
    so the first one (the origin's, in the order headers are passed on) that parses wins."""
    for value in response.headers.get_list("date"):
        try:
            return parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError):
            continue
    return None


def _token_pair(response: httpx.Response) -> TokenPair:
    pair = _parse(TokenPair, response)
    return pair.model_copy(update={"server_time": _server_time(response)})
